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
  out += fmt::format("`{}`, {}, {}.\n\n", net.file, opts.training ? "training" : "inference",
                     batch_text(net));
  for (const auto& c : conventions(net)) out += "- " + c + "\n";
  for (const auto& c : analysis_conventions(opts)) out += "- " + c + "\n";
  out += "\n| totals | |\n|---|--:|\n";
  out += "| params | " + number(t.cost.params(), u) + " |\n";
  if (t.cost.buffers) out += "| buffers | " + number(t.cost.buffers, u) + " |\n";
  out += "| MACs | " + number(t.cost.macs, u) + " |\n";
  out += "| other ops | " + number(t.cost.other_ops, u) + " |\n";
  out += "| activations (elements) | " + number(t.activation_elements, u) + " |\n";
  out += "| layers (weighted) | " + fmt::format("{} ({})", t.layers, t.weighted_layers) + " |\n";
  if (opts.training) {
    const TrainingMemory& m = net.training_memory;
    out += "| backward MACs | " + number(t.backward_macs, u) + " |\n";
    out += "| step MACs (forward + backward) | " + number(t.step_macs(), u) + " |\n";
    out += "| backward other ops | " + number(t.backward_other_ops, u) + " |\n";
    out += "| saved activations (bytes) | " + number(m.saved_bytes, u) + " |\n";
    out += "| gradients (bytes) | " + number(m.gradient_bytes, u) + " |\n";
    out += "| optimizer state, " + optimizer_name(opts.optimizer) + " (bytes) | " +
           number(m.optimizer_bytes[static_cast<int>(opts.optimizer)], u) + " |\n";
    out += "| step memory (bytes) | " + number(m.total_bytes(opts.optimizer), u) + " |\n";
  } else {
    const PeakMemory& p = net.peak[opts.in_place ? 1 : 0];
    out += "| peak activations (bytes) | " + number(p.bytes, u) + " at " +
           cell(p.at ? net.layer(*p.at).name : "-") + " |\n";
    out +=
        "| peak total: weights + peak activations (bytes) | " + number(p.total_bytes(), u) + " |\n";
  }
  std::string incomplete = incomplete_text(uncounted_layers(net, 0, opts.training));
  if (!incomplete.empty()) out += "\n**" + incomplete + "**: the totals leave them out.\n";
  out += "\n| layer | op | output | params | MACs | MACs % | other ops | activations |";
  std::string rule = "|---|---|---|--:|--:|--:|--:|--:|";
  if (opts.training) {
    out += " bwd MACs | bwd other ops |";
    rule += "--:|--:|";
  }
  if (opts.fields) {
    out += " RF | jump | start |";
    rule += "--:|--:|--:|";
  }
  out += "\n" + rule + "\n";
  HiddenRows hidden;
  for (const Row& r : build_rows(net, opts, &hidden)) {
    std::string name = std::string(r.kind == Row::Kind::kBlock ? "**" : "") + cell(r.name) +
                       (r.kind == Row::Kind::kBlock ? "**" : "") +
                       (r.train_only ? " (training)" : "");
    std::string op = r.kind == Row::Kind::kBlock ? "[" + r.op + "]" : r.op;
    if (r.loss_weight) op += fmt::format(" · loss ×{}", *r.loss_weight);
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |", name, cell(op), r.out.str(),
                       number(r.cost.params(), u), number(r.cost.macs, u),
                       percent(r.cost.macs, t.cost.macs), number(r.cost.other_ops, u),
                       number(r.out_elements, u));
    if (opts.training) {
      out += fmt::format(" {} | {} |", number(r.backward_macs, u), number(r.backward_other_ops, u));
    }
    if (opts.fields) {
      out += r.field ? fmt::format(" {} | {} | {} |", field_size_text(*r.field),
                                   field_jump_text(*r.field), field_start_text(*r.field))
                     : " - | - | - |";
    }
    out += "\n";
  }
  const std::string left_out = hidden_rows_text(hidden, u);
  if (!left_out.empty()) out += "\n" + left_out + ".\n";
  return out;
}

}  // namespace archcalc
