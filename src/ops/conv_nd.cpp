#include "ops/conv_nd.hpp"

#include <algorithm>

#include "ops/weighted.hpp"
#include "ops/window.hpp"

namespace archcalc {

namespace {

constexpr std::array<const char*, 3> kAxisNames{"depth", "height", "width"};

}  // namespace

template <std::size_t N>
void ConvNd<N>::check(AttrReader& r) const {
  check_count(r, "kernel", kernel, N, false, kAxes);
  check_count(r, "stride", stride, N, false, kAxes);
  check_count(r, "pad", pad, N, true, kAxes);
  check_count(r, "dilation", dilation, N, false, kAxes);
  if (out % groups != 0) {
    r.fail("groups", "out (" + std::to_string(out) + ") must be divisible by groups (" +
                         std::to_string(groups) + ")");
  }
}

template <std::size_t N>
Window3 ConvNd<N>::window() const {
  Window3 w;
  const auto k = per_axis(kernel, N), s = per_axis(stride, N), d = per_axis(dilation, N);
  const auto p = begin_end(pad, N);
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t a = 3 - N + i;
    w.kernel[a] = k[i];
    w.stride[a] = s[i];
    w.dilation[a] = d[i];
    w.lo[a] = p[2 * i];
    w.hi[a] = p[2 * i + 1];
  }
  return w;
}

template <std::size_t N>
Shape ConvNd<N>::infer(std::span<const Shape> in) const {
  const Shape& x = in[0];
  if (x.rank() != N + 1) {
    throw OpError("needs a " + std::string(kInput) + " input, got " + x.str());
  }
  if (x.c() % groups != 0) {
    throw OpError("input channels (" + std::to_string(x.c()) + ") must be divisible by groups (" +
                  std::to_string(groups) + ")");
  }
  const Window3 w = window();
  Shape y{{out}};
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t a = 3 - N + i;
    y.dims.push_back(window_output(x.dims[i + 1], w.lo[a], w.hi[a], w.kernel[a], w.stride[a],
                                   w.dilation[a], false, N == 1 ? "length" : kAxisNames[a]));
  }
  return y;
}

template <std::size_t N>
std::vector<ParamSpec> ConvNd<N>::params(std::span<const Shape> in) const {
  const auto k = per_axis(kernel, N);
  std::vector<std::int64_t> dims{out, in[0].c() / groups};
  Count fan_in = static_cast<Count>(in[0].c() / groups);
  for (std::int64_t v : k) {
    dims.push_back(v);
    fan_in = mul(fan_in, static_cast<Count>(v), "weights");
  }
  const auto fan = static_cast<std::int64_t>(fan_in);
  std::vector<ParamSpec> specs{{"weight", dims, ParamRole::kWeight, Init::kWeight, fan}};
  if (bias) specs.push_back({"bias", {out}, ParamRole::kBias, Init::kBias, fan});
  return specs;
}

template <std::size_t N>
Cost ConvNd<N>::cost(std::span<const Shape> in, const Shape& y) const {
  Count per_output = static_cast<Count>(in[0].c() / groups);
  for (std::int64_t v : per_axis(kernel, N)) {
    per_output = mul(per_output, static_cast<Count>(v), "weights");
  }
  Cost c;
  c.macs = mul(y.elements(), per_output, "MACs");
  if (bias) c.other_ops = y.elements();
  return c;
}

template <std::size_t N>
Backward ConvNd<N>::backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
  return weighted_backward(cost(in, y).macs, bias ? y.elements() : 0, input_grad);
}

template <std::size_t N>
std::string ConvNd<N>::label() const {
  std::string s = std::string(kName) + " " + sizes_label(per_axis(kernel, N), per_axis(stride, N));
  const auto d = per_axis(dilation, N);
  if (std::any_of(d.begin(), d.end(), [](auto v) { return v != 1; })) {
    s += ",d" + sizes_label(d, std::vector<std::int64_t>(N, 1));
  }
  if (groups != 1) s += " g" + std::to_string(groups);
  return s;
}

template <std::size_t N>
Imported ConvNd<N>::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  auto w = n.dims(1);
  if (!w || !known_dims(*w)) return Imported::unsupported("the weight has no known shape");
  if (w->size() != N + 2) {
    return Imported::declined(std::string(kName) + " (a weight of " + std::to_string(N + 2) +
                              " dims)");
  }
  std::vector<std::int64_t> k(w->begin() + 2, w->end());
  auto given = n.ints("kernel_shape");
  if (!given.empty() && given != k) {
    return Imported::unsupported("'kernel_shape' disagrees with the weight");
  }
  if (auto why = onnx_window_nd(n, attrs, k); !why.empty()) return Imported::unsupported(why);
  auto dilations = n.ints("dilations");
  if (!dilations.empty()) {
    if (dilations.size() != N) {
      return Imported::unsupported("'dilations' must have " + std::to_string(N) + " values");
    }
    attrs.set_ints("dilation", dilations);
  }
  attrs.set_ints("out", {(*w)[0]});
  attrs.set_ints("groups", {n.integer("group", 1)});
  attrs.set_bool("bias", !n.input(2).empty());
  return Imported::ok();
}

template struct ConvNd<1>;
template struct ConvNd<3>;

}  // namespace archcalc
