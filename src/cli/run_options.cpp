#include "cli/run_options.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <iostream>

#include "exec/backend.hpp"

namespace archcalc::cli {

void ProgressLine::operator()(const exec::Progress& p) {
  if (p.elapsed - last_ < 0.1 && drawn_) return;
  last_ = p.elapsed;
  drawn_ = true;
  err_ << fmt::format("\rrun: pass {} of {} · layer {} of {} · {:.1f} s\x1b[K", p.pass, p.passes,
                      p.layer, p.layers, p.elapsed)
       << std::flush;
}

void ProgressLine::clear() {
  if (drawn_) err_ << "\r\x1b[K" << std::flush;
  drawn_ = false;
  last_ = 0;
}

void add_run_options(CLI::App* sub, RunCli& o) {
  exec::RunOptions& ro = o.run;
  sub->add_option(
         "--backend", ro.backend,
         "kernels to run: " +
             [] {
               std::string names;
               for (const auto& n : exec::backend_names()) names += (names.empty() ? "" : ", ") + n;
               return names;
             }())
      ->check(CLI::Validator([](std::string& name) { return exec::missing_backend(name); }, ""))
      ->check(CLI::IsMember(exec::backend_names()));
  sub->add_option("--threads", ro.threads, "threads the kernels may use (default 1)")
      ->check(CLI::Range(1, 1024));
  sub->add_option("--repeat", ro.repeat, "timed forward passes (default 10)")
      ->check(CLI::Range(1, 1000000));
  sub->add_option("--warmup", ro.warmup, "untimed passes first (default 2)")
      ->check(CLI::Range(0, 1000000));
  sub->add_option("--seed", ro.seed, "seed for weights and input not read from files");
  sub->add_option("--max-memory", o.max_memory,
                  "refuse runs needing more: bytes, or 512M, 4G (default: half of RAM)");
}

exec::RunOptions run_options(const RunCli& o, Context& ctx,
                             const std::shared_ptr<ProgressLine>& progress) {
  exec::RunOptions run = o.run;
  if (!o.max_memory.empty()) {
    auto bytes = exec::parse_bytes(o.max_memory);
    if (!bytes || *bytes == 0) {
      throw CLI::ValidationError(
          "--max-memory",
          "expects bytes such as 1073741824, 512M or 4G, got '" + o.max_memory + "'");
    }
    run.max_memory = *bytes;
  }
  if (&ctx.err == &std::cerr && isatty(STDERR_FILENO)) {
    run.progress = [progress](const exec::Progress& p) { (*progress)(p); };
  }
  return run;
}

exec::RunResult run_with_progress(const Network& net, const exec::RunOptions& opts,
                                  ProgressLine& progress) {
  try {
    exec::RunResult r = exec::run_network(net, opts);
    progress.clear();
    return r;
  } catch (...) {
    progress.clear();
    throw;
  }
}

}  // namespace archcalc::cli
