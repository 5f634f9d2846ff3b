#include "ops/pool_nd.hpp"

#include <algorithm>

#include "ops/pool_backward.hpp"
#include "ops/window.hpp"

namespace archcalc {

namespace {

constexpr std::array<const char*, 3> kAxisNames{"depth", "height", "width"};

}  // namespace

template <PoolMode M, std::size_t N>
void PoolNd<M, N>::check(AttrReader& r) const {
  if (global) return;
  check_count(r, "kernel", kernel, N, false, kAxes);
  check_count(r, "stride", stride, N, false, kAxes);
  check_count(r, "pad", pad, N, true, kAxes);
  const auto k = per_axis(kernel, N);
  const auto p = begin_end(pad, N);
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] >= k[i / 2]) r.fail("pad", "padding must be smaller than the window");
  }
}

template <PoolMode M, std::size_t N>
Window3 PoolNd<M, N>::window(const Shape& in) const {
  Window3 w;
  if (global) {
    w.kernel = spatial3(in);
    return w;
  }
  const auto k = per_axis(kernel, N), s = per_axis(stride, N);
  const auto p = begin_end(pad, N);
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t a = 3 - N + i;
    w.kernel[a] = k[i];
    w.stride[a] = s[i];
    w.lo[a] = p[2 * i];
    w.hi[a] = p[2 * i + 1];
  }
  return w;
}

template <PoolMode M, std::size_t N>
Shape PoolNd<M, N>::infer(std::span<const Shape> in) const {
  const Shape& x = in[0];
  if (x.rank() != N + 1) {
    throw OpError("needs a " + std::string(kInput) + " input, got " + x.str());
  }
  Shape y{{x.c()}};
  const Window3 w = window(x);
  for (std::size_t i = 0; i < N; ++i) {
    const std::size_t a = 3 - N + i;
    y.dims.push_back(global
                         ? 1
                         : window_output(x.dims[i + 1], w.lo[a], w.hi[a], w.kernel[a], w.stride[a],
                                         1, ceil, N == 1 ? "length" : kAxisNames[a]));
  }
  return y;
}

template <PoolMode M, std::size_t N>
Cost PoolNd<M, N>::cost(std::span<const Shape> in, const Shape& y) const {
  const Window3 w = window(in[0]);
  Cost c;
  c.other_ops =
      mul(y.elements(), product("other ops", w.kernel[0], w.kernel[1], w.kernel[2]), "other ops");
  return c;
}

template <PoolMode M, std::size_t N>
Backward PoolNd<M, N>::backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
  return pool_backward<M>(
      y.elements(), [&] { return cost(in, y).other_ops; }, input_grad);
}

template <PoolMode M, std::size_t N>
std::string PoolNd<M, N>::label() const {
  std::string s(kName);
  if (global) return s + " global";
  s += " " + sizes_label(per_axis(kernel, N), per_axis(stride, N));
  if (ceil) s += " ceil";
  return s;
}

template <PoolMode M, std::size_t N>
Imported PoolNd<M, N>::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  const std::string takes = std::string(kName) + " (" + std::to_string(N + 2) + "-dim input)";
  if (n.type().starts_with("Global")) {
    auto d = n.dims(0);
    if (!d || d->size() != N + 2) return Imported::declined(takes);
    attrs.set_bool("global", true);
    return Imported::ok();
  }
  const auto kernel = n.ints("kernel_shape");
  if (kernel.size() != N) return Imported::declined(takes);
  auto dilations = n.ints("dilations");
  if (std::any_of(dilations.begin(), dilations.end(), [](auto d) { return d != 1; })) {
    return Imported::unsupported("dilated pooling is not supported");
  }
  if (n.outputs() > 1 && !n.output(1).empty()) {
    return Imported::unsupported("pooling indices output");
  }
  if (auto why = onnx_window_nd(n, attrs, kernel); !why.empty()) return Imported::unsupported(why);
  attrs.set_word("round", n.integer("ceil_mode", 0) ? "ceil" : "floor");
  if (M == PoolMode::kAvg) attrs.set_bool("count_pad", n.integer("count_include_pad", 0) != 0);
  return Imported::ok();
}

template struct PoolNd<PoolMode::kMax, 1>;
template struct PoolNd<PoolMode::kAvg, 1>;
template struct PoolNd<PoolMode::kMax, 3>;
template struct PoolNd<PoolMode::kAvg, 3>;

}  // namespace archcalc
