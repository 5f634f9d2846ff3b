#include <filesystem>

#include "cli/cli.hpp"
#include "cli/report_page.hpp"
#include "emit/dot.hpp"
#include "emit/html.hpp"
#include "io/run_times.hpp"
#include "passes/liveness.hpp"
#include "report/baseline.hpp"

namespace archcalc::cli {

namespace fs = std::filesystem;

namespace {

struct ReportArgs {
  std::string path, output, format, mode = "inference", run;
  std::vector<std::string> sets;
  int diagram_depth = 1;
  bool units = false;
};

// `archcalc report DIR -o OUT`: the baselines of every network under DIR.
void report_zoo(const ReportArgs& a, Context& ctx) {
  if (a.output.empty() || a.output == "-") {
    throw CLI::ValidationError("--output", "a directory is required to report a directory");
  }
  if (!a.sets.empty() || !a.run.empty() || a.mode != "inference" || a.units) {
    throw CLI::ValidationError("report",
                               "baselines are made without --set, --run, --mode or --units");
  }
  BaselineOptions bo;
  bo.diagram_depth = a.diagram_depth;
  std::vector<ZooNetwork> networks;
  for (ZooEntry& e : find_networks(a.path)) {
    Network net = load_analyzed(e.file.string(), {}, ctx);
    networks.push_back(ZooNetwork{std::move(e), std::move(net)});
  }
  WriteResult r = write_zoo_baselines(a.path, a.output, networks, bo);
  ctx.out << "archcalc report: " << networks.size() << " networks, " << r.written.size()
          << " files written to " << a.output;
  if (!r.deleted.empty()) ctx.out << ", " << r.deleted.size() << " stale files deleted";
  ctx.out << "\n";
}

// `archcalc report FILE --format html`: one page.
void report_file(const ReportArgs& a, Context& ctx) {
  Network net = load_analyzed(a.path, a.sets, ctx);
  std::optional<MeasuredTimes> run;
  if (!a.run.empty()) {
    run = read_measured_times(a.run);
    if (run->model != net.name) {
      throw InputError(SourcePos{a.run, 0, 0},
                       "the run is of model '" + run->model + "', not '" + net.name + "'");
    }
  }
  ReportPage page;
  page.training = a.mode == "training";
  page.units = a.units;
  page.diagram_depth = a.diagram_depth;
  page.run = run ? &*run : nullptr;
  write_output(a.output, report_page(net, page, a.path), ctx);
}

}  // namespace

std::string report_page(const Network& net, const ReportPage& page, const std::string& path) {
  HtmlOptions h;
  h.report.training = page.training;
  h.report.units = page.units;
  h.run = page.run;
  DiagramOptions d;
  d.depth = page.diagram_depth;
  d.training = h.report.training;
  d.color = DiagramColor::kMacs;
  DiagramPlan plan = plan_diagram(net, d);
  h.diagram_nodes = diagram_node_ids(net, plan);
  if (!h.report.training) {
    std::vector<Vertex> steps = inference_steps(net);
    std::vector<Count> live = live_elements(net, h.report.in_place);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      h.live.emplace_back(net.layer(steps[i]).name, live[i]);
    }
  }
  try {
    h.diagram_svg = render_graphviz(emit_dot(net, d, plan), "svg");
  } catch (const std::runtime_error& err) {
    throw InputError(SourcePos{path, 0, 0}, err.what());
  }
  return emit_html(net, h);
}

void add_report(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ReportArgs>();
  CLI::App* sub = app.add_subcommand(
      "report", "Baselines of a folder of networks, or one network's HTML report");
  add_import_flags(sub, ctx);
  sub->add_option("path", a->path,
                  "a directory of network files (*.yaml), or one network file (.yaml, "
                  ".prototxt or .onnx)")
      ->required();
  sub->add_option("--output,-o", a->output,
                  "the baseline directory (for a directory), or the HTML file (default: "
                  "standard output)");
  sub->add_option("--format,-f", a->format,
                  "baseline (for a directory: the default) or html (for a file: the default)")
      ->check(CLI::IsMember({"baseline", "html"}));
  sub->add_option("--run", a->run,
                  "an `archcalc run --format json` result: measured times beside predicted");
  sub->add_option("--mode", a->mode, "inference, or training to include training-only layers")
      ->check(CLI::IsMember({"inference", "training"}))
      ->capture_default_str();
  sub->footer(
      "Examples:\n"
      "  archcalc report architectures/ -o reports/\n"
      "  archcalc report architectures/googlenet.yaml --format html -o googlenet.html");
  sub->add_option("--diagram-depth", a->diagram_depth,
                  "fold blocks nested deeper than N in the diagram")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  sub->add_option("--set", a->sets, "override a top-level parameter: NAME=VALUE (repeatable)");
  sub->add_flag("--units", a->units, "K/M/G units instead of exact figures in the table");
  sub->callback([a, &ctx] {
    std::error_code ec;
    bool dir = fs::is_directory(a->path, ec);
    std::string format = a->format.empty() ? (dir ? "baseline" : "html") : a->format;
    if (dir && format != "baseline") {
      throw CLI::ValidationError("--format",
                                 "a directory is reported as baselines; give one "
                                 "network file for --format html");
    }
    if (!dir && format != "html") {
      throw CLI::ValidationError("--format", "baselines are made of a directory of networks");
    }
    if (dir) {
      report_zoo(*a, ctx);
    } else {
      report_file(*a, ctx);
    }
  });
}

}  // namespace archcalc::cli
