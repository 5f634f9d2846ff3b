#include <fmt/format.h>

#include "emit/format.hpp"
#include "emit/report.hpp"

namespace archcalc {

namespace {
std::string cell(std::string s) {
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  return out;
}
}  // namespace

std::string emit_markdown(const Network& net, const ReportOptions& opts) {
  const Totals& t = net.totals(opts.training);
  bool u = opts.units;
  std::string out =
      "# " + cell(net.name) + (net.title.empty() ? "" : " — " + cell(net.title)) + "\n\n";
  out += fmt::format("`{}`, {}, batch 1.\n\n", net.file, opts.training ? "training" : "inference");
  for (const auto& c : conventions()) out += "- " + c + "\n";
  out += "\n| totals | |\n|---|--:|\n";
  out += "| params | " + number(t.cost.params(), u) + " |\n";
  if (t.cost.buffers) out += "| buffers | " + number(t.cost.buffers, u) + " |\n";
  out += "| MACs | " + number(t.cost.macs, u) + " |\n";
  out += "| other ops | " + number(t.cost.other_ops, u) + " |\n";
  out += "| activations (elements) | " + number(t.activation_elements, u) + " |\n";
  out += "| layers (weighted) | " + fmt::format("{} ({})", t.layers, t.weighted_layers) + " |\n\n";
  out += "| layer | op | output | params | MACs | MACs % | other ops | activations |\n";
  out += "|---|---|---|--:|--:|--:|--:|--:|\n";
  for (const Row& r : build_rows(net, opts)) {
    std::string name = std::string(r.kind == Row::Kind::kBlock ? "**" : "") + cell(r.name) +
                       (r.kind == Row::Kind::kBlock ? "**" : "") +
                       (r.train_only ? " (training)" : "");
    std::string op = r.kind == Row::Kind::kBlock ? "[" + r.op + "]" : r.op;
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", name, cell(op), r.out.str(),
                       number(r.cost.params(), u), number(r.cost.macs, u),
                       percent(r.cost.macs, t.cost.macs), number(r.cost.other_ops, u),
                       number(r.out_elements, u));
  }
  return out;
}

}  // namespace archcalc
