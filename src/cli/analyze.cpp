#include "cli/cli.hpp"
#include "emit/report.hpp"
#include "emit/roofline.hpp"
#include "io/machine.hpp"
#include "passes/roofline.hpp"

namespace archcalc::cli {

void add_analyze(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string file, format = "table", mode = "inference", output, optimizer = "momentum", machine;
    std::vector<std::string> sets;
    int depth = -1;
    bool units = false, fields = false, in_place = false, compact = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* sub = app.add_subcommand("analyze", "Shapes, params, MACs and memory of every layer");
  add_import_flags(sub, ctx);
  add_counting_options(sub, ctx);
  sub->add_option("file", opts->file,
                  "network file (.yaml, .prototxt or .onnx), or a bundled network's name")
      ->required();
  sub->add_option("--format,-f", opts->format, "table, json, csv or markdown")
      ->check(CLI::IsMember({"table", "json", "csv", "markdown"}))
      ->capture_default_str();
  sub->add_option("--depth", opts->depth,
                  "fold blocks nested deeper than N into one row (0: top level only)")
      ->check(CLI::Range(0, 1000));
  sub->add_option("--mode", opts->mode,
                  "inference, or training: training-only layers and the training step")
      ->check(CLI::IsMember({"inference", "training"}))
      ->capture_default_str();
  sub->add_option("--set", opts->sets, "override a top-level parameter: NAME=VALUE (repeatable)");
  sub->add_flag("--units", opts->units, "K/M/G units instead of exact figures");
  sub->add_flag("--rf", opts->fields,
                "receptive-field columns: size, jump and start per axis, in input pixels");
  sub->add_flag("--compact", opts->compact,
                "table and markdown: leave out activation and dropout rows (totals keep them)");
  sub->add_flag("--in-place", opts->in_place,
                "peak memory with activations and dropout overwriting their input");
  sub->add_option("--optimizer", opts->optimizer,
                  "training memory: sgd, momentum or adam optimizer state")
      ->check(CLI::IsMember({"sgd", "momentum", "adam"}))
      ->capture_default_str();
  sub->add_option("--machine", opts->machine,
                  "machine profile (archcalc probe): add each layer's roofline prediction "
                  "(table and json)");
  sub->add_option("--output,-o", opts->output, "write to this file instead of standard output");
  sub->footer(
      "Examples:\n"
      "  archcalc analyze architectures/googlenet.yaml --depth 0\n"
      "  archcalc analyze resnet50 --input 3x160x160 --batch 8 --dtype fp16\n"
      "  archcalc analyze googlenet --mode training --optimizer adam\n"
      "  archcalc analyze net.onnx --allow-unknown --format json -o net.json\n"
      "  archcalc analyze net.yaml --strict          # exit 2 on any warning (for CI)");
  sub->callback([opts, &ctx] {
    if (!opts->machine.empty() && opts->format != "table" && opts->format != "json") {
      throw CLI::ValidationError("--machine", "works with --format table or json");
    }
    if (opts->compact && opts->format != "table" && opts->format != "markdown") {
      throw CLI::ValidationError("--compact",
                                 "works with --format table or markdown (json and csv keep "
                                 "every layer)");
    }
    Network net = load_analyzed(opts->file, opts->sets, ctx);
    if (!opts->machine.empty()) roofline_pass(net, read_machine(opts->machine));
    ReportOptions ro;
    ro.depth = opts->depth;
    ro.training = opts->mode == "training";
    ro.units = opts->units;
    ro.fields = opts->fields;
    ro.in_place = opts->in_place;
    ro.compact = opts->compact;
    ro.optimizer = opts->optimizer == "sgd"    ? Optimizer::kSgd
                   : opts->optimizer == "adam" ? Optimizer::kAdam
                                               : Optimizer::kMomentum;
    std::string text;
    if (opts->format == "json") {
      auto j = analysis_json(net, ro);
      if (net.machine) j["roofline"] = roofline_json(net);
      text = j.dump(2) + "\n";
    } else if (opts->format == "csv")
      text = emit_csv(net, ro);
    else if (opts->format == "markdown")
      text = emit_markdown(net, ro);
    else
      text = emit_table(net, ro) + (net.machine ? "\n" + emit_roofline_table(net) : "");
    write_output(opts->output, text, ctx);
  });
}

}  // namespace archcalc::cli
