#include "ops/conv.hpp"

#include "ops/weighted.hpp"

namespace archcalc {

void Conv::check(AttrReader& r) const {
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
  c.macs = mul(y.elements(), per_output, "MACs");
  if (bias) c.other_ops = y.elements();
  return c;
}

std::vector<ParamSpec> Conv::params(std::span<const Shape> in) const {
  const auto fan_in =
      static_cast<std::int64_t>(product("weights", in[0].c() / groups, kernel.h, kernel.w));
  std::vector<ParamSpec> specs{{"weight",
                                {out, in[0].c() / groups, kernel.h, kernel.w},
                                ParamRole::kWeight,
                                Init::kWeight,
                                fan_in}};
  if (bias) specs.push_back({"bias", {out}, ParamRole::kBias, Init::kBias, fan_in});
  return specs;
}

Imported Conv::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  auto w = n.dims(1);
  if (!w || !known_dims(*w)) {
    return Imported::unsupported("the weight '" + n.input(1) + "' has no known shape");
  }
  if (w->size() != 4) return Imported::declined("conv (a weight of 4 dims)");
  std::vector<std::int64_t> k(w->begin() + 2, w->end());
  auto given = n.ints("kernel_shape");
  if (!given.empty() && given != k) {
    return Imported::unsupported("'kernel_shape' disagrees with the weight");
  }
  if (auto why = onnx_window(n, attrs, k); !why.empty()) return Imported::unsupported(why);
  auto dilations = n.ints("dilations");
  if (!dilations.empty()) {
    if (dilations.size() != 2) return Imported::unsupported("'dilations' must have 2 values");
    attrs.set_ints("dilation", dilations);
  }
  attrs.set_ints("out", {(*w)[0]});
  attrs.set_ints("groups", {n.integer("group", 1)});
  attrs.set_bool("bias", !n.input(2).empty());
  return Imported::ok();
}

Imported Conv::from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
  const std::int64_t out = layer.integer("num_output", std::nullopt, 1);
  layer.point_at("num_output");
  attrs.set_ints("out", {out});
  caffe_window(layer, attrs, true);
  auto dilation = layer.hw("dilation", 1);
  if (!dilation.empty()) attrs.set_ints("dilation", dilation);
  if (layer.has("group")) {
    const std::int64_t groups = layer.integer("group", 1, 1);
    layer.point_at("group");
    attrs.set_ints("groups", {groups});
  }
  layer.point_at("");
  attrs.set_bool("bias", layer.boolean("bias_term", true));
  caffe_axis_1(layer, "axis");
  return Imported::ok();
}

std::optional<Field> Conv::field(std::span<const Field> in, std::span<const Shape> shapes) const {
  return window_field(in[0], kernel, stride, dilation, pads(shapes[0]));
}

Backward Conv::backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
  return weighted_backward(cost(in, y).macs, bias ? y.elements() : 0, input_grad);
}

std::string Conv::label() const {
  std::string s = "conv " + window_label(kernel, stride, dilation);
  if (groups != 1) s += " g" + std::to_string(groups);
  return s;
}

}  // namespace archcalc
