// The options `run` and `compare --run` share: backend, threads, passes, seed
// and the memory limit, and the progress line drawn while a run goes on.
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <memory>
#include <string>

#include "cli/cli.hpp"
#include "exec/executor.hpp"

namespace archcalc::cli {

// A progress line redrawn on stderr at most ten times a second.
class ProgressLine {
 public:
  explicit ProgressLine(std::ostream& err) : err_(err) {}
  void operator()(const exec::Progress& p);
  // Erases the line, if one was drawn.
  void clear();

 private:
  std::ostream& err_;
  double last_ = 0;
  bool drawn_ = false;
};

// What the shared options hold once parsed.
struct RunCli {
  exec::RunOptions run;
  std::string max_memory;  // as typed: bytes, 512M, 4G; empty: the default limit
};

// Registers --backend, --threads, --repeat, --warmup, --seed and --max-memory on `sub`.
void add_run_options(CLI::App* sub, RunCli& o);

// The run options `o` stands for, with --max-memory parsed (a usage error when
// malformed) and, when ctx.err is a terminal, `progress` wired in.
exec::RunOptions run_options(const RunCli& o, Context& ctx,
                             const std::shared_ptr<ProgressLine>& progress);

// Runs `net` with `opts`, clearing the progress line however it ends.
exec::RunResult run_with_progress(const Network& net, const exec::RunOptions& opts,
                                  ProgressLine& progress);

}  // namespace archcalc::cli
