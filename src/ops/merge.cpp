#include "ops/merge.hpp"

#include "ops/axes.hpp"
#include "ops/binary.hpp"

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
  const std::size_t a = resolve_axis(axis, y.rank());
  for (std::size_t i = 1; i < in.size(); ++i) {
    const Shape& x = in[i];
    bool same_rest = x.rank() == y.rank();
    for (std::size_t d = 0; same_rest && d < y.rank(); ++d)
      same_rest = d == a || x.dims[d] == y.dims[d];
    if (!same_rest) {
      throw OpError(a == 0 ? "inputs must agree in all but the channel dimension, got " +
                                 list_shapes(in)
                           : "inputs must agree in all but axis " + std::to_string(a) + ", got " +
                                 list_shapes(in));
    }
    y.dims[a] += x.dims[a];  // each < 2^40 and few inputs: no overflow
    if (y.dims[a] > (std::int64_t{1} << 50)) {
      throw OpError(a == 0 ? "channel count overflows" : "concatenated size overflows");
    }
  }
  return y;
}

Imported Add::from_caffe(CaffeMessage& layer, AttrWriter&) {
  const std::string mode = layer.word("operation", {"PROD", "SUM", "MAX"}, "SUM");
  if (mode != "SUM") layer.fail("operation", "Eltwise " + mode + " is not supported (only SUM)");
  const std::vector<std::string> coeffs = layer.texts("coeff");
  for (std::size_t i = 0; i < coeffs.size(); ++i) {
    if (coeffs[i] != "1" && coeffs[i] != "1.0") {
      layer.fail_value("coeff", i,
                       "Eltwise coefficients other than 1 are not supported, got " + coeffs[i]);
    }
  }
  return Imported::ok();
}

Shape Add::infer(std::span<const Shape> in) const {
  return broadcast_shapes(in);
}

Backward Add::backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
  if (!input_grad) return {};
  Count ops = 0;
  for (const Shape& x : in) ops = add(ops, broadcast_reduction(x, y), "backward ops");
  return Backward{.other_ops = ops};
}

Cost Add::cost(std::span<const Shape> in, const Shape& y) const {
  return Cost{.other_ops = mul(y.elements(), in.size() - 1, "other ops")};
}

}  // namespace archcalc
