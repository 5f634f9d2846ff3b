// PReLU: x for x > 0, a · x otherwise, with a learned slope per channel
// (dims[0], as PyTorch's nn.PReLU(C)), or one slope for every element
// (`shared: true`, nn.PReLU()).
#pragma once

#include "ops/activations.hpp"

namespace archcalc {

struct PRelu : Activation<PRelu> {
  static constexpr std::string_view kName = "prelu";
  // Backward: the input gradient a · dy under the mask (2 per element) and the
  // slope gradient x · dy summed (2 per element), from the saved input.
  static constexpr Count kOpsPerElement = 1, kBackwardPerElement = 4;
  static constexpr bool kSavesInput = true;
  static constexpr std::string_view kOtherOps = "1 per element";
  static constexpr std::string_view kBackwardOps =
      "4 per element (2 when only the slope needs one)";
  static constexpr std::array<std::string_view, 1> kOnnx{"PRelu"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"PReLU", "prelu_param"}};
  bool shared = false;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.boolean("shared", s.shared, false);
  }
  // The slope: [C], or [1] when shared.
  std::vector<ParamSpec> params(std::span<const Shape> in) const {
    return {{"weight", {shared ? 1 : in[0].dims.at(0)}, ParamRole::kWeight, Init::kBeta}};
  }
  // The slope must be one value or one per channel ([C] or [C, 1, 1]).
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  // Caffe's `channel_shared` is `shared`.
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
    layer.point_at("channel_shared");
    attrs.set_bool("shared", layer.boolean("channel_shared", false));
    return Imported::ok();
  }
  // The slope's gradient needs the input even when the input needs none.
  Backward backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
    Backward b = Activation<PRelu>::backward(in, y, true);
    if (!input_grad) b.other_ops = mul(y.elements(), 2, "backward ops");
    return b;
  }
};

}  // namespace archcalc
