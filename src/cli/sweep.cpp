#include "compare/sweep.hpp"
#include "cli/cli.hpp"

namespace archcalc::cli {

void add_sweep(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string file, format = "table", mode = "inference", output, plot;
    std::vector<std::string> sets;
    bool units = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* sub =
      app.add_subcommand("sweep", "Totals over a grid of values of a network's parameters");
  add_strict_flag(sub, ctx);
  sub->add_option("file", opts->file,
                  "network file (.yaml: the parameters --set varies are its `params:`)")
      ->required();
  sub->add_option("--set", opts->sets,
                  "NAME=V1,V2,... a top-level parameter and its values (repeatable; several "
                  "make a grid, the last varying fastest)")
      ->required();
  sub->add_option("--format,-f", opts->format, "table, csv, json or markdown")
      ->check(CLI::IsMember({"table", "csv", "json", "markdown"}));
  sub->add_option("--mode", opts->mode, "inference, or training to include training-only layers")
      ->check(CLI::IsMember({"inference", "training"}))
      ->capture_default_str();
  sub->footer(
      "Example:\n"
      "  archcalc sweep architectures/modules/inception_reduced.yaml --set reduce=8,16,32,64,128 "
      "--plot sweep.svg");
  sub->add_flag("--units", opts->units, "K/M/G units instead of exact figures");
  sub->add_option("--plot", opts->plot,
                  "also write OUT.svg: MACs and params against the first parameter");
  sub->add_option("--output,-o", opts->output, "write to this file instead of standard output");
  sub->callback([opts, &ctx] {
    if (!opts->plot.empty()) {
      auto dot = opts->plot.rfind('.');
      std::string ext = dot == std::string::npos ? "" : opts->plot.substr(dot);
      if (ext != ".svg" && ext != ".SVG") {
        throw InputError(SourcePos{opts->plot, 0, 0},
                         (ext.empty() ? std::string("the plot file has no extension")
                                      : "unknown plot extension '" + ext + "'") +
                             ": expected .svg");
      }
    }
    Sweep s;
    Diagnostics diag;
    try {
      std::vector<SweepAxis> axes;
      for (const auto& text : opts->sets) axes.push_back(parse_sweep_axis(text));
      s = run_sweep(resolve_network(opts->file), axes, opts->mode == "training", diag);
    } catch (const OpError& e) {
      report_warnings(diag.warnings(), ctx, false);
      throw InputError(SourcePos{opts->file, 0, 0}, e.what());
    } catch (...) {
      report_warnings(diag.warnings(), ctx, false);
      throw;
    }
    report_warnings(diag.warnings(), ctx, true);
    std::string text;
    if (opts->format == "json")
      text = sweep_json(s).dump(2) + "\n";
    else if (opts->format == "csv")
      text = sweep_csv(s);
    else if (opts->format == "markdown")
      text = sweep_markdown(s, opts->units);
    else
      text = sweep_table(s, opts->units);
    if (!opts->plot.empty()) write_output(opts->plot, sweep_plot_svg(s), ctx);
    write_output(opts->output, text, ctx);
  });
}

}  // namespace archcalc::cli
