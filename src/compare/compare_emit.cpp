// The comparison as a text table and as Markdown. Differences and ratios are
// of figures the passes counted; nothing is counted here.
#include <fmt/format.h>

#include "compare/compare.hpp"
#include "emit/format.hpp"
#include "emit/report.hpp"

namespace archcalc {

namespace {

std::string side_title(const CompareSide& s) {
  std::string what = s.block.empty() ? "network " + s.model
                                     : "block " + s.block + " [" + s.definition + "] of " + s.model;
  return s.label + " — " + what;
}

// "A incomplete: 1 layer not counted (op Resize)\n" per side that has uncounted layers.
std::string incomplete_lines(const Comparison& c) {
  std::string out;
  if (!c.a.incomplete.empty()) out += "A " + c.a.incomplete + ": its totals leave them out\n";
  if (!c.b.incomplete.empty()) out += "B " + c.b.incomplete + ": its totals leave them out\n";
  return out;
}

std::string drop_in_sentence(const Comparison& c) {
  if (drop_in(c)) {
    return fmt::format("drop-in: yes — both take {} and give {}", c.a.input.str(),
                       c.a.output.str());
  }
  std::string why;
  if (c.a.input != c.b.input) {
    why = fmt::format("inputs differ ({} vs {})", c.a.input.str(), c.b.input.str());
  }
  if (c.a.output != c.b.output) {
    why += fmt::format("{}outputs differ ({} vs {})", why.empty() ? "" : ", ", c.a.output.str(),
                       c.b.output.str());
  }
  return "drop-in: no — " + why;
}

std::string local(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

std::string row_name(const CompareRow& r) {
  switch (r.match) {
    case CompareRow::Match::kName:
      return local(r.name_a);
    case CompareRow::Match::kPosition:
      return local(r.name_a) + " ↔ " + r.name_b;
    case CompareRow::Match::kOnlyA:
      return local(r.name_a) + " (A only)";
    case CompareRow::Match::kOnlyB:
      return local(r.name_b) + " (B only)";
  }
  return "";
}

std::string either(bool has_a, const std::string& a, bool has_b, const std::string& b) {
  if (!has_a) return b;
  if (!has_b || a == b) return a;
  return a + " | " + b;
}

// Cells of a row: op, output, then params A, B, B − A, MACs A, B, B − A, A ÷ B.
std::vector<std::string> row_cells(const CompareRow& r, bool u) {
  auto side = [&](bool has, Count n) { return has ? number(n, u) : std::string("-"); };
  Count pa = r.cost_a.params(), pb = r.cost_b.params();
  return {either(r.has_a, r.op_a, r.has_b, r.op_b),
          either(r.has_a, r.out_a.str(), r.has_b, r.out_b.str()),
          side(r.has_a, pa),
          side(r.has_b, pb),
          signed_number(difference(pa, pb), u),
          side(r.has_a, r.cost_a.macs),
          side(r.has_b, r.cost_b.macs),
          signed_number(difference(r.cost_a.macs, r.cost_b.macs), u),
          r.has_a && r.has_b ? ratio(r.cost_a.macs, r.cost_b.macs) : "-"};
}

// The measured-time cells of row `i`: A time, B time, A ÷ B (nothing without timing).
std::vector<std::string> time_cells(const Comparison& c, std::size_t i) {
  if (!c.timing) return {};
  const auto &a = c.timing->rows_a[i], &b = c.timing->rows_b[i];
  auto cell = [](const std::optional<double>& t) { return t ? seconds_text(*t) : "-"; };
  return {cell(a), cell(b), a && b ? time_ratio(*a, *b) : "-"};
}

// "+1.234 ms" / "-1.234 ms" / "0 s".
std::string signed_seconds(double d) {
  if (d == 0) return "0 s";
  return (d < 0 ? "-" : "+") + seconds_text(d < 0 ? -d : d);
}

// The line that sets the measured speedup beside the MACs ratio.
std::string timing_sentence(const Comparison& c) {
  const CompareTiming& t = *c.timing;
  return fmt::format("measured ({}): A ÷ B time {} against A ÷ B MACs {}", t.setup,
                     time_ratio(t.a, t.b), ratio(c.a.totals.cost.macs, c.b.totals.cost.macs));
}

const char* mode_name(const Comparison& c) {
  return c.training ? "training (training-only layers included)" : "inference";
}

}  // namespace

std::string compare_table(const Comparison& c, bool u) {
  std::string out = fmt::format("compare · {} · batch 1\n  A  {}\n  B  {}\n", mode_name(c),
                                side_title(c.a), side_title(c.b));
  for (const auto& line : conventions()) out += "  " + line + "\n";
  using A = TextTable::Align;
  TextTable totals;
  totals.columns({{"totals", A::kLeft},
                  {"A", A::kRight},
                  {"B", A::kRight},
                  {"B − A", A::kRight},
                  {"A ÷ B", A::kRight}});
  for (const CompareMetric& m : compare_metrics(c)) {
    if (m.optional && m.a == 0 && m.b == 0) continue;
    totals.row({m.label, number(m.a, u), number(m.b, u), signed_number(difference(m.a, m.b), u),
                ratio(m.a, m.b)});
  }
  if (c.timing) {
    const CompareTiming& t = *c.timing;
    totals.row({"time (measured)", seconds_text(t.a), seconds_text(t.b), signed_seconds(t.b - t.a),
                time_ratio(t.a, t.b)});
  }
  totals.rule();
  totals.row(
      {"input", c.a.input.str(), c.b.input.str(), c.a.input == c.b.input ? "same" : "differ", ""});
  totals.row({"output", c.a.output.str(), c.b.output.str(),
              c.a.output == c.b.output ? "same" : "differ", ""});
  out += "\n" + totals.render() + incomplete_lines(c) + drop_in_sentence(c) + "\n";
  if (c.timing) out += timing_sentence(c) + "\n";
  out += "\n";

  TextTable rows;
  std::vector<std::pair<std::string, A>> columns = {
      {"layer", A::kLeft},      {"op (A | B)", A::kLeft}, {"output (A | B)", A::kLeft},
      {"A params", A::kRight},  {"B params", A::kRight},  {"B − A", A::kRight},
      {"A MACs", A::kRight},    {"B MACs", A::kRight},    {"B − A", A::kRight},
      {"A ÷ B MACs", A::kRight}};
  if (c.timing) {
    columns.insert(columns.end(),
                   {{"A time", A::kRight}, {"B time", A::kRight}, {"A ÷ B time", A::kRight}});
  }
  rows.columns(columns);
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const CompareRow& r = c.rows[i];
    std::vector<std::string> cells = row_cells(r, u);
    cells.insert(cells.begin(),
                 std::string(2 * static_cast<std::size_t>(r.depth), ' ') + row_name(r));
    for (auto& x : time_cells(c, i)) cells.push_back(std::move(x));
    rows.row(cells);
  }
  return out + rows.render() +
         "Rows are matched by name, then the rest by position in topological order.\n";
}

std::string compare_markdown(const Comparison& c, bool u) {
  auto cell = [](const std::string& s) {
    std::string out;
    for (char ch : s) out += ch == '|' ? std::string("\\|") : std::string(1, ch);
    return out;
  };
  std::string out = "# Compare\n\n";
  out += fmt::format("- **A**: {}\n- **B**: {}\n- {}, batch 1\n\n", cell(side_title(c.a)),
                     cell(side_title(c.b)), mode_name(c));
  for (const auto& line : conventions()) out += "> " + line + "\n";
  out += "\n| totals | A | B | B − A | A ÷ B |\n|---|--:|--:|--:|--:|\n";
  for (const CompareMetric& m : compare_metrics(c)) {
    if (m.optional && m.a == 0 && m.b == 0) continue;
    out += fmt::format("| {} | {} | {} | {} | {} |\n", m.label, number(m.a, u), number(m.b, u),
                       signed_number(difference(m.a, m.b), u), ratio(m.a, m.b));
  }
  out += fmt::format("| input | {} | {} | {} | |\n", c.a.input.str(), c.b.input.str(),
                     c.a.input == c.b.input ? "same" : "differ");
  if (c.timing) {
    const CompareTiming& t = *c.timing;
    out += fmt::format("| time (measured) | {} | {} | {} | {} |\n", seconds_text(t.a),
                       seconds_text(t.b), signed_seconds(t.b - t.a), time_ratio(t.a, t.b));
  }
  out += fmt::format("| output | {} | {} | {} | |\n\n", c.a.output.str(), c.b.output.str(),
                     c.a.output == c.b.output ? "same" : "differ");
  if (std::string missing = incomplete_lines(c); !missing.empty()) {
    out += "**" + missing.substr(0, missing.size() - 1) + "**\n\n";
  }
  out += drop_in_sentence(c) + "\n\n";
  if (c.timing) out += timing_sentence(c) + "\n\n";
  out +=
      "| layer | op (A \\| B) | output (A \\| B) | A params | B params | B − A | A MACs | "
      "B MACs | B − A | A ÷ B MACs |";
  out += c.timing ? " A time | B time | A ÷ B time |\n" : "\n";
  out += c.timing ? "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"
                  : "|---|---|---|--:|--:|--:|--:|--:|--:|--:|\n";
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const CompareRow& r = c.rows[i];
    std::string name = [&] {
      std::string indent;
      for (int i = 0; i < r.depth; ++i) indent += "&nbsp;&nbsp;";
      return indent;
    }() + ((r.block_a || r.block_b) ? "**" + row_name(r) + "**" : row_name(r));
    out += "| " + cell(name);
    for (const auto& x : row_cells(r, u)) out += " | " + cell(x);
    for (const auto& x : time_cells(c, i)) out += " | " + cell(x);
    out += " |\n";
  }
  return out + "\nRows are matched by name, then the rest by position in topological order.\n";
}

}  // namespace archcalc
