#include <fmt/format.h>

#include "emit/format.hpp"
#include "emit/report.hpp"

namespace archcalc {

namespace {

std::string row_name(const Row& r) {
  std::string indent(2 * static_cast<std::size_t>(r.depth), ' ');
  std::string local = r.name.substr(r.name.rfind('/') + 1);
  return indent + (r.kind == Row::Kind::kBlock && r.depth == 0 ? r.name : local) +
         (r.train_only ? " *" : "");
}

std::string row_op(const Row& r) {
  if (r.kind == Row::Kind::kLayer) return r.op;
  return "[" + r.op + "]" + (r.folded ? " " + std::to_string(r.layers) + " layers" : "");
}

std::string header(const Network& net, const ReportOptions& opts) {
  std::string out = net.name + (net.title.empty() ? "" : " — " + net.title) + "\n";
  out += fmt::format("{} · {} · batch 1\n", net.file,
                     opts.training ? "training (auxiliary layers included)" : "inference");
  for (const auto& c : conventions()) out += "  " + c + "\n";
  return out + "\n";
}

std::string totals_block(const Network& net, const ReportOptions& opts) {
  const Totals& t = net.totals(opts.training);
  const Cost& c = t.cost;
  bool u = opts.units;
  std::string out =
      fmt::format("totals ({}; {} layers, {} weighted)\n", opts.training ? "training" : "inference",
                  t.layers, t.weighted_layers);
  TextTable tt;
  tt.columns({{"", TextTable::Align::kLeft},
              {"", TextTable::Align::kRight},
              {"", TextTable::Align::kLeft}});
  tt.row({"params", number(c.params(), u),
          fmt::format("weights {} · bias {} · batch-norm γ/β {}", number(c.weights, u),
                      number(c.bias, u), number(c.affine, u))});
  if (c.buffers) tt.row({"buffers", number(c.buffers, u), "batch-norm running mean/var"});
  tt.row({"MACs", number(c.macs, u), "FLOPs " + number(c.flops(), u)});
  tt.row({"other ops", number(c.other_ops, u), ""});
  tt.row({"activations", number(t.activation_elements, u),
          "elements = " + number(t.activation_bytes, u) + " bytes (all layer outputs)"});
  tt.row({"weights", number(t.weight_bytes, u), "bytes (params + buffers)"});
  std::string body = tt.render();
  // Drop the empty header line and its rule.
  body = body.substr(body.find('\n', body.find('\n') + 1) + 1);
  out += body;
  Totals extra = training_only_totals(net);
  if (extra.layers) {
    out += fmt::format("{} {} training-only layers: {} params, {} MACs{}\n",
                       opts.training ? "includes" : "excludes", extra.layers,
                       number(extra.cost.params(), u), number(extra.cost.macs, u),
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
  return out;
}

}  // namespace

std::string emit_table(const Network& net, const ReportOptions& opts) {
  const Totals& t = net.totals(opts.training);
  bool u = opts.units;
  TextTable tt;
  using A = TextTable::Align;
  tt.columns({{"layer", A::kLeft},
              {"op", A::kLeft},
              {"output", A::kLeft},
              {"params", A::kRight},
              {"MACs", A::kRight},
              {"MACs %", A::kRight},
              {"other ops", A::kRight},
              {"activations", A::kRight}});
  for (const Row& r : build_rows(net, opts)) {
    tt.row({row_name(r), row_op(r), r.out.str(), number(r.cost.params(), u), number(r.cost.macs, u),
            percent(r.cost.macs, t.cost.macs), number(r.cost.other_ops, u),
            number(r.out_elements, u)});
  }
  return header(net, opts) + tt.render() + "\n" + totals_block(net, opts);
}

}  // namespace archcalc
