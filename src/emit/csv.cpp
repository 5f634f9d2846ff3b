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
      "output_elements,activation_bytes,train_only\n";
  auto line = [&](const char* kind, const std::string& name, const std::string& op, int depth,
                  const std::string& shape, const Cost& c, Count elems, Count bytes, bool train) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", kind, field(name),
                       field(op), depth, shape, c.params(), c.weights, c.bias, c.affine, c.buffers,
                       c.macs, c.other_ops, elems, bytes, train ? "true" : "false");
  };
  for (const Row& r : build_rows(net, opts)) {
    line(r.kind == Row::Kind::kBlock ? "block" : "layer", r.name, r.op, r.depth, r.out.str("x"),
         r.cost, r.out_elements, r.out_bytes, r.train_only);
  }
  const Totals& t = net.totals(opts.training);
  line("total", net.name, "", 0, "", t.cost, t.activation_elements, t.activation_bytes, false);
  return out;
}

}  // namespace archcalc
