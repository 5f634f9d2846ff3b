// Fully connected (inner product); a C×H×W input is flattened implicitly.
#pragma once

#include "ops/op_base.hpp"

namespace archcalc {

struct FullyConnected {
  static constexpr std::string_view kName = "fc";
  static constexpr Category kCategory = Category::kLinear;
  static constexpr MacKind kMacKind = MacKind::kLinear;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "bias adds", kOtherOps = "1 per output element";
  static constexpr std::string_view kBackwardOps = "bias gradient 1 per output element";
  static constexpr std::array<std::string_view, 2> kOnnx{"Gemm", "MatMul"};
  static constexpr std::array<CaffeType, 1> kCaffe{
      CaffeType{"InnerProduct", "inner_product_param"}};

  std::int64_t out = 1;  // output features
  bool bias = true;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.integer("out", s.out, std::nullopt, 1);
    v.boolean("bias", s.bias, true);
  }
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs);
  // weight [out, in], bias [out].
  std::vector<ParamSpec> params(std::span<const Shape> in) const;
  Shape infer(std::span<const Shape> in) const;
  // MACs in·out; bias adds as other ops.
  Cost cost(std::span<const Shape> in, const Shape& out) const;
  std::string label() const { return "fc"; }
  // Reads every input unit: global over a map.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const {
    return whole_input_field(in[0], shapes[0]);
  }
  static constexpr bool kInPlace = false;
  // Weight gradient = forward MACs, input gradient = forward MACs (when needed);
  // bias gradient 1 other op per output. Saves its input.
  Backward backward(std::span<const Shape> in, const Shape& out, bool input_grad) const;
};

// Reshapes any input to a vector of its elements.
struct Flatten {
  static constexpr std::string_view kName = "flatten";
  static constexpr Category kCategory = Category::kReshape;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "", kOtherOps = "", kBackwardOps = "0";
  static constexpr std::array<std::string_view, 2> kOnnx{"Flatten", "Reshape"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"Flatten", "flatten_param"}};
  template <class S, class V>
  static void attributes(S&, V&) {}
  // Flatten on axis 1; Reshape to [N, -1].
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  // Axis 1 to the end only.
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs);
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const { return "flatten"; }
  // No spatial axes remain: global over a map.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const {
    return whole_input_field(in[0], shapes[0]);
  }
  static constexpr bool kInPlace = false;
  // A reshape back: no work, nothing saved.
  Backward backward(std::span<const Shape>, const Shape&, bool) const { return {}; }
};

}  // namespace archcalc
