// Ops that keep their input's shape, other than the activations: LRN, batch
// norm, dropout, softmax.
#pragma once

#include "ops/axes.hpp"
#include "ops/op_base.hpp"

namespace archcalc {

// Local response normalization across channels (AlexNet, GoogLeNet).
// Other ops per element: `size` multiply-adds for the window's sum of squares,
// plus 3 (scale, power, divide).
struct Lrn {
  static constexpr std::string_view kName = "lrn";
  static constexpr Category kCategory = Category::kNormalization;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "LRN", kOtherOps = "size + 3 per element";
  static constexpr std::string_view kBackwardOps = "as its forward";
  static constexpr std::array<std::string_view, 1> kOnnx{"LRN"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"LRN", "lrn_param"}};
  std::int64_t size = 5;
  double alpha = 1e-4, beta = 0.75, k = 1.0;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.integer("size", s.size, 5, 1);
    v.number("alpha", s.alpha, 1e-4, -1e6, 1e6);
    v.number("beta", s.beta, 0.75, -1e6, 1e6);
    v.number("k", s.k, 1.0, -1e6, 1e6);
  }
  void check(AttrReader& r) const;
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  // Across channels only.
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs);
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
  static constexpr Category kCategory = Category::kNormalization;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "batch norm", kOtherOps = "2 per element";
  static constexpr std::string_view kBackwardOps = "3 per element (γ/β) + 4 (input)";
  static constexpr std::array<std::string_view, 1> kOnnx{"BatchNormalization"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"BatchNorm", "batch_norm_param"}};
  double eps = 1e-5;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.number("eps", s.eps, 1e-5, 0.0, 1.0);
  }
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
    attrs.set_number("eps", layer.number("eps", 1e-5, 0.0, 1.0));
    return Imported::ok();
  }
  // weight (γ) [C], bias (β) [C], running_mean [C], running_var [C].
  std::vector<ParamSpec> params(std::span<const Shape> in) const;
  Shape infer(std::span<const Shape> in) const { return in[0]; }
  Cost cost(std::span<const Shape>, const Shape& y) const {
    return Cost{.other_ops = mul(y.elements(), 2, "other ops")};
  }
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
  static constexpr Category kCategory = Category::kRegularization;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "", kOtherOps = "", kBackwardOps = "1 per element";
  static constexpr std::array<std::string_view, 1> kOnnx{"Dropout"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"Dropout", "dropout_param"}};
  double rate = 0.5;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.number("rate", s.rate, 0.5, 0.0, 1.0);
  }
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
    attrs.set_number("rate", layer.number("dropout_ratio", 0.5, 0.0, 1.0));
    return Imported::ok();
  }
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
  float apply(float x) const { return x; }
};

// Softmax over chosen axes (attention's last axis: `axes: [-1]`), or over all
// of an item's elements when none are given (a classifier's output). Other
// ops: 3 per element (exponential, sum, divide).
struct Softmax {
  static constexpr std::string_view kName = "softmax";
  static constexpr Category kCategory = Category::kOutput;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "softmax", kOtherOps = "3 per element";
  static constexpr std::string_view kBackwardOps = "3 per element";
  static constexpr std::array<std::string_view, 1> kOnnx{"Softmax"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"Softmax", "softmax_param"}};
  // Over the channels only: axis 0 of an item.
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
    caffe_axis_1(layer, "axis");
    attrs.set_ints("axes", {0});
    return Imported::ok();
  }
  std::vector<std::int64_t> axes;  // empty: all

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.ints("axes", s.axes, std::vector<std::int64_t>{}, -static_cast<std::int64_t>(kMaxListLength),
           {-1});
  }
  // ONNX's axis (opset 13: the last by default), without the batch.
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape>, const Shape& y) const {
    return Cost{.other_ops = mul(y.elements(), 3, "other ops")};
  }
  std::string label() const { return axes.empty() ? "softmax" : "softmax " + axes_text(axes); }
  // Over all elements: global over a map; else as a reduction over the axes.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const;
  static constexpr bool kInPlace = false;
  // 3 other ops per element (y·(dy − Σ dy·y)); saves its output.
  Backward backward(std::span<const Shape>, const Shape& y, bool input_grad) const {
    if (!input_grad) return {};
    return Backward{.other_ops = mul(y.elements(), 3, "backward ops"), .saves_output = true};
  }
};

}  // namespace archcalc
