#include "ops/fc.hpp"

namespace archcalc {

void FullyConnected::parse(AttrReader& r) {
  out = r.integer("out", std::nullopt, 1);
  bias = r.boolean("bias", true);
}

Shape FullyConnected::infer(std::span<const Shape> in) const {
  in[0].elements();  // checked for overflow
  return Shape{{out}};
}

Cost FullyConnected::cost(std::span<const Shape> in, const Shape&) const {
  Cost c;
  c.weights = mul(in[0].elements(), static_cast<Count>(out), "weights");
  c.macs = c.weights;
  if (bias) c.bias = c.other_ops = static_cast<Count>(out);
  return c;
}

Backward FullyConnected::backward(std::span<const Shape> in, const Shape& y,
                                  bool input_grad) const {
  Count forward_macs = cost(in, y).macs;
  Backward b;
  b.macs = input_grad ? mul(forward_macs, 2, "backward MACs") : forward_macs;
  if (bias) b.other_ops = static_cast<Count>(out);
  b.saves_input = true;
  return b;
}

Shape Flatten::infer(std::span<const Shape> in) const {
  Count n = in[0].elements();
  if (n > static_cast<Count>(INT64_MAX)) throw OpError("tensor size overflows 64 bits");
  return Shape{{static_cast<std::int64_t>(n)}};
}

}  // namespace archcalc
