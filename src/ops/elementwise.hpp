// Ops that keep their input's shape: activations, LRN, batch norm, dropout, softmax.
#pragma once

#include "ops/op_base.hpp"

namespace archcalc {

enum class ActKind { kRelu, kRelu6, kLeakyRelu, kSigmoid, kTanh };

constexpr std::string_view act_name(ActKind k) {
  switch (k) {
    case ActKind::kRelu:
      return "relu";
    case ActKind::kRelu6:
      return "relu6";
    case ActKind::kLeakyRelu:
      return "leaky_relu";
    case ActKind::kSigmoid:
      return "sigmoid";
    case ActKind::kTanh:
      return "tanh";
  }
  return "";
}

// An activation: one other op per element.
template <ActKind K>
struct Activation {
  static constexpr std::string_view kName = act_name(K);
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  double alpha = 0.01;  // leaky_relu's negative slope

  void parse(AttrReader& r) {
    if constexpr (K == ActKind::kLeakyRelu) alpha = r.number("alpha", 0.01, -1e6, 1e6);
  }
  Shape infer(std::span<const Shape> in) const { return in[0]; }
  Cost cost(std::span<const Shape>, const Shape& y) const {
    return Cost{.other_ops = y.elements()};
  }
  std::string label() const { return std::string(kName); }
  // Element-wise over the map: the input's field.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape>) const {
    return in[0];
  }
  static constexpr bool kInPlace = true;
  // relu, relu6, leaky_relu: 1 other op per element (the mask); sigmoid,
  // tanh: 3 per element (dy·y·(1−y), dy·(1−y²)). Saves its output.
  Backward backward(std::span<const Shape>, const Shape& y, bool input_grad) const {
    constexpr Count per = K == ActKind::kSigmoid || K == ActKind::kTanh ? 3 : 1;
    if (!input_grad) return {};
    return Backward{.other_ops = mul(y.elements(), per, "backward ops"), .saves_output = true};
  }
};

using Relu = Activation<ActKind::kRelu>;
using Relu6 = Activation<ActKind::kRelu6>;
using LeakyRelu = Activation<ActKind::kLeakyRelu>;
using Sigmoid = Activation<ActKind::kSigmoid>;
using Tanh = Activation<ActKind::kTanh>;

// Local response normalization across channels (AlexNet, GoogLeNet).
// Other ops per element: `size` multiply-adds for the window's sum of squares,
// plus 3 (scale, power, divide).
struct Lrn {
  static constexpr std::string_view kName = "lrn";
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  std::int64_t size = 5;
  double alpha = 1e-4, beta = 0.75, k = 1.0;

  void parse(AttrReader& r);
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape>, const Shape& y) const;
  std::string label() const { return "lrn " + std::to_string(size); }
  // Across channels only: the input's field.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape>) const {
    return in[0];
  }
  static constexpr bool kInPlace = false;
  // As many other ops as the forward (size + 3 per element); saves input and output.
  Backward backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
    if (!input_grad) return {};
    return Backward{.other_ops = cost(in, y).other_ops, .saves_input = true, .saves_output = true};
  }
};

// Batch normalization over channels (dims[0]). Params: gamma and beta (2·C);
// buffers: running mean and variance (2·C). Other ops: 2 per element (the
// inference form y = a·x + b).
struct BatchNorm {
  static constexpr std::string_view kName = "batchnorm";
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  double eps = 1e-5;

  void parse(AttrReader& r) { eps = r.number("eps", 1e-5, 0.0, 1.0); }
  Shape infer(std::span<const Shape> in) const { return in[0]; }
  Cost cost(std::span<const Shape> in, const Shape& y) const;
  std::string label() const { return "batchnorm"; }
  // Element-wise over the map: the input's field.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape>) const {
    return in[0];
  }
  static constexpr bool kInPlace = false;
  // γ/β gradients 3 other ops per element (dβ 1, dγ 2); the input gradient 4
  // more (when needed). Saves its input.
  Backward backward(std::span<const Shape>, const Shape& y, bool input_grad) const {
    return Backward{.other_ops = mul(y.elements(), input_grad ? 7 : 3, "backward ops"),
                    .saves_input = true};
  }
};

// Dropout: an identity at inference; costs nothing.
struct Dropout {
  static constexpr std::string_view kName = "dropout";
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  double rate = 0.5;

  void parse(AttrReader& r) { rate = r.number("rate", 0.5, 0.0, 1.0); }
  Shape infer(std::span<const Shape> in) const { return in[0]; }
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const { return "dropout"; }
  // Element-wise over the map: the input's field.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape>) const {
    return in[0];
  }
  static constexpr bool kInPlace = true;
  // 1 other op per element (the mask); saves the mask (output-sized).
  Backward backward(std::span<const Shape>, const Shape& y, bool input_grad) const {
    if (!input_grad) return {};
    return Backward{.other_ops = y.elements(), .saves_output = true};
  }
};

// Softmax over all elements. Other ops: 3 per element (exponential, sum, divide).
struct Softmax {
  static constexpr std::string_view kName = "softmax";
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  void parse(AttrReader&) {}
  Shape infer(std::span<const Shape> in) const { return in[0]; }
  Cost cost(std::span<const Shape>, const Shape& y) const {
    return Cost{.other_ops = mul(y.elements(), 3, "other ops")};
  }
  std::string label() const { return "softmax"; }
  // Every output reads every input: global over a map.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const {
    return whole_input_field(in[0], shapes[0]);
  }
  static constexpr bool kInPlace = false;
  // 3 other ops per element (y·(dy − Σ dy·y)); saves its output.
  Backward backward(std::span<const Shape>, const Shape& y, bool input_grad) const {
    if (!input_grad) return {};
    return Backward{.other_ops = mul(y.elements(), 3, "backward ops"), .saves_output = true};
  }
};

}  // namespace archcalc
