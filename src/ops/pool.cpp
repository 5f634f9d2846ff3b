#include "ops/pool.hpp"

#include <algorithm>

#include "ops/pool_backward.hpp"

namespace archcalc {

template <PoolMode M>
void Pool<M>::check(AttrReader& r) const {
  if (!global && pad.mode == Padding::Mode::kExplicit &&
      (pad.top >= kernel.h || pad.bottom >= kernel.h || pad.left >= kernel.w ||
       pad.right >= kernel.w)) {
    r.fail("pad", "padding must be smaller than the window");
  }
}

template <PoolMode M>
Imported Pool<M>::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  if (n.type().starts_with("Global")) {
    if (auto d = n.dims(0); d && d->size() != 4) {
      return Imported::declined(std::string(kName) + " (4-dim input)");
    }
    attrs.set_bool("global", true);
    return Imported::ok();
  }
  if (n.ints("kernel_shape").size() != 2) {
    return Imported::declined(std::string(kName) + " (4-dim input)");
  }
  auto dilations = n.ints("dilations");
  if (std::any_of(dilations.begin(), dilations.end(), [](auto d) { return d != 1; })) {
    return Imported::unsupported("dilated pooling is not supported");
  }
  if (n.outputs() > 1 && !n.output(1).empty()) {
    return Imported::unsupported("pooling indices output");
  }
  if (auto why = onnx_window(n, attrs, n.ints("kernel_shape")); !why.empty()) {
    return Imported::unsupported(why);
  }
  attrs.set_word("round", n.integer("ceil_mode", 0) ? "ceil" : "floor");
  if (M == PoolMode::kAvg) attrs.set_bool("count_pad", n.integer("count_include_pad", 0) != 0);
  return Imported::ok();
}

template <PoolMode M>
Imported Pool<M>::from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
  const std::string mode = layer.word("pool", {"MAX", "AVE", "STOCHASTIC"}, "MAX");
  if (mode == "STOCHASTIC") layer.fail("pool", "stochastic pooling is not supported");
  const char* takes = M == PoolMode::kMax ? "MAX" : "AVE";
  if (mode != takes) return Imported::declined(std::string("pool: ") + takes);
  if (layer.boolean("global_pooling", false)) {
    layer.point_at("global_pooling");
    attrs.set_bool("global", true);
  } else {
    caffe_window(layer, attrs, true);
  }
  const std::string round = layer.word("round_mode", {"CEIL", "FLOOR"}, "CEIL");
  layer.point_at("");
  attrs.set_word("round", round == "CEIL" ? "ceil" : "floor");
  return Imported::ok();
}

template <PoolMode M>
Shape Pool<M>::infer(std::span<const Shape> in) const {
  const Shape& x = in[0];
  require_map(x);
  if (global) return Shape{{x.c(), 1, 1}};
  Pads p = pads(x);
  return Shape{{x.c(), window_output(x.h(), p.top, p.bottom, kernel.h, stride.h, 1, ceil, "height"),
                window_output(x.w(), p.left, p.right, kernel.w, stride.w, 1, ceil, "width")}};
}

template <PoolMode M>
Cost Pool<M>::cost(std::span<const Shape> in, const Shape& y) const {
  Hw k = window(in[0]);
  Cost c;
  c.other_ops = mul(y.elements(), product("other ops", k.h, k.w), "other ops");
  return c;
}

template <PoolMode M>
std::optional<Field> Pool<M>::field(std::span<const Field> in,
                                    std::span<const Shape> shapes) const {
  if (global) return global_field(in[0], shapes[0]);
  return window_field(in[0], kernel, stride, Hw{1, 1}, pads(shapes[0]));
}

template <PoolMode M>
Backward Pool<M>::backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
  return pool_backward<M>(
      y.elements(), [&] { return cost(in, y).other_ops; }, input_grad);
}

template <PoolMode M>
std::string Pool<M>::label() const {
  std::string s(kName);
  if (global) return s + " global";
  s += " " + window_label(kernel, stride);
  if (ceil) s += " ceil";
  return s;
}

template struct Pool<PoolMode::kMax>;
template struct Pool<PoolMode::kAvg>;

}  // namespace archcalc
