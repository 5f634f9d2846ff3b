#include "ops/elementwise.hpp"

#include "ops/window.hpp"

namespace archcalc {

void Lrn::parse(AttrReader& r) {
  size = r.integer("size", 5, 1);
  if (size % 2 == 0) r.fail("size", "size must be odd, got " + std::to_string(size));
  alpha = r.number("alpha", 1e-4, -1e6, 1e6);
  beta = r.number("beta", 0.75, -1e6, 1e6);
  k = r.number("k", 1.0, -1e6, 1e6);
}

Shape Lrn::infer(std::span<const Shape> in) const {
  require_map(in[0]);
  return in[0];
}

Cost Lrn::cost(std::span<const Shape>, const Shape& y) const {
  return Cost{.other_ops = mul(y.elements(), static_cast<Count>(size) + 3, "other ops")};
}

Cost BatchNorm::cost(std::span<const Shape> in, const Shape& y) const {
  auto channels = static_cast<Count>(in[0].dims.at(0));
  Cost c;
  c.affine = mul(channels, 2, "params");
  c.buffers = c.affine;
  c.other_ops = mul(y.elements(), 2, "other ops");
  return c;
}

}  // namespace archcalc
