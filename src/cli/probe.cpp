// `archcalc probe`: measures peak fp32 throughput and memory bandwidth and
// writes the machine profile that `analyze --machine` and `run --machine` read.
#include <fmt/format.h>

#include <thread>

#include "cli/cli.hpp"
#include "exec/probe.hpp"
#include "io/machine.hpp"

namespace archcalc::cli {

void add_probe(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string output;
    exec::ProbeOptions probe;
  };
  auto opts = std::make_shared<Opts>();
  opts->probe.threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  CLI::App* sub =
      app.add_subcommand("probe", "Measure peak fp32 throughput and memory bandwidth (roofline)");
  sub->add_option("--threads", opts->probe.threads, "threads to measure with (default: all CPUs)")
      ->check(CLI::Range(1, 1024));
  sub->add_option("--repeat", opts->probe.repeat, "measurements of each figure; the best is kept")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  sub->footer(
      "Example:\n  archcalc probe -o machine.json && archcalc analyze resnet50 --machine "
      "machine.json");
  sub->add_option("--output,-o", opts->output,
                  "write the profile (JSON) to this file instead of standard output");
  sub->callback([opts, &ctx] {
    const Machine m = exec::probe_machine(opts->probe);
    write_output(opts->output, machine_json(m).dump(2) + "\n", ctx);
    if (!opts->output.empty() && opts->output != "-") {
      ctx.out << fmt::format("{}: peak {:.2f} GFLOP/s, bandwidth {:.2f} GB/s at {} thread{}\n",
                             opts->output, m.peak_flops / 1e9, m.bandwidth / 1e9, m.threads,
                             m.threads == 1 ? "" : "s");
    }
  });
}

}  // namespace archcalc::cli
