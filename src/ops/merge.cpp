#include "ops/merge.hpp"

namespace archcalc {

namespace {
std::string list_shapes(std::span<const Shape> in) {
  std::string s;
  for (const auto& x : in) s += (s.empty() ? "" : ", ") + x.str();
  return s;
}
}  // namespace

Shape Concat::infer(std::span<const Shape> in) const {
  Shape y = in[0];
  for (std::size_t i = 1; i < in.size(); ++i) {
    const Shape& x = in[i];
    bool same_rest =
        x.rank() == y.rank() && std::equal(x.dims.begin() + 1, x.dims.end(), y.dims.begin() + 1);
    if (!same_rest) {
      throw OpError("inputs must agree in all but the channel dimension, got " + list_shapes(in));
    }
    y.dims[0] += x.dims[0];  // each < 2^40 and few inputs: no overflow
    if (y.dims[0] > (std::int64_t{1} << 50)) throw OpError("channel count overflows");
  }
  return y;
}

Shape Add::infer(std::span<const Shape> in) const {
  for (const auto& x : in) {
    if (!(x == in[0])) throw OpError("inputs must have the same shape, got " + list_shapes(in));
  }
  return in[0];
}

Cost Add::cost(std::span<const Shape> in, const Shape& y) const {
  return Cost{.other_ops = mul(y.elements(), in.size() - 1, "other ops")};
}

void Input::check(AttrReader& r) const {
  if (shape.dims.size() == 2) r.fail("shape", "shape must be [C, H, W] or [N]");
}

}  // namespace archcalc
