#include <fmt/format.h>

#include <set>

#include "cli/cli.hpp"
#include "report/baseline.hpp"
#include "report/diff.hpp"

namespace archcalc::cli {

namespace {

struct CheckArgs {
  std::string dir = "architectures", baseline = "reports";
  double tolerance = 0;
  int limit = 20;
  bool update = false;
};

void check(const CheckArgs& a, Context& ctx) {
  if (!(a.tolerance >= 0)) throw CLI::ValidationError("--tolerance", "must be a number >= 0");
  std::vector<ZooNetwork> networks;
  std::map<std::string, nlohmann::ordered_json> now;
  for (ZooEntry& e : find_networks(a.dir)) {
    Network net = load_analyzed(e.file.string(), {}, ctx);
    now[e.rel] = baseline_json(net, e.label);
    networks.push_back(ZooNetwork{std::move(e), std::move(net)});
  }
  DiffOptions opts;
  opts.tolerance = a.tolerance;
  std::map<std::string, nlohmann::ordered_json> before = read_baselines(a.baseline);
  std::vector<Difference> diffs = diff_report_sets(before, now, opts);
  std::set<std::string> names;
  for (const auto& [k, v] : before) names.insert(k);
  for (const auto& [k, v] : now) names.insert(k);

  // Print at most `limit` differences per network.
  std::map<std::string, int> per_network;
  for (const Difference& d : diffs) ++per_network[d.network];
  std::map<std::string, int> shown;
  for (const Difference& d : diffs) {
    int& n = shown[d.network];
    if (a.limit > 0 && n == a.limit) {
      ctx.out << fmt::format("{}: … and {} more differences (--limit 0 shows all)\n", d.network,
                             per_network[d.network] - a.limit);
    }
    if (a.limit == 0 || n < a.limit) ctx.out << render_difference(d) << "\n";
    ++n;
  }

  std::string command =
      fmt::format("archcalc check {} --baseline {}", a.dir, a.baseline) +
      (a.tolerance > 0 ? fmt::format(" --tolerance {}", a.tolerance) : std::string());
  if (a.update) {
    BaselineOptions bo;
    WriteResult r = write_zoo_baselines(a.dir, a.baseline, networks, bo);
    ctx.out << fmt::format(
        "archcalc check: {} difference{} in {} of {} networks; baselines in {} updated ({} files "
        "written{})\n",
        diffs.size(), diffs.size() == 1 ? "" : "s", per_network.size(), names.size(), a.baseline,
        r.written.size(), r.deleted.empty() ? "" : fmt::format(", {} deleted", r.deleted.size()));
    return;
  }
  if (diffs.empty()) {
    ctx.out << fmt::format("archcalc check: {} networks match their baselines in {}\n", now.size(),
                           a.baseline);
    return;
  }
  ctx.out << fmt::format(
      "archcalc check: {} difference{} in {} of {} networks. If they are intended, update the "
      "baselines:\n  {} --update\n",
      diffs.size(), diffs.size() == 1 ? "" : "s", per_network.size(), names.size(), command);
  ctx.exit_code = kDifferent;
}

}  // namespace

void add_check(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<CheckArgs>();
  CLI::App* sub = app.add_subcommand(
      "check",
      "Recompute every network of a directory and compare with the baselines: exit 1 "
      "on any difference");
  sub->add_option("dir", a->dir, "the directory of network files (default: architectures)");
  sub->add_option("--baseline,-b", a->baseline,
                  "the baseline directory written by `archcalc report` (default: reports)");
  sub->add_option("--tolerance", a->tolerance,
                  "numbers whose relative change is at most this are equal, e.g. 0.001 for "
                  "0.1% (default 0: exact)")
      ->check(CLI::Range(0.0, 1e300));
  sub->add_option("--limit", a->limit,
                  "show at most N differences per network (default 20; 0: all)")
      ->check(CLI::Range(0, 1000000));
  sub->add_flag("--update", a->update, "rewrite the baselines from the current networks");
  sub->callback([a, &ctx] { check(*a, ctx); });
}

}  // namespace archcalc::cli
