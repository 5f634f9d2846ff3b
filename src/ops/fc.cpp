#include "ops/fc.hpp"

#include "ops/weighted.hpp"

namespace archcalc {

Imported FullyConnected::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  const bool gemm = n.type() == "Gemm";
  if (!n.dims(1) && !n.is_constant(1)) {
    return Imported::unsupported("the second operand '" + n.input(1) +
                                 "' is not a weight of known shape");
  }
  auto b = n.dims(1);
  if (!b || b->size() != 2 || !known_dims(*b)) {
    return Imported::unsupported("the weight '" + n.input(1) + "' has no known 2-D shape");
  }
  bool trans_b = gemm && n.integer("transB", 0) != 0;
  if (gemm && n.integer("transA", 0) != 0) return Imported::unsupported("transA is not supported");
  attrs.set_ints("out", {trans_b ? (*b)[0] : (*b)[1]});
  attrs.set_bool("bias", gemm && !n.input(2).empty());
  return Imported::ok();
}

std::vector<ParamSpec> FullyConnected::params(std::span<const Shape> in) const {
  mul(in[0].elements(), static_cast<Count>(out), "weights");  // checked before the dims
  const auto fan_in = static_cast<std::int64_t>(in[0].elements());
  std::vector<ParamSpec> specs{
      {"weight", {out, fan_in}, ParamRole::kWeight, Init::kWeight, fan_in}};
  if (bias) specs.push_back({"bias", {out}, ParamRole::kBias, Init::kBias, fan_in});
  return specs;
}

Shape FullyConnected::infer(std::span<const Shape> in) const {
  in[0].elements();  // checked for overflow
  return Shape{{out}};
}

Cost FullyConnected::cost(std::span<const Shape> in, const Shape&) const {
  Cost c;
  c.macs = mul(in[0].elements(), static_cast<Count>(out), "MACs");
  if (bias) c.other_ops = static_cast<Count>(out);
  return c;
}

Backward FullyConnected::backward(std::span<const Shape> in, const Shape& y,
                                  bool input_grad) const {
  return weighted_backward(cost(in, y).macs, bias ? static_cast<Count>(out) : 0, input_grad);
}

Imported FullyConnected::from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
  const std::int64_t out = layer.integer("num_output", std::nullopt, 1);
  layer.point_at("num_output");
  attrs.set_ints("out", {out});
  layer.point_at("");
  attrs.set_bool("bias", layer.boolean("bias_term", true));
  caffe_axis_1(layer, "axis");
  return Imported::ok();
}

Imported Flatten::from_caffe(CaffeMessage& layer, AttrWriter&) {
  caffe_axis_1(layer, "axis");
  if (layer.has("end_axis") && layer.integer("end_axis", -1, -4) != -1) {
    layer.fail("end_axis", "'end_axis' other than -1 is not supported");
  }
  return Imported::ok();
}

Imported Flatten::from_onnx(const OnnxNode& n, AttrWriter&) {
  if (n.type() == "Flatten") {
    if (n.integer("axis", 1) != 1)
      return Imported::unsupported("Flatten with an axis other than 1");
    return Imported::ok();
  }
  auto target = n.values(1, 8);
  if (!target) return Imported::unsupported("the target shape is not a constant");
  const auto& t = *target;
  if (t.size() == 2 &&
      (t[1] == -1 ? t[0] >= -1 && t[0] <= 1 : t[0] == -1 || t[0] == 0 || t[0] == 1)) {
    return Imported::ok();  // [N, -1], [-1, features]: a flatten
  }
  return Imported::unsupported("Reshape is supported as a flatten to [N, -1] only");
}

Shape Flatten::infer(std::span<const Shape> in) const {
  Count n = in[0].elements();
  if (n > static_cast<Count>(INT64_MAX)) throw OpError("tensor size overflows 64 bits");
  return Shape{{static_cast<std::int64_t>(n)}};
}

}  // namespace archcalc
