#include "ops/elementwise.hpp"

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

}  // namespace archcalc
