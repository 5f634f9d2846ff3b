#include <fmt/format.h>

#include <filesystem>

#include "cli/cli.hpp"
#include "emit/format.hpp"
#include "emit/report.hpp"
#include "report/baseline.hpp"

namespace archcalc::cli {

namespace {

// One bundled network's summary line.
struct Entry {
  std::string name, title, input, source, verdict;
  Count params = 0, macs = 0, depth = 0;
  std::optional<Count> published_params, published_macs;
  std::string published_params_text, published_macs_text;
};

// "equal", "agrees" (with a rounded figure), or what differs; "" when the
// file names no published figure.
std::string verdict(const Network& net) {
  const Published& p = net.published;
  const Cost& c = net.totals(false).cost;
  if (!p.params && !p.macs) return "";
  std::vector<std::string> off;
  bool rounded = false;
  if (p.params) {
    rounded |= p.params_unit > 1;
    if (!published_agrees(*p.params, p.params_unit, c.params())) {
      off.push_back("params " + (p.params_unit > 1 ? p.params_text : grouped(*p.params)));
    }
  }
  if (p.macs) {
    rounded |= p.macs_unit > 1;
    if (!published_agrees(*p.macs, p.macs_unit, c.macs)) {
      off.push_back("MACs " + (p.macs_unit > 1 ? p.macs_text : grouped(*p.macs)));
    }
  }
  if (off.empty()) return rounded ? "agrees" : "equal";
  std::string s = "published ";
  for (std::size_t i = 0; i < off.size(); ++i) s += (i ? ", " : "") + off[i];
  return s;
}

// The zoo: `architectures/` under the working directory, else the bundled one.
std::filesystem::path default_zoo() {
  std::error_code ec;
  if (std::filesystem::is_directory("architectures", ec)) return "architectures";
  return std::filesystem::path(ARCHCALC_ZOO_DIR);
}

}  // namespace

void add_list(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string dir, format = "table";
    bool units = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* sub = app.add_subcommand(
      "list", "Every bundled network with its params, MACs, depth and published figure");
  sub->add_option("dir", opts->dir, "folder of networks (default: architectures/)");
  sub->add_option("--format,-f", opts->format, "table, json, csv or markdown")
      ->check(CLI::IsMember({"table", "json", "csv", "markdown"}));
  sub->add_flag("--units", opts->units, "K/M/G units instead of exact figures");
  sub->callback([opts, &ctx] {
    std::filesystem::path dir =
        opts->dir.empty() ? default_zoo() : std::filesystem::path(opts->dir);
    std::vector<Entry> entries;
    for (const ZooEntry& z : find_networks(dir)) {
      Network net = load_analyzed(z.file.string(), {}, ctx);
      const Totals& t = net.totals(false);
      Entry e;
      e.name = z.rel;
      e.title = net.title;
      e.input = net.layer(net.order.front()).out.str();
      e.params = t.cost.params();
      e.macs = t.cost.macs;
      e.depth = t.weighted_layers;
      e.source = net.published.source;
      e.published_params = net.published.params;
      e.published_macs = net.published.macs;
      e.published_params_text = net.published.params_text;
      e.published_macs_text = net.published.macs_text;
      e.verdict = verdict(net);
      entries.push_back(std::move(e));
    }
    bool u = opts->units;
    std::string text;
    if (opts->format == "json") {
      nlohmann::ordered_json j = nlohmann::ordered_json::array();
      for (const Entry& e : entries) {
        nlohmann::ordered_json row{{"network", e.name},  {"title", e.title}, {"input", e.input},
                                   {"params", e.params}, {"macs", e.macs},   {"depth", e.depth}};
        if (e.published_params) row["published_params"] = e.published_params_text;
        if (e.published_macs) row["published_macs"] = e.published_macs_text;
        row["published_source"] = e.source;
        row["published_verdict"] = e.verdict;
        j.push_back(row);
      }
      text = j.dump(2) + "\n";
    } else if (opts->format == "csv") {
      text = "network,input,params,macs,depth,published_params,published_macs\n";
      for (const Entry& e : entries) {
        text += fmt::format("{},{},{},{},{},{},{}\n", e.name, e.input, e.params, e.macs, e.depth,
                            e.published_params_text, e.published_macs_text);
      }
    } else if (opts->format == "markdown") {
      text = "| network | input | params | MACs | depth | checked against |\n";
      text += "|---|---|--:|--:|--:|---|\n";
      for (const Entry& e : entries) {
        text +=
            fmt::format("| {} | {} | {} | {} | {} | {}{} |\n", e.name, e.input, number(e.params, u),
                        number(e.macs, u), e.depth, e.source,
                        e.verdict.empty() || e.verdict == "equal" ? "" : " (" + e.verdict + ")");
      }
    } else {
      TextTable tt;
      using A = TextTable::Align;
      tt.columns({{"network", A::kLeft},
                  {"input", A::kLeft},
                  {"params", A::kRight},
                  {"MACs", A::kRight},
                  {"depth", A::kRight},
                  {"checked against", A::kLeft}});
      for (const Entry& e : entries) {
        std::string check = e.source;
        if (!e.verdict.empty()) check += (check.empty() ? "" : ": ") + e.verdict;
        tt.row({e.name, e.input, number(e.params, u), number(e.macs, u), std::to_string(e.depth),
                check});
      }
      text = tt.render() + "\nparams and MACs at inference; depth counts conv and fc layers.\n";
    }
    write_output("", text, ctx);
  });
}

}  // namespace archcalc::cli
