#include <fmt/format.h>

#include "emit/format.hpp"
#include "emit/report.hpp"
#include "util/plural.hpp"

namespace archcalc {

namespace {

std::string row_name(const Row& r) {
  std::string indent(2 * static_cast<std::size_t>(r.depth), ' ');
  std::string local = r.name.substr(r.name.rfind('/') + 1);
  return indent + (r.kind == Row::Kind::kBlock && r.depth == 0 ? r.name : local) +
         (r.train_only ? " *" : "");
}

std::string row_op(const Row& r) {
  if (r.kind == Row::Kind::kLayer) {
    return r.loss_weight ? fmt::format("{} · loss ×{}", r.op, *r.loss_weight) : r.op;
  }
  return "[" + r.op + "]" + (r.folded ? " " + plural(r.layers, "layer") : "");
}

std::string header(const Network& net, const ReportOptions& opts) {
  std::string out = net.name + (net.title.empty() ? "" : " — " + net.title) + "\n";
  out += fmt::format("{} · {} · {}\n", net.file,
                     opts.training ? "training (auxiliary layers included)" : "inference",
                     batch_text(net));
  for (const auto& c : conventions(net)) out += "  " + c + "\n";
  for (const auto& c : analysis_conventions(opts)) out += "  " + c + "\n";
  return out + "\n";
}

// The training step's rows of the totals: forward, backward and step, memory.
void training_rows(TextTable& tt, const Network& net, const ReportOptions& opts) {
  const Totals& t = net.totals(true);
  const TrainingMemory& m = net.training_memory;
  bool u = opts.units;
  tt.row({"backward MACs", number(t.backward_macs, u),
          "step MACs " + number(t.step_macs(), u) + " = forward " + number(t.cost.macs, u) +
              " + backward " + number(t.backward_macs, u)});
  tt.row({"backward other ops", number(t.backward_other_ops, u),
          "step other ops " + number(t.step_other_ops(), u)});
  tt.row({"saved activations", number(m.saved_elements, u),
          "elements = " + number(m.saved_bytes, u) + " bytes kept for the backward pass"});
  tt.row({"gradients", number(m.gradient_bytes, u), "bytes (one per trainable parameter)"});
  int o = static_cast<int>(opts.optimizer);
  tt.row({"optimizer state", number(m.optimizer_bytes[o], u),
          "bytes (" + optimizer_name(opts.optimizer) + ")"});
  tt.row({"step memory", number(m.total_bytes(opts.optimizer), u),
          "bytes = weights + gradients + optimizer state + saved activations"});
  std::string losses;
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if (l.loss_weight)
      losses += fmt::format("{}{} ×{}", losses.empty() ? "" : ", ", l.name, *l.loss_weight);
  }
  if (!losses.empty()) tt.row({"loss weights", "", losses + " (the main output ×1)"});
}

std::string totals_block(const Network& net, const ReportOptions& opts) {
  const Totals& t = net.totals(opts.training);
  const Cost& c = t.cost;
  bool u = opts.units;
  std::string out =
      fmt::format("totals ({}; {}, {} weighted)\n", opts.training ? "training" : "inference",
                  plural(t.layers, "layer"), t.weighted_layers);
  TextTable tt;
  tt.columns({{"", TextTable::Align::kLeft},
              {"", TextTable::Align::kRight},
              {"", TextTable::Align::kLeft}});
  tt.row({"params", number(c.params(), u),
          fmt::format("weights {} · bias {} · norm γ/β {}", number(c.weights, u), number(c.bias, u),
                      number(c.affine, u))});
  if (c.buffers) tt.row({"buffers", number(c.buffers, u), "batch-norm running mean/var"});
  tt.row({"MACs", number(c.macs, u),
          fmt::format("FLOPs {}; conv {} · fc/linear {} · matmul {}", number(c.flops(), u),
                      number(t.conv_macs, u), number(t.linear_macs, u), number(t.matmul_macs, u))});
  tt.row({"other ops", number(c.other_ops, u), ""});
  tt.row({"activations", number(t.activation_elements, u),
          "elements = " + number(t.activation_bytes, u) + " bytes (all layer outputs)"});
  tt.row({"weights", number(t.weight_bytes, u), "bytes (params + buffers)"});
  if (opts.training) {
    training_rows(tt, net, opts);
  } else {
    const PeakMemory& p = net.peak[opts.in_place ? 1 : 0];
    tt.row({"peak activations", number(p.elements, u),
            fmt::format("elements = {} bytes, at {} ({})", number(p.bytes, u),
                        p.at ? net.layer(*p.at).name : "-",
                        opts.in_place ? "activations in place" : "no op in place")});
    tt.row({"peak total", number(p.total_bytes(), u),
            fmt::format("bytes = weights {} + peak activations {}", number(p.weight_bytes, u),
                        number(p.bytes, u))});
  }
  std::string body = tt.render();
  // Drop the empty header line and its rule.
  body = body.substr(body.find('\n', body.find('\n') + 1) + 1);
  out += body;
  std::string incomplete = incomplete_text(uncounted_layers(net, 0, opts.training));
  if (!incomplete.empty()) out += incomplete + ": the totals leave them out\n";
  Totals extra = training_only_totals(net);
  if (extra.layers) {
    out += fmt::format("{} {}: {} params, {} MACs{}\n", opts.training ? "includes" : "excludes",
                       plural(extra.layers, "training-only layer"), number(extra.cost.params(), u),
                       number(extra.cost.macs, u),
                       opts.training ? " (marked *)" : "; --mode training includes them");
  }
  const Published& p = net.published;
  if (p.params || p.macs) {
    auto check = [&](const char* what, std::optional<Count> published, Count unit,
                     const std::string& text, Count ours) {
      if (!published) return std::string();
      if (unit <= 1) {
        return fmt::format(
            "{} {} {}", what, grouped(*published),
            *published == ours ? "(equal)" : "(differs: " + grouped(ours) + " here)");
      }
      return fmt::format("{} {} {}", what, text,
                         published_agrees(*published, unit, ours)
                             ? "(rounded; " + grouped(ours) + " agrees)"
                             : "(rounded; differs: " + grouped(ours) + " here)");
    };
    std::string parts =
        check("params", p.params, p.params_unit, p.params_text, net.totals(false).cost.params());
    std::string macs = check("MACs", p.macs, p.macs_unit, p.macs_text, net.totals(false).cost.macs);
    if (!parts.empty() && !macs.empty()) parts += ", ";
    out += "published (" + (p.source.empty() ? "unnamed source" : p.source) + "): " + parts + macs +
           "\n";
    if (!p.note.empty()) out += "  " + p.note + "\n";
  }
  if (!p.withheld.empty()) {
    out += "published figures and accuracy: not shown, they are the file's own network's (" +
           p.withheld + ")\n";
  }
  if (p.has_accuracy()) {
    out += "ImageNet accuracy: " + p.accuracy_text() +
           (p.accuracy_source.empty() ? "" : " — " + p.accuracy_source) + "\n";
  }
  return out;
}

}  // namespace

std::string emit_table(const Network& net, const ReportOptions& opts) {
  const Totals& t = net.totals(opts.training);
  bool u = opts.units;
  TextTable tt;
  using A = TextTable::Align;
  std::vector<std::pair<std::string, A>> cols = {
      {"layer", A::kLeft},      {"op", A::kLeft},          {"output", A::kLeft},
      {"params", A::kRight},    {"MACs", A::kRight},       {"MACs %", A::kRight},
      {"other ops", A::kRight}, {"activations", A::kRight}};
  if (opts.training) {
    cols.insert(cols.end(), {{"bwd MACs", A::kRight}, {"bwd other ops", A::kRight}});
  }
  if (opts.fields) {
    cols.insert(cols.end(), {{"RF", A::kRight}, {"jump", A::kRight}, {"start", A::kRight}});
  }
  tt.columns(cols);
  HiddenRows hidden;
  for_each_row(net, opts, &hidden, [&](Row&& r) {
    std::vector<std::string> cells = {row_name(r),
                                      row_op(r),
                                      r.out.str(),
                                      number(r.cost.params(), u),
                                      number(r.cost.macs, u),
                                      percent(r.cost.macs, t.cost.macs),
                                      number(r.cost.other_ops, u),
                                      number(r.out_elements, u)};
    if (opts.training) {
      cells.push_back(number(r.backward_macs, u));
      cells.push_back(number(r.backward_other_ops, u));
    }
    if (opts.fields) {
      cells.push_back(r.field ? field_size_text(*r.field) : "-");
      cells.push_back(r.field ? field_jump_text(*r.field) : "-");
      cells.push_back(r.field ? field_start_text(*r.field) : "-");
    }
    tt.row(cells);
  });
  std::string left_out = hidden_rows_text(hidden, u);
  if (!left_out.empty()) left_out += "\n";
  return header(net, opts) + tt.render() + left_out + "\n" + totals_block(net, opts);
}

}  // namespace archcalc
