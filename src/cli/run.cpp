// `archcalc run FILE`: runs the network through a backend's kernels and
// prints measured per-layer times beside the counted MACs.
#include <memory>

#include "cli/cli.hpp"
#include "cli/run_options.hpp"
#include "emit_run/run_report.hpp"
#include "emit_run/run_roofline.hpp"
#include "io/machine.hpp"
#include "passes/roofline.hpp"

namespace archcalc::cli {

void add_run(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string file, format = "table", output, machine;
    std::vector<std::string> sets;
    RunCli run;
  };
  auto opts = std::make_shared<Opts>();
  exec::RunOptions& ro = opts->run.run;
  CLI::App* sub = app.add_subcommand("run", "Run the network on this machine and time every layer");
  add_import_flags(sub, ctx);
  sub->add_option("file", opts->file,
                  "network file (.yaml, .prototxt or .onnx), or a bundled network's name")
      ->required();
  sub->footer(
      "Examples:\n"
      "  archcalc run architectures/googlenet.yaml --repeat 5 --warmup 1\n"
      "  archcalc run resnet50 --backend onednn --threads 2 --format json -o resnet50.run.json");
  add_run_options(sub, opts->run);
  sub->add_option("--batch", ro.batch, "batch size (default 1)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 30));
  sub->add_option("--load-weights", ro.load_weights, "read every parameter from DIR/*.npy");
  sub->add_option("--save-weights", ro.save_weights, "write every parameter to DIR/*.npy");
  sub->add_option("--input", ro.input, "read the input from FILE.npy (float32, C order)");
  sub->add_option("--save-output", ro.save_output, "write the output to FILE.npy");
  sub->add_option("--format,-f", opts->format, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  sub->add_option("--machine", opts->machine,
                  "machine profile (archcalc probe): predicted time beside measured, % of peak");
  sub->add_option("--set", opts->sets, "override a top-level parameter: NAME=VALUE (repeatable)");
  sub->add_option("--output,-o", opts->output, "write to this file instead of standard output");
  sub->callback([opts, &ctx] {
    auto progress = std::make_shared<ProgressLine>(ctx.err);
    exec::RunOptions run = run_options(opts->run, ctx, progress);
    if (!opts->machine.empty() && opts->format == "csv") {
      throw CLI::ValidationError("--machine", "works with --format table or json");
    }
    Network net = load_analyzed(opts->file, opts->sets, ctx);
    if (!opts->machine.empty()) {
      roofline_pass(net, read_machine(opts->machine), static_cast<Count>(run.batch));
    }
    exec::RunResult result = run_with_progress(net, run, *progress);
    std::string text;
    if (opts->format == "json") {
      auto j = exec::run_json(result);
      if (net.machine) j["roofline"] = exec::run_roofline_json(result, net);
      text = j.dump(2) + "\n";
    } else if (opts->format == "csv")
      text = exec::emit_run_csv(result);
    else
      text = exec::emit_run_table(result) +
             (net.machine ? "\n" + exec::emit_run_roofline(result, net) : "");
    write_output(opts->output, text, ctx);
  });
}

}  // namespace archcalc::cli
