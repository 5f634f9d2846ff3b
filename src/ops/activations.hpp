// Element-wise activations. Each is a struct deriving from Activation<Self>,
// which supplies what every activation shares (one input, its shape, its
// field, in place, 1 other op per element unless kOtherOps says more); the
// struct adds its name, its value (`apply`, from which the reference kernel
// derives), its backward cost per element, its attributes and its ONNX types.
#pragma once

#include <algorithm>
#include <cmath>

#include "ops/op_base.hpp"

namespace archcalc {

template <class Self>
struct Activation {
  static constexpr Category kCategory = Category::kActivation;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "";
  static constexpr bool kInPlace = true;

  template <class S, class V>
  static void attributes(S&, V&) {}
  Shape infer(std::span<const Shape> in) const { return in[0]; }
  Cost cost(std::span<const Shape>, const Shape& y) const {
    return Cost{.other_ops = mul(y.elements(), Self::kOpsPerElement, "other ops")};
  }
  std::string label() const { return std::string(Self::kName); }
  // Element-wise over the map: the input's field.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape>) const {
    return in[0];
  }
  // kBackwardPerElement other ops per element; saves its output, or its input
  // when the derivative needs x (Self::kSavesInput).
  Backward backward(std::span<const Shape>, const Shape& y, bool input_grad) const {
    if (!input_grad) return {};
    constexpr bool kInput = requires {
      requires Self::kSavesInput;
    };
    return Backward{.other_ops = mul(y.elements(), Self::kBackwardPerElement, "backward ops"),
                    .saves_input = kInput,
                    .saves_output = !kInput};
  }
};

struct Relu : Activation<Relu> {
  static constexpr std::string_view kName = "relu";
  static constexpr Count kOpsPerElement = 1, kBackwardPerElement = 1;  // the mask
  static constexpr std::string_view kOtherOps = "1 per element", kBackwardOps = "1 per element";
  static constexpr std::array<std::string_view, 2> kOnnx{"Relu", "Clip"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"ReLU", "relu_param"}};
  // Clip translates as relu when its min is 0 and it has no max.
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  // Caffe's ReLU without a negative slope.
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs);
  float apply(float x) const { return std::max(x, 0.0f); }
};

struct Relu6 : Activation<Relu6> {
  static constexpr std::string_view kName = "relu6";
  static constexpr Count kOpsPerElement = 1, kBackwardPerElement = 1;
  static constexpr std::string_view kOtherOps = "1 per element", kBackwardOps = "1 per element";
  static constexpr std::array<std::string_view, 1> kOnnx{"Clip"};
  // Clip with min 0 and max 6.
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  float apply(float x) const { return std::clamp(x, 0.0f, 6.0f); }
};

struct LeakyRelu : Activation<LeakyRelu> {
  static constexpr std::string_view kName = "leaky_relu";
  static constexpr Count kOpsPerElement = 1, kBackwardPerElement = 1;
  static constexpr std::string_view kOtherOps = "1 per element", kBackwardOps = "1 per element";
  static constexpr std::array<std::string_view, 1> kOnnx{"LeakyRelu"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"ReLU", "relu_param"}};
  double alpha = 0.01;  // the negative slope

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.number("alpha", s.alpha, 0.01, -1e6, 1e6);
  }
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs) {
    attrs.set_number("alpha", n.real("alpha", 0.01));
    return Imported::ok();
  }
  // Caffe's ReLU with a negative slope (relu takes the others first).
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
    const double slope = layer.number("negative_slope", 0.0, -1e6, 1e6);
    layer.point_at("negative_slope");
    attrs.set_number("alpha", slope);
    return Imported::ok();
  }
  float apply(float x) const { return x > 0.0f ? x : static_cast<float>(alpha) * x; }
};

struct Sigmoid : Activation<Sigmoid> {
  static constexpr std::string_view kName = "sigmoid";
  static constexpr Count kOpsPerElement = 1, kBackwardPerElement = 3;  // dy·y·(1−y)
  static constexpr std::string_view kOtherOps = "1 per element", kBackwardOps = "3 per element";
  static constexpr std::array<std::string_view, 1> kOnnx{"Sigmoid"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"Sigmoid", ""}};
  float apply(float x) const { return 1.0f / (1.0f + std::exp(-x)); }
};

struct Tanh : Activation<Tanh> {
  static constexpr std::string_view kName = "tanh";
  static constexpr Count kOpsPerElement = 1, kBackwardPerElement = 3;  // dy·(1−y²)
  static constexpr std::string_view kOtherOps = "1 per element", kBackwardOps = "3 per element";
  static constexpr std::array<std::string_view, 1> kOnnx{"Tanh"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"TanH", ""}};
  float apply(float x) const { return std::tanh(x); }
};

}  // namespace archcalc
