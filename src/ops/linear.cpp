#include "ops/linear.hpp"

#include "ops/binary.hpp"
#include "ops/weighted.hpp"

namespace archcalc {

std::vector<ParamSpec> Linear::params(std::span<const Shape> in) const {
  const std::int64_t features = in[0].dims.back();
  mul(static_cast<Count>(features), static_cast<Count>(out), "weights");
  std::vector<ParamSpec> specs{
      {"weight", {out, features}, ParamRole::kWeight, Init::kWeight, features}};
  if (bias) specs.push_back({"bias", {out}, ParamRole::kBias, Init::kBias, features});
  return specs;
}

Shape Linear::infer(std::span<const Shape> in) const {
  Shape y = in[0];
  y.dims.back() = out;
  y.elements();  // checked for overflow
  return y;
}

Cost Linear::cost(std::span<const Shape> in, const Shape& y) const {
  Cost c;
  c.macs = mul(y.elements(), static_cast<Count>(in[0].dims.back()), "MACs");
  if (bias) c.other_ops = y.elements();
  return c;
}

Backward Linear::backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
  return weighted_backward(cost(in, y).macs, bias ? y.elements() : 0, input_grad);
}

namespace {

// The leading (batch-of-matrices) axes of a shape of rank ≥ 2.
Shape leading(const Shape& s) {
  return Shape{{s.dims.begin(), s.dims.end() - 2}};
}

}  // namespace

Shape MatMul::infer(std::span<const Shape> in) const {
  const Shape &a = in[0], &b = in[1];
  if (a.rank() < 2 || b.rank() < 2) {
    throw OpError("matmul multiplies matrices: inputs " + a.str() + " and " + b.str() +
                  " need at least 2 axes each");
  }
  const std::int64_t m = a.dims[a.rank() - 2], k = a.dims.back();
  const std::int64_t kb = transpose_b ? b.dims.back() : b.dims[b.rank() - 2];
  const std::int64_t n = transpose_b ? b.dims[b.rank() - 2] : b.dims.back();
  if (k != kb) {
    throw OpError("matmul of " + a.str() + " and " + b.str() +
                  (transpose_b ? " (b transposed)" : "") + ": the inner dimensions differ, " +
                  std::to_string(k) + " against " + std::to_string(kb));
  }
  Shape y;
  if (a.rank() > 2 || b.rank() > 2) {
    if (a.rank() != b.rank()) {
      throw OpError("matmul of " + a.str() + " and " + b.str() +
                    ": the inputs differ in rank (the leading axes broadcast at equal ranks)");
    }
    const Shape lead[2] = {leading(a), leading(b)};
    y = broadcast_shapes(lead);
  }
  y.dims.push_back(m);
  y.dims.push_back(n);
  y.elements();  // checked for overflow
  return y;
}

Cost MatMul::cost(std::span<const Shape> in, const Shape& y) const {
  return Cost{.macs = mul(y.elements(), static_cast<Count>(in[0].dims.back()), "MACs")};
}

Backward MatMul::backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
  if (!input_grad) return {};
  const Count forward_macs = cost(in, y).macs;
  Count sums = 0;
  for (const Shape& x : in) {
    // The part of y's leading axes each input was broadcast along.
    Shape full = y;
    full.dims[full.rank() - 2] = x.dims[x.rank() - 2];
    full.dims.back() = x.dims.back();
    sums = add(sums, broadcast_reduction(x, full), "backward ops");
  }
  return Backward{
      .macs = mul(forward_macs, 2, "backward MACs"), .other_ops = sums, .saves_input = true};
}

}  // namespace archcalc
