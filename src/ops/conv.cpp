#include "ops/conv.hpp"

namespace archcalc {

void Conv::parse(AttrReader& r) {
  out = r.integer("out", std::nullopt, 1);
  kernel = r.pair("kernel", std::nullopt, 1);
  stride = r.pair("stride", Hw{1, 1}, 1);
  dilation = r.pair("dilation", Hw{1, 1}, 1);
  pad = r.padding("pad");
  groups = r.integer("groups", 1, 1);
  bias = r.boolean("bias", true);
  if (out % groups != 0) {
    r.fail("groups", "out (" + std::to_string(out) + ") must be divisible by groups (" +
                         std::to_string(groups) + ")");
  }
}

Shape Conv::infer(std::span<const Shape> in) const {
  const Shape& x = in[0];
  require_map(x);
  if (x.c() % groups != 0) {
    throw OpError("input channels (" + std::to_string(x.c()) + ") must be divisible by groups (" +
                  std::to_string(groups) + ")");
  }
  Pads p = pads(x);
  return Shape{
      {out, window_output(x.h(), p.top, p.bottom, kernel.h, stride.h, dilation.h, false, "height"),
       window_output(x.w(), p.left, p.right, kernel.w, stride.w, dilation.w, false, "width")}};
}

Cost Conv::cost(std::span<const Shape> in, const Shape& y) const {
  Cost c;
  Count per_output = product("weights", in[0].c() / groups, kernel.h, kernel.w);
  c.weights = mul(per_output, static_cast<Count>(out), "weights");
  c.macs = mul(y.elements(), per_output, "MACs");
  if (bias) {
    c.bias = static_cast<Count>(out);
    c.other_ops = y.elements();
  }
  return c;
}

std::optional<Field> Conv::field(std::span<const Field> in, std::span<const Shape> shapes) const {
  return window_field(in[0], kernel, stride, dilation, pads(shapes[0]));
}

Backward Conv::backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
  Count forward_macs = cost(in, y).macs;
  Backward b;
  b.macs = input_grad ? mul(forward_macs, 2, "backward MACs") : forward_macs;
  if (bias) b.other_ops = y.elements();
  b.saves_input = true;
  return b;
}

std::string Conv::label() const {
  std::string s = "conv " + window_label(kernel, stride, dilation);
  if (groups != 1) s += " g" + std::to_string(groups);
  return s;
}

}  // namespace archcalc
