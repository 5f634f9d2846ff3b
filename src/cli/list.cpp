#include <fmt/format.h>

#include <sys/ioctl.h>
#include <unistd.h>

#include <filesystem>

#include "cli/cli.hpp"
#include "emit/format.hpp"
#include "emit/report.hpp"
#include "report/baseline.hpp"

namespace archcalc::cli {

namespace {

// One bundled network's summary line: a file, or a member of the file's
// family that `--set` reaches (its `variants`).
struct Entry {
  std::string name, title, input, verdict;
  Count params = 0, macs = 0, depth = 0;
  Published pub;           // the file's (or the member's) published figures and accuracy
  std::string variant_of;  // the file a member is reached from; "" a file
  std::vector<std::pair<std::string, std::string>> set;  // the member's parameter values
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

// The width to fit: the terminal's when standard output is one, else 80.
std::size_t output_width() {
  winsize ws{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    return ws.ws_col;
  }
  return 80;
}

// `text` cut to `width` display columns, ending in "…" when cut.
std::string cut(const std::string& text, std::size_t width) {
  if (display_width(text) <= width) return text;
  std::string out;
  std::size_t w = 0;
  for (std::size_t i = 0; i < text.size() && w + 1 < width; ++i) {
    out += text[i];
    // Count code points: continuation bytes add no width.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++w;
  }
  // Do not end inside a multi-byte character.
  while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xC0) == 0x80) out.pop_back();
  if (!out.empty() && (static_cast<unsigned char>(out.back()) & 0x80)) out.pop_back();
  return out + "…";
}

// How a member is reached: "efficientnet_b0 --set width=1.1 --set depth=1.2".
std::string reached(const Entry& e) {
  std::string s = e.variant_of;
  for (const auto& [k, v] : e.set) s += " --set " + k + "=" + v;
  return s;
}

// What a row is checked against, after how a member is reached.
std::string checked(const Entry& e, const std::string& check) {
  if (e.variant_of.empty()) return check;
  return reached(e) + (check.empty() ? "" : " · " + check);
}

Entry entry_of(const Network& net, const std::string& name) {
  const Totals& t = net.totals(false);
  Entry e;
  e.name = name;
  e.title = net.title;
  e.input = net.layer(net.order.front()).out.str();
  e.params = t.cost.params();
  e.macs = t.cost.macs;
  e.depth = t.weighted_layers;
  e.pub = net.published;
  e.verdict = verdict(net);
  return e;
}

// The published top-1 accuracy as written ("71.878%"), or "—".
std::string top1_cell(const Entry& e) {
  return e.pub.top1 ? e.pub.top1_text + "%" : "—";
}

}  // namespace

void add_list(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string dir, format = "table";
    bool units = false, wide = false;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* sub =
      app.add_subcommand("list", "The bundled networks: params, MACs, depth, published figures");
  add_strict_flag(sub, ctx);
  sub->add_option("dir", opts->dir, "folder of networks (default: the bundled networks)");
  sub->add_option("--format,-f", opts->format, "table, json, csv or markdown")
      ->check(CLI::IsMember({"table", "json", "csv", "markdown"}));
  sub->add_flag("--units", opts->units, "K/M/G units instead of exact figures");
  sub->add_flag("--wide", opts->wide,
                "table: every column in full, however wide (default: fit the terminal, or 80 "
                "columns when not one)");
  sub->callback([opts, &ctx] {
    std::filesystem::path dir =
        opts->dir.empty() ? std::filesystem::path(bundled_zoo()) : std::filesystem::path(opts->dir);
    std::vector<Entry> entries;
    for (const ZooEntry& z : find_networks(dir)) {
      Network net = load_analyzed(z.file.string(), {}, ctx);
      entries.push_back(entry_of(net, z.rel));
      // Each member of the family in the file's folder, under its own name.
      std::string folder = std::filesystem::path(z.rel).parent_path().string();
      for (const Network::Variant& v : net.variants) {
        std::vector<std::string> sets;
        for (const auto& [k, value] : v.set) sets.push_back(k + "=" + value);
        Entry e = entry_of(load_analyzed(z.file.string(), sets, ctx),
                           folder.empty() ? v.name : folder + "/" + v.name);
        e.variant_of = z.rel;
        e.set = v.set;
        entries.push_back(std::move(e));
      }
    }
    bool u = opts->units;
    std::string text;
    if (opts->format == "json") {
      nlohmann::ordered_json j = nlohmann::ordered_json::array();
      for (const Entry& e : entries) {
        nlohmann::ordered_json row{{"network", e.name},  {"title", e.title}, {"input", e.input},
                                   {"params", e.params}, {"macs", e.macs},   {"depth", e.depth}};
        if (e.pub.params) row["published_params"] = e.pub.params_text;
        if (e.pub.macs) row["published_macs"] = e.pub.macs_text;
        row["published_source"] = e.pub.source;
        row["published_verdict"] = e.verdict;
        if (e.pub.top1) row["top1"] = *e.pub.top1;
        if (e.pub.top5) row["top5"] = *e.pub.top5;
        if (!e.pub.accuracy_source.empty()) row["accuracy_source"] = e.pub.accuracy_source;
        if (!e.variant_of.empty()) {
          row["variant_of"] = e.variant_of;
          nlohmann::ordered_json set = nlohmann::ordered_json::object();
          for (const auto& [k, v] : e.set) set[k] = v;
          row["set"] = set;
        }
        j.push_back(row);
      }
      text = j.dump(2) + "\n";
    } else if (opts->format == "csv") {
      text =
          "network,input,params,macs,depth,published_params,published_macs,top1,top5,reached_by\n";
      for (const Entry& e : entries) {
        text += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", e.name, e.input, e.params, e.macs,
                            e.depth, e.pub.params_text, e.pub.macs_text, e.pub.top1_text,
                            e.pub.top5_text, e.variant_of.empty() ? "" : reached(e));
      }
    } else if (opts->format == "markdown") {
      text = "| network | input | params | MACs | depth | top-1 | checked against |\n";
      text += "|---|---|--:|--:|--:|--:|---|\n";
      for (const Entry& e : entries) {
        std::string check = e.pub.source;
        if (!e.verdict.empty() && e.verdict != "equal") check += " (" + e.verdict + ")";
        text += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", e.name, e.input,
                            number(e.params, u), number(e.macs, u), e.depth, top1_cell(e),
                            checked(e, check));
      }
    } else {
      using A = TextTable::Align;
      std::vector<std::pair<std::string, A>> cols = {{"network", A::kLeft}, {"input", A::kLeft},
                                                     {"params", A::kRight}, {"MACs", A::kRight},
                                                     {"depth", A::kRight},  {"top-1", A::kRight}};
      // Every column but the last, as wide as its widest cell, each followed by two spaces.
      std::size_t fixed = 0;
      std::vector<std::vector<std::string>> cells;
      for (const Entry& e : entries) {
        cells.push_back({e.name, e.input, number(e.params, u), number(e.macs, u),
                         std::to_string(e.depth), top1_cell(e)});
      }
      for (std::size_t c = 0; c < cols.size(); ++c) {
        std::size_t w = display_width(cols[c].first);
        for (const auto& row : cells) w = std::max(w, display_width(row[c]));
        fixed += w + 2;
      }
      std::size_t width = output_width();
      std::size_t room = width > fixed ? width - fixed : 0;
      // What each network is checked against: in full with --wide; in a last
      // column, cut to the width, when 24 columns are left for it; else on a
      // line of its own under the network's row, cut to the width.
      enum class Show { kFull, kCut, kBelow };
      Show show = opts->wide ? Show::kFull : room >= 24 ? Show::kCut : Show::kBelow;
      if (show == Show::kBelow) {
        // No room for a last column: the top-1 joins the line under the row.
        cols.pop_back();
        for (auto& row : cells) row.pop_back();
      }
      constexpr std::size_t kIndent = 4;
      std::string note;
      std::vector<std::string> checks;
      for (const Entry& e : entries) {
        std::string check = e.verdict;
        if (!e.pub.source.empty()) check += (check.empty() ? "" : ": ") + e.pub.source;
        check = checked(e, check);
        if (show == Show::kBelow && e.pub.top1) {
          check = "top-1 " + top1_cell(e) + (check.empty() ? "" : " · " + check);
        }
        std::size_t fit = show == Show::kCut ? room
                          : show == Show::kBelow
                              ? std::max<std::size_t>(width, kIndent + 8) - kIndent
                              : display_width(check);
        if (display_width(check) > fit) {
          check = cut(check, fit);
          note = "Sources cut to fit the width; --wide shows them in full.\n";
        }
        checks.push_back(check);
      }
      if (show != Show::kBelow) cols.push_back({"checked against", A::kLeft});
      TextTable tt;
      tt.columns(cols);
      for (std::size_t i = 0; i < entries.size(); ++i) {
        if (show != Show::kBelow) cells[i].push_back(checks[i]);
        tt.row(cells[i]);
      }
      std::string table = tt.render();
      if (show == Show::kBelow) {
        // The header over both lines of a row, the rule, then each entry's row and check.
        std::string lines;
        std::size_t at = 0;
        for (std::size_t line = 0; at < table.size(); ++line) {
          std::size_t end = table.find('\n', at) + 1;
          lines += table.substr(at, end - at);
          at = end;
          if (line == 0) lines += std::string(kIndent, ' ') + "top-1 · checked against\n";
          if (line >= 2 && !checks[line - 2].empty()) {
            lines += std::string(kIndent, ' ') + checks[line - 2] + "\n";
          }
        }
        table = lines;
      }
      text = table + "\nparams and MACs at inference; depth counts conv and fc layers.\n" + note;
    }
    write_output("", text, ctx);
  });
}

}  // namespace archcalc::cli
