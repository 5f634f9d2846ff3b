#include <fmt/format.h>

#include "emit/report.hpp"

namespace archcalc {

namespace {
std::string field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string emit_csv(const Network& net, const ReportOptions& opts) {
  std::string out =
      "kind,name,op,depth,output_shape,params,weights,bias,bn_params,buffers,macs,other_ops,"
      "output_elements,activation_bytes,train_only";
  if (opts.training) out += ",backward_macs,backward_other_ops";
  if (opts.fields) out += ",rf_h,rf_w,jump_h,jump_w,start_h,start_w,rf_global";
  out += "\n";
  auto line = [&](const char* kind, const std::string& name, const std::string& op, int depth,
                  const std::string& shape, const Cost& c, Count elems, Count bytes, bool train,
                  Count bwd_macs, Count bwd_ops, const std::optional<Field>& f) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", kind, field(name), field(op),
                       depth, shape, c.params(), c.weights, c.bias, c.affine, c.buffers, c.macs,
                       c.other_ops, elems, bytes, train ? "true" : "false");
    if (opts.training) out += fmt::format(",{},{}", bwd_macs, bwd_ops);
    if (opts.fields) {
      out += f ? fmt::format(",{},{},{},{},{},{},{}", f->h.size, f->w.size, f->h.jump, f->w.jump,
                             half_pixels(f->h.start2), half_pixels(f->w.start2),
                             f->global ? "true" : "false")
               : ",,,,,,,";
    }
    out += "\n";
  };
  for (const Row& r : build_rows(net, opts)) {
    line(r.kind == Row::Kind::kBlock ? "block" : "layer", r.name, r.op, r.depth, r.out.str("x"),
         r.cost, r.out_elements, r.out_bytes, r.train_only, r.backward_macs, r.backward_other_ops,
         r.field);
  }
  const Totals& t = net.totals(opts.training);
  line("total", net.name, "", 0, "", t.cost, t.activation_elements, t.activation_bytes, false,
       t.backward_macs, t.backward_other_ops, std::nullopt);
  Uncounted missing = uncounted_layers(net, 0, opts.training);
  if (missing.layers) {
    // A row of its own, so that a program reading the totals cannot miss it.
    std::string ops;
    for (const auto& o : missing.ops) ops += (ops.empty() ? "" : " ") + o;
    out +=
        fmt::format("incomplete,{},{},0,,,,,,,,,,,", field(incomplete_text(missing)), field(ops));
    out += std::string((opts.training ? 2 : 0) + (opts.fields ? 7 : 0), ',') + "\n";
  }
  return out;
}

}  // namespace archcalc
