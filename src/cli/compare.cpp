#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <set>

#include "cli/cli.hpp"
#include "cli/run_options.hpp"
#include "compare/compare.hpp"
#include "io/loader.hpp"

namespace archcalc::cli {

namespace {

// The top-level parameters `path` declares; empty when it cannot be read
// (loading it later reports why).
std::set<std::string> declared_params(const std::string& path) {
  std::set<std::string> names;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) ||
      std::filesystem::file_size(path, ec) > LoadLimits::kMaxFileBytes || ec) {
    return names;
  }
  try {
    const YAML::Node root = YAML::LoadFile(path);
    if (!root.IsMap()) return names;
    const YAML::Node params = root["params"];
    if (!params.IsDefined() || !params.IsMap()) return names;
    for (const auto& kv : params) names.insert(kv.first.Scalar());
  } catch (const YAML::Exception&) {
  }
  return names;
}

struct Subject {
  std::string label, file, block;  // "FILE#block" → FILE, block
  std::vector<std::string> sets;
};

Subject parse_subject(const std::string& text) {
  Subject s;
  s.label = s.file = text;
  auto hash = text.rfind('#');
  if (hash != std::string::npos) {
    s.file = text.substr(0, hash);
    s.block = text.substr(hash + 1);
    if (s.file.empty() || s.block.empty()) {
      throw CLI::ValidationError("compare", "expected FILE or FILE#BLOCK, got '" + text + "'");
    }
  }
  return s;
}

int subject_block(const Network& net, const Subject& s) {
  if (s.block.empty()) return 0;
  int b = find_block(net, s.block);
  if (b < 0) {
    std::vector<std::string> names;
    for (std::size_t i = 1; i < net.blocks.size(); ++i) names.push_back(net.blocks[i].name);
    std::string close = closest_match(s.block, names);
    throw InputError(SourcePos{s.file, 0, 0},
                     "no block instance '" + s.block + "' in " + net.name +
                         (close.empty() ? (names.empty() ? " (it has no blocks)" : "")
                                        : "; did you mean '" + close + "'?"));
  }
  return b;
}

// Median seconds of every layer of `net`, run as `opts` says.
LayerTimes measure(const Network& net, const exec::RunOptions& opts, ProgressLine& progress) {
  LayerTimes t;
  for (const exec::LayerRun& l : run_with_progress(net, opts, progress).layers) {
    t[l.name] = l.seconds.median;
  }
  return t;
}

std::string run_setup(const exec::RunOptions& o) {
  return fmt::format("backend {} · {} thread{} · median of {} pass{} after {} warm-up · seed {}",
                     o.backend, o.threads, o.threads == 1 ? "" : "s", o.repeat,
                     o.repeat == 1 ? "" : "es", o.warmup, o.seed);
}

}  // namespace

void add_compare(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string a, b, format = "table", mode = "inference", output;
    std::vector<std::string> sets, sets_a, sets_b;
    int depth = -1;
    bool units = false, run = false;
    RunCli exec;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* sub = app.add_subcommand(
      "compare", "Two networks or blocks side by side, in total and layer by layer");
  add_import_flags(sub, ctx);
  sub->add_option("a", opts->a,
                  "A: a network file (.yaml, .prototxt or .onnx) or bundled network's name, or "
                  "FILE#BLOCK for one block instance")
      ->required();
  sub->add_option("b", opts->b, "B: a network file, or FILE#BLOCK")->required();
  sub->add_option("--format,-f", opts->format, "table, json or markdown")
      ->check(CLI::IsMember({"table", "json", "markdown"}))
      ->capture_default_str();
  sub->add_option("--depth", opts->depth,
                  "fold blocks nested deeper than N below each side into one row")
      ->check(CLI::Range(0, 1000));
  sub->add_option("--mode", opts->mode, "inference, or training to include training-only layers")
      ->check(CLI::IsMember({"inference", "training"}))
      ->capture_default_str();
  sub->footer(
      "Examples:\n"
      "  archcalc compare architectures/modules/inception_naive.yaml "
      "architectures/modules/inception_reduced.yaml\n"
      "  archcalc compare googlenet#inception_3a googlenet#inception_5b\n"
      "  archcalc compare resnet50 resnet50_v1 --depth 1 --run");
  sub->add_option("--set", opts->sets,
                  "NAME=VALUE for every side whose file declares NAME (repeatable)");
  sub->add_option("--set-a", opts->sets_a, "NAME=VALUE for A only (repeatable)");
  sub->add_option("--set-b", opts->sets_b, "NAME=VALUE for B only (repeatable)");
  sub->add_flag("--units", opts->units, "K/M/G units instead of exact figures");
  sub->add_option("--output,-o", opts->output, "write to this file instead of standard output");
  sub->add_flag("--run", opts->run,
                "also run both networks (batch 1, inference) and set measured times beside the "
                "counts");
  add_run_options(sub, opts->exec);
  sub->callback([opts, &ctx] {
    if (opts->run && opts->mode == "training") {
      throw CLI::ValidationError("--run", "measures inference only; leave out --mode training");
    }
    auto progress = std::make_shared<ProgressLine>(ctx.err);
    exec::RunOptions run = run_options(opts->exec, ctx, progress);
    Subject a = parse_subject(opts->a), b = parse_subject(opts->b);
    std::set<std::string> in_a, in_b;
    if (!opts->sets.empty()) {
      in_a = declared_params(resolve_network(a.file));
      in_b = declared_params(resolve_network(b.file));
    }
    for (const auto& s : opts->sets) {
      std::string name = split_set(s).first;
      bool to_a = in_a.count(name) > 0, to_b = in_b.count(name) > 0;
      // Declared by neither: the loader says so, with the parameters A has.
      if (to_a || !to_b) a.sets.push_back(s);
      if (to_b) b.sets.push_back(s);
    }
    a.sets.insert(a.sets.end(), opts->sets_a.begin(), opts->sets_a.end());
    b.sets.insert(b.sets.end(), opts->sets_b.begin(), opts->sets_b.end());
    Network na = load_analyzed(a.file, a.sets, ctx);
    Network nb = load_analyzed(b.file, b.sets, ctx);
    int ba = subject_block(na, a), bb = subject_block(nb, b);
    CompareOptions co;
    co.depth = opts->depth;
    co.training = opts->mode == "training";
    std::string text;
    try {
      Comparison c = compare(na, ba, a.label, nb, bb, b.label, co);
      if (opts->run) {
        LayerTimes ta = measure(na, run, *progress);  // A first, then B
        LayerTimes tb = measure(nb, run, *progress);
        attach_timing(c, ta, tb, run_setup(run));
      }
      if (opts->format == "json")
        text = compare_json(c).dump(2) + "\n";
      else if (opts->format == "markdown")
        text = compare_markdown(c, opts->units);
      else
        text = compare_table(c, opts->units);
    } catch (const OpError& e) {
      throw InputError(SourcePos{b.file, 0, 0}, e.what());
    }
    write_output(opts->output, text, ctx);
  });
}

}  // namespace archcalc::cli
