// y = x · s: a constant factor (attention's 1/√d), or a learned vector along
// one axis (`learned: true`: ConvNeXt's and CaiT's layer scale, one value per
// channel by default). Other ops: 1 per element.
#pragma once

#include "ops/axes.hpp"
#include "ops/op_base.hpp"

namespace archcalc {

struct Scale {
  static constexpr std::string_view kName = "scale";
  static constexpr Category kCategory = Category::kNormalization;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "scale", kOtherOps = "1 per element";
  static constexpr std::string_view kBackwardOps = "1 per element (input) + 2 (a learned scale)";
  // Caffe's Scale outside a BatchNorm pair (one learned value per channel)
  // and Power with power 1 and shift 0 (a constant factor).
  static constexpr std::array<CaffeType, 2> kCaffe{CaffeType{"Scale", "scale_param"},
                                                   CaffeType{"Power", "power_param"}};
  double factor = 1.0;
  bool learned = false;
  std::int64_t axis = 0;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.boolean("learned", s.learned, false);
    if (v.only_when(!s.learned, {"factor"}, "a learned scale")) {
      v.number("factor", s.factor, 1.0, -1e6, 1e6);
    }
    if (v.only_when(s.learned, {"axis"}, "a constant factor")) {
      v.integer("axis", s.axis, 0, -static_cast<std::int64_t>(kMaxListLength));
    }
  }
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs);
  // A learned scale: weight [size of `axis`].
  std::vector<ParamSpec> params(std::span<const Shape> in) const {
    if (!learned) return {};
    return {{"weight",
             {in[0].dims[resolve_axis(axis, in[0].rank())]},
             ParamRole::kWeight,
             Init::kGamma}};
  }
  Shape infer(std::span<const Shape> in) const {
    if (learned) resolve_axis(axis, in[0].rank());  // checked
    return in[0];
  }
  Cost cost(std::span<const Shape>, const Shape& y) const {
    return Cost{.other_ops = y.elements()};
  }
  std::string label() const;
  // Element-wise: the input's field.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape>) const {
    return in[0];
  }
  static constexpr bool kInPlace = true;
  // The input gradient s · dy (1 per element, when needed); a learned scale's
  // gradient x · dy summed (2 per element, from the saved input).
  Backward backward(std::span<const Shape>, const Shape& y, bool input_grad) const {
    const Count per = (input_grad ? 1 : 0) + (learned ? 2 : 0);
    return Backward{.other_ops = mul(y.elements(), per, "backward ops"), .saves_input = learned};
  }
};

}  // namespace archcalc
