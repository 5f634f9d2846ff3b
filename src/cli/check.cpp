#include <fmt/format.h>

#include <set>

#include "cli/check_output.hpp"
#include "cli/cli.hpp"
#include "report/baseline.hpp"
#include "report/diff.hpp"

namespace archcalc::cli {

namespace {

struct CheckArgs {
  std::string dir = "architectures", baseline = "reports", format = "text";
  double tolerance = 0;
  int limit = 20;
  bool update = false;
};

// Where in its file a difference points: the layer's or block's line, else 0.
int difference_line(const Network& net, const Difference& d) {
  auto named = [&](const char* prefix) -> std::string {
    return d.where.rfind(prefix, 0) == 0 ? d.where.substr(std::string(prefix).size()) : "";
  };
  if (std::string layer = named("layer "); !layer.empty()) {
    for (Vertex v : net.order) {
      if (net.layer(v).name == layer) return net.layer(v).pos.line;
    }
  }
  if (std::string block = named("block "); !block.empty()) {
    for (const BlockInstance& b : net.blocks) {
      if (b.name == block) return b.pos.line;
    }
  }
  return 0;
}

void check(const CheckArgs& a, Context& ctx) {
  if (!(a.tolerance >= 0)) throw CLI::ValidationError("--tolerance", "must be a number >= 0");
  std::vector<ZooNetwork> networks;
  std::map<std::string, nlohmann::ordered_json> now;
  CheckResult result;
  ctx.warnings = &result.warnings;
  for (ZooEntry& e : find_networks(a.dir)) {
    Network net = load_analyzed(e.file.string(), {}, ctx);
    now[e.rel] = baseline_json(net, e.label);
    networks.push_back(ZooNetwork{std::move(e), std::move(net)});
  }
  ctx.warnings = nullptr;
  DiffOptions opts;
  opts.tolerance = a.tolerance;
  std::map<std::string, nlohmann::ordered_json> before = read_baselines(a.baseline);
  for (Difference& d : diff_report_sets(before, now, opts)) {
    CheckedDifference c{std::move(d), "", 0};
    for (const ZooNetwork& z : networks) {
      if (z.entry.rel == c.diff.network) {
        c.file = z.entry.file.string();
        c.line = difference_line(z.net, c.diff);
      }
    }
    result.differences.push_back(std::move(c));
  }
  std::set<std::string> names;
  for (const auto& [k, v] : before) names.insert(k);
  for (const auto& [k, v] : now) names.insert(k);
  result.networks = names.size();
  result.checked = now.size();
  result.baseline = a.baseline;
  result.command = fmt::format("archcalc check {} --baseline {}", a.dir, a.baseline) +
                   (a.tolerance > 0 ? fmt::format(" --tolerance {}", a.tolerance) : std::string());

  if (a.update && result.warnings.empty()) {
    WriteResult r = write_zoo_baselines(a.dir, a.baseline, networks, BaselineOptions{});
    result.updated = true;
    result.written = r.written.size();
    result.deleted = r.deleted.size();
  }
  if (a.format == "json") {
    ctx.out << check_json(result).dump(2) << "\n";
  } else if (a.format == "github") {
    ctx.out << check_github(result, a.limit);
  } else {
    for (const std::string& w : result.warnings) ctx.err << as_error(w) << "\n";
    ctx.out << check_text(result, a.limit);
  }
  if (!result.warnings.empty() || (!result.updated && !result.differences.empty())) {
    ctx.exit_code = kDifferent;
  }
}

}  // namespace

void add_check(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<CheckArgs>();
  CLI::App* sub = app.add_subcommand(
      "check", "Recount networks against baselines: exit 1 on change or warning");
  sub->add_option("dir", a->dir, "the directory of network files")->capture_default_str();
  sub->add_option("--baseline,-b", a->baseline,
                  "the baseline directory written by `archcalc report`")
      ->capture_default_str();
  sub->add_option("--format,-f", a->format,
                  "text; json; or github (workflow annotations ::error file=…,line=…::…)")
      ->check(CLI::IsMember({"text", "json", "github"}))
      ->capture_default_str();
  sub->add_option("--tolerance", a->tolerance,
                  "numbers whose relative change is at most this are equal, e.g. 0.001 for "
                  "0.1% (0: exact)")
      ->check(CLI::Range(0.0, 1e300))
      ->capture_default_str();
  sub->add_option("--limit", a->limit, "show at most N differences per network (0: all)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  sub->add_flag("--update", a->update,
                "rewrite the baselines from the current networks (refused while a network "
                "file has warnings)");
  sub->footer(
      "Examples:\n"
      "  archcalc check architectures/ --baseline reports/\n"
      "  archcalc check models/ --baseline models-baseline/ --format github\n"
      "  archcalc check models/ --baseline models-baseline/ --update");
  sub->callback([a, &ctx] { check(*a, ctx); });
}

}  // namespace archcalc::cli
