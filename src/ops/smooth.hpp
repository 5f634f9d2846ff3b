// The activations of today's networks: the hard approximations of MobileNetV3
// (hardswish, hardsigmoid), the self-gated ones (silu, gelu, mish) and elu.
// Like every activation each costs 1 other op per element forward; the
// backward counts are the other ops of the derivative times the incoming
// gradient, per element, as each comment states.
#pragma once

#include <cmath>
#include <numbers>

#include "ops/activations.hpp"

namespace archcalc {

// x · relu6(x + 3) / 6. Backward: (2x + 3) / 6 · dy inside (−3, 3), a mask
// outside: 4 per element, from the saved input.
struct HardSwish : Activation<HardSwish> {
  static constexpr std::string_view kName = "hardswish";
  static constexpr Count kOpsPerElement = 1, kBackwardPerElement = 4;
  static constexpr bool kSavesInput = true;
  static constexpr std::string_view kOtherOps = "1 per element";
  static constexpr std::string_view kBackwardOps = "4 per element";
  static constexpr std::array<std::string_view, 1> kOnnx{"HardSwish"};
  float apply(float x) const { return x * std::clamp(x + 3.0f, 0.0f, 6.0f) / 6.0f; }
};

// clamp(alpha · x + beta, 0, 1); PyTorch's hardsigmoid is alpha 1/6, beta 1/2.
// Backward: alpha · dy inside the ramp: 2 per element, from the saved input.
struct HardSigmoid : Activation<HardSigmoid> {
  static constexpr std::string_view kName = "hardsigmoid";
  static constexpr Count kOpsPerElement = 1, kBackwardPerElement = 2;
  static constexpr bool kSavesInput = true;
  static constexpr std::string_view kOtherOps = "1 per element";
  static constexpr std::string_view kBackwardOps = "2 per element";
  static constexpr std::array<std::string_view, 1> kOnnx{"HardSigmoid"};
  double alpha = 1.0 / 6.0, beta = 0.5;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.number("alpha", s.alpha, 1.0 / 6.0, -1e6, 1e6);
    v.number("beta", s.beta, 0.5, -1e6, 1e6);
  }
  // ONNX's defaults differ from PyTorch's: alpha 0.2, beta 0.5.
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs) {
    attrs.set_number("alpha", n.real("alpha", 0.2));
    attrs.set_number("beta", n.real("beta", 0.5));
    return Imported::ok();
  }
  float apply(float x) const { return static_cast<float>(std::clamp(alpha * x + beta, 0.0, 1.0)); }
};

// x · sigmoid(x) (also called swish). Backward: s · (1 + x · (1 − s)) · dy
// with s recomputed: 5 per element, from the saved input.
struct Silu : Activation<Silu> {
  static constexpr std::string_view kName = "silu";
  static constexpr Count kOpsPerElement = 1, kBackwardPerElement = 5;
  static constexpr bool kSavesInput = true;
  static constexpr std::string_view kOtherOps = "1 per element";
  static constexpr std::string_view kBackwardOps = "5 per element";
  float apply(float x) const {
    const double d = x;
    return static_cast<float>(d / (1.0 + std::exp(-d)));
  }
};

// x · Φ(x), Φ the normal distribution's CDF (erf), or its tanh
// approximation (`approximate: tanh`). Backward: Φ(x) + x · φ(x), times dy:
// 6 per element, from the saved input.
struct Gelu : Activation<Gelu> {
  static constexpr std::string_view kName = "gelu";
  static constexpr Count kOpsPerElement = 1, kBackwardPerElement = 6;
  static constexpr bool kSavesInput = true;
  static constexpr std::string_view kOtherOps = "1 per element";
  static constexpr std::string_view kBackwardOps = "6 per element";
  bool tanh_form = false;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.word("approximate", s.tanh_form, {"none", "tanh"}, false);
  }
  std::string label() const { return tanh_form ? "gelu tanh" : "gelu"; }
  float apply(float x) const {
    const double d = x;
    if (tanh_form) {
      const double k = std::sqrt(2.0 / std::numbers::pi);
      return static_cast<float>(0.5 * d * (1.0 + std::tanh(k * (d + 0.044715 * d * d * d))));
    }
    return static_cast<float>(0.5 * d * (1.0 + std::erf(d / std::sqrt(2.0))));
  }
};

// x for x > 0, alpha · (exp(x) − 1) otherwise. Backward: dy, or (y + alpha) ·
// dy: 2 per element, from the saved output.
struct Elu : Activation<Elu> {
  static constexpr std::string_view kName = "elu";
  static constexpr Count kOpsPerElement = 1, kBackwardPerElement = 2;
  static constexpr std::string_view kOtherOps = "1 per element";
  static constexpr std::string_view kBackwardOps = "2 per element";
  static constexpr std::array<std::string_view, 1> kOnnx{"Elu"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"ELU", "elu_param"}};
  double alpha = 1.0;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.number("alpha", s.alpha, 1.0, -1e6, 1e6);
  }
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs) {
    attrs.set_number("alpha", n.real("alpha", 1.0));
    return Imported::ok();
  }
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
    layer.point_at("alpha");
    attrs.set_number("alpha", layer.number("alpha", 1.0, -1e6, 1e6));
    return Imported::ok();
  }
  float apply(float x) const {
    return x > 0.0f ? x : static_cast<float>(alpha * std::expm1(static_cast<double>(x)));
  }
};

// x · tanh(softplus(x)). Backward: tanh(sp) + x · sech²(sp) · sigmoid(x),
// times dy: 8 per element, from the saved input.
struct Mish : Activation<Mish> {
  static constexpr std::string_view kName = "mish";
  static constexpr Count kOpsPerElement = 1, kBackwardPerElement = 8;
  static constexpr bool kSavesInput = true;
  static constexpr std::string_view kOtherOps = "1 per element";
  static constexpr std::string_view kBackwardOps = "8 per element";
  static constexpr std::array<std::string_view, 1> kOnnx{"Mish"};
  float apply(float x) const {
    const double d = x;
    // softplus, as PyTorch computes it: x itself above 20.
    const double sp = d > 20.0 ? d : std::log1p(std::exp(d));
    return static_cast<float>(d * std::tanh(sp));
  }
};

}  // namespace archcalc
