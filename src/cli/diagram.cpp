#include <algorithm>
#include <cctype>

#include "cli/cli.hpp"
#include "emit/diagram_graph.hpp"
#include "emit/dot.hpp"

namespace archcalc::cli {

namespace {

// Graphviz's layout time grows faster than linearly: past this many nodes a
// rendering would take minutes to hours.
constexpr std::size_t kMaxRenderedNodes = 5000;

// The format an output path asks for: "dot", "svg", "png" or "pdf".
std::string output_format(const std::string& path) {
  if (path.empty() || path == "-") return "dot";
  auto slash = path.rfind('/');
  auto dot = path.rfind('.');
  std::string ext = dot == std::string::npos || (slash != std::string::npos && dot < slash)
                        ? ""
                        : path.substr(dot);
  std::string lower = ext;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == ".dot" || lower == ".gv") return "dot";
  if (lower == ".svg" || lower == ".png" || lower == ".pdf") return lower.substr(1);
  throw InputError(SourcePos{path, 0, 0},
                   (ext.empty() ? std::string("the output file has no extension")
                                : "unknown output extension '" + ext + "'") +
                       ": expected .svg, .png, .pdf or .dot");
}

}  // namespace

void add_diagram(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string file, output, color = "none", rankdir = "TB", mode = "inference";
    std::vector<std::string> sets;
    int depth = 0;
    int dpi = 0;
    bool no_fold = false, units = false, compact = false, full = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* sub =
      app.add_subcommand("diagram", "Draw the network: a node per layer, blocks as clusters");
  add_import_flags(sub, ctx);
  sub->add_option("file", opts->file,
                  "network file (.yaml, .prototxt or .onnx), or a bundled network's name")
      ->required();
  sub->add_option("--output,-o", opts->output,
                  "OUT.svg, .png or .pdf (rendered with Graphviz) or .dot (the source); "
                  "default: DOT on standard output");
  sub->add_option("--depth", opts->depth,
                  "fold blocks nested deeper than N into one node (0: top level only); "
                  "default: the deepest that stays readable")
      ->check(CLI::Range(0, 1000));
  auto* compact = sub->add_flag(
      "--compact", opts->compact,
      "draw batch norms and activations inside the node of their input, no shapes on edges "
      "(the default for networks of more than 50 layers)");
  sub->add_flag("--no-compact", opts->full, "a node for every layer, shapes on edges")
      ->excludes(compact);
  sub->add_option("--dpi", opts->dpi, "PNG resolution in dots per inch (default 96)")
      ->check(CLI::Range(24, 600));
  sub->add_option("--color", opts->color,
                  "shade nodes by their share of the total: macs, params, memory (activation "
                  "bytes) or none")
      ->capture_default_str();
  sub->add_option("--rankdir", opts->rankdir, "TB (top to bottom) or LR (left to right)")
      ->capture_default_str();
  sub->footer(
      "Examples:\n"
      "  archcalc diagram architectures/googlenet.yaml -o googlenet.svg\n"
      "  archcalc diagram resnet50 --depth 1 --color macs -o resnet50.png\n"
      "  archcalc diagram net.prototxt --rankdir LR -o net.pdf");
  sub->add_option("--mode", opts->mode,
                  "inference (default: training-only layers left out) or training (drawn dashed)")
      ->check(CLI::IsMember({"inference", "training"}));
  sub->add_flag("--no-fold", opts->no_fold,
                "keep a chain of identical folded blocks as separate nodes (default: one node ×N)");
  sub->add_flag("--units", opts->units, "K/M/G units instead of exact figures");
  sub->add_option("--set", opts->sets, "override a top-level parameter: NAME=VALUE (repeatable)");
  sub->callback([opts, sub, &ctx] {
    auto color = parse_diagram_color(opts->color);
    if (!color) {
      throw CLI::ValidationError(
          "--color", "expected macs, params, memory or none, got '" + opts->color + "'");
    }
    if (opts->rankdir != "TB" && opts->rankdir != "LR") {
      throw CLI::ValidationError("--rankdir", "expected TB or LR, got '" + opts->rankdir + "'");
    }
    std::string format = output_format(opts->output);
    Network net = load_analyzed(opts->file, opts->sets, ctx);
    DiagramOptions d;
    if (sub->count("--depth") > 0) d.depth = opts->depth;
    d.training = opts->mode == "training";
    d.fold_repeats = !opts->no_fold;
    d.color = *color;
    d.left_to_right = opts->rankdir == "LR";
    d.units = opts->units;
    if (opts->compact || opts->full) d.compact = opts->compact;
    d.dpi = opts->dpi;
    DiagramPlan plan = plan_diagram(net, d);
    if (!plan.note.empty()) ctx.err << opts->file << ": note: " << plan.note << "\n";
    std::string text = emit_dot(net, d, plan);
    if (format != "dot") {
      std::size_t nodes = build_diagram_graph(net, plan.shape).nodes.size();
      if (nodes > kMaxRenderedNodes) {
        throw InputError(SourcePos{opts->output, 0, 0},
                         std::to_string(nodes) + " nodes are too many to lay out (at most " +
                             std::to_string(kMaxRenderedNodes) +
                             "): fold blocks with --depth, or write the .dot source");
      }
      try {
        text = render_graphviz(text, format);
      } catch (const std::runtime_error& e) {
        throw InputError(SourcePos{opts->output, 0, 0}, e.what());
      }
    }
    write_output(opts->output, text, ctx);
  });
}

}  // namespace archcalc::cli
