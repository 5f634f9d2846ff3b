// `archcalc run FILE`: runs the network through a backend's kernels and
// prints measured per-layer times beside the counted MACs.
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <memory>

#include "cli/cli.hpp"
#include "exec/backend.hpp"
#include "exec/executor.hpp"
#include "exec/run_report.hpp"

namespace archcalc::cli {

namespace {

// A progress line redrawn on stderr at most ten times a second.
class ProgressLine {
 public:
  explicit ProgressLine(std::ostream& err) : err_(err) {}
  void operator()(const exec::Progress& p) {
    if (p.elapsed - last_ < 0.1 && drawn_) return;
    last_ = p.elapsed;
    drawn_ = true;
    err_ << fmt::format("\rrun: pass {} of {} · layer {} of {} · {:.1f} s\x1b[K", p.pass, p.passes,
                        p.layer, p.layers, p.elapsed)
         << std::flush;
  }
  void clear() {
    if (drawn_) err_ << "\r\x1b[K" << std::flush;
  }

 private:
  std::ostream& err_;
  double last_ = 0;
  bool drawn_ = false;
};

}  // namespace

void add_run(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string file, format = "table", output, max_memory;
    std::vector<std::string> sets;
    exec::RunOptions run;
  };
  auto opts = std::make_shared<Opts>();
  exec::RunOptions& ro = opts->run;
  CLI::App* sub = app.add_subcommand("run", "Run the network on this machine and time every layer");
  sub->add_option("file", opts->file, "network file (.yaml)")->required();
  sub->add_option("--backend", ro.backend, "kernels to run: reference")
      ->check(CLI::IsMember(exec::backend_names()));
  sub->add_option("--threads", ro.threads, "threads for conv and fc (split by output channel)")
      ->check(CLI::Range(1, 1024));
  sub->add_option("--repeat", ro.repeat, "timed forward passes (default 10)")
      ->check(CLI::Range(1, 1000000));
  sub->add_option("--warmup", ro.warmup, "untimed passes first (default 2)")
      ->check(CLI::Range(0, 1000000));
  sub->add_option("--batch", ro.batch, "batch size (default 1)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 30));
  sub->add_option("--seed", ro.seed, "seed for weights and input not read from files");
  sub->add_option("--max-memory", opts->max_memory,
                  "refuse runs needing more: bytes, or 512M, 4G (default: half of RAM)");
  sub->add_option("--load-weights", ro.load_weights, "read every parameter from DIR/*.npy");
  sub->add_option("--save-weights", ro.save_weights, "write every parameter to DIR/*.npy");
  sub->add_option("--input", ro.input, "read the input from FILE.npy (float32, C order)");
  sub->add_option("--save-output", ro.save_output, "write the output to FILE.npy");
  sub->add_option("--format,-f", opts->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  sub->add_option("--set", opts->sets, "override a top-level parameter: NAME=VALUE (repeatable)");
  sub->add_option("--output,-o", opts->output, "write to this file instead of standard output");
  sub->callback([opts, &ctx] {
    exec::RunOptions run = opts->run;
    if (!opts->max_memory.empty()) {
      auto bytes = exec::parse_bytes(opts->max_memory);
      if (!bytes || *bytes == 0) {
        throw CLI::ValidationError(
            "--max-memory",
            "expects bytes such as 1073741824, 512M or 4G, got '" + opts->max_memory + "'");
      }
      run.max_memory = *bytes;
    }
    Network net = load_analyzed(opts->file, opts->sets, ctx);
    auto progress = std::make_shared<ProgressLine>(ctx.err);
    if (&ctx.err == &std::cerr && isatty(STDERR_FILENO)) {
      run.progress = [progress](const exec::Progress& p) { (*progress)(p); };
    }
    exec::RunResult result;
    try {
      result = exec::run_network(net, run);
    } catch (...) {
      progress->clear();
      throw;
    }
    progress->clear();
    std::string text;
    if (opts->format == "json")
      text = exec::run_json(result).dump(2) + "\n";
    else if (opts->format == "csv")
      text = exec::emit_run_csv(result);
    else
      text = exec::emit_run_table(result);
    write_output(opts->output, text, ctx);
  });
}

}  // namespace archcalc::cli
