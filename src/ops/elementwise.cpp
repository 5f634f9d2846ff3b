#include "ops/elementwise.hpp"

#include "ops/reduce.hpp"
#include "ops/window.hpp"

namespace archcalc {

void Lrn::check(AttrReader& r) const {
  if (size % 2 == 0) r.fail("size", "size must be odd, got " + std::to_string(size));
}

Imported Lrn::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  attrs.set_ints("size", {n.integer("size", 0)});
  attrs.set_number("alpha", n.real("alpha", 1e-4));
  attrs.set_number("beta", n.real("beta", 0.75));
  attrs.set_number("k", n.real("bias", 1.0));
  return Imported::ok();
}

Imported Lrn::from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
  if (layer.word("norm_region", {"ACROSS_CHANNELS", "WITHIN_CHANNEL"}, "ACROSS_CHANNELS") !=
      "ACROSS_CHANNELS") {
    layer.fail("norm_region", "LRN within a channel is not supported");
  }
  const std::int64_t size = layer.integer("local_size", 5, 1);
  layer.point_at("local_size");
  attrs.set_ints("size", {size});
  layer.point_at("");
  attrs.set_number("alpha", layer.number("alpha", 1.0, -1e6, 1e6));
  attrs.set_number("beta", layer.number("beta", 0.75, -1e6, 1e6));
  attrs.set_number("k", layer.number("k", 1.0, -1e6, 1e6));
  return Imported::ok();
}

Shape Lrn::infer(std::span<const Shape> in) const {
  require_map(in[0]);
  return in[0];
}

Cost Lrn::cost(std::span<const Shape>, const Shape& y) const {
  return Cost{.other_ops = mul(y.elements(), static_cast<Count>(size) + 3, "other ops")};
}

Imported BatchNorm::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  if (n.outputs() > 1) return Imported::unsupported("training-mode outputs are not supported");
  attrs.set_number("eps", n.real("epsilon", 1e-5));
  return Imported::ok();
}

std::vector<ParamSpec> BatchNorm::params(std::span<const Shape> in) const {
  const std::int64_t c = in[0].dims.at(0);
  return {{"weight", {c}, ParamRole::kAffine, Init::kGamma},
          {"bias", {c}, ParamRole::kAffine, Init::kBeta},
          {"running_mean", {c}, ParamRole::kBuffer, Init::kMean},
          {"running_var", {c}, ParamRole::kBuffer, Init::kVariance}};
}

Imported Dropout::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  double rate = n.real("ratio", 0.5);
  if (!n.input(1).empty()) {
    auto v = n.values(1, 1);
    if (!v || v->size() != 1) {
      return Imported::unsupported("a dropout ratio that is not a constant");
    }
    rate = (*v)[0];
  }
  attrs.set_number("rate", rate);
  return Imported::ok();
}

Imported Softmax::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  const std::int64_t axis = n.integer("axis", -1);
  if (axis == 0) return Imported::unsupported("a softmax across the batch");
  // A classifier's [N, features]: over all of an item's elements, whatever the opset.
  if (auto d = n.dims(0); d && d->size() == 2) return Imported::ok();
  attrs.set_ints("axes", {axis > 0 ? axis - 1 : axis});
  return Imported::ok();
}

Shape Softmax::infer(std::span<const Shape> in) const {
  resolve_axes(axes, in[0].rank());  // checked
  return in[0];
}

std::optional<Field> Softmax::field(std::span<const Field> in,
                                    std::span<const Shape> shapes) const {
  if (axes.empty()) return whole_input_field(in[0], shapes[0]);
  return reduced_field(in[0], shapes[0], axes);
}

}  // namespace archcalc
