// Ops that join branches: channel concatenation and element-wise addition.
#pragma once

#include "ops/axes.hpp"
#include "ops/op_base.hpp"

namespace archcalc {

// Concatenation along `axis` (the channels, dims[0], by default; the tokens
// of a T×D sequence: a class token); the other dims must agree.
struct Concat {
  static constexpr std::string_view kName = "concat";
  static constexpr Category kCategory = Category::kMerge;
  static constexpr int kMinInputs = 2, kMaxInputs = kUnbounded;
  static constexpr std::string_view kCountedAs = "", kOtherOps = "", kBackwardOps = "0";
  static constexpr std::array<std::string_view, 1> kOnnx{"Concat"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"Concat", "concat_param"}};
  // Along the channels only.
  static Imported from_caffe(CaffeMessage& layer, AttrWriter&) {
    caffe_axis_1(layer, "axis");
    caffe_axis_1(layer, "concat_dim");
    return Imported::ok();
  }
  std::int64_t axis = 0;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.integer("axis", s.axis, 0, -8);
  }
  // Any axis but the batch's.
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs) {
    const std::int64_t axis = n.integer("axis", 1);
    if (axis == 0) return Imported::unsupported("concatenation along the batch axis");
    attrs.set_ints("axis", {axis > 0 ? axis - 1 : axis});
    return Imported::ok();
  }
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const { return axis == 0 ? "concat" : "concat " + std::to_string(axis); }
  // Along the channels: the union of the inputs' fields (see union_field);
  // along another axis the positions differ: none.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const {
    if (resolve_axis(axis, shapes[0].rank()) != 0) return std::nullopt;
    return union_field(in);
  }
  static constexpr bool kInPlace = false;
  // Each input's gradient is a slice of the output's: no work, nothing saved.
  Backward backward(std::span<const Shape>, const Shape&, bool) const { return {}; }
};

// Element-wise sum (residual connections), broadcasting as mul does
// (binary.hpp). Other ops: (inputs − 1) adds per output element.
struct Add {
  static constexpr std::string_view kName = "add";
  static constexpr Category kCategory = Category::kMerge;
  static constexpr int kMinInputs = 2, kMaxInputs = kUnbounded;
  static constexpr std::string_view kCountedAs = "element-wise add",
                                    kOtherOps = "inputs − 1 per element",
                                    kBackwardOps =
                                        "0, + output − input elements for a broadcast input";
  // Add(x, constant) after a conv or fc is that layer's bias instead (the
  // ONNX importer folds it).
  static constexpr std::array<std::string_view, 2> kOnnx{"Add", "Sum"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"Eltwise", "eltwise_param"}};
  // Eltwise SUM with coefficients 1 only.
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs);
  template <class S, class V>
  static void attributes(S&, V&) {}
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape> in, const Shape& y) const;
  std::string label() const { return "add"; }
  // The union of the inputs' fields (see union_field).
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const {
    return union_field(in, shapes);
  }
  static constexpr bool kInPlace = false;
  // Each input's gradient is the output's (no work, nothing saved), summed
  // over the axes it was broadcast along.
  Backward backward(std::span<const Shape> in, const Shape& y, bool input_grad) const;
};

// A network input; the top-level `input:` key declares one, `op: input` more.
struct Input {
  static constexpr std::string_view kName = "input";
  static constexpr Category kCategory = Category::kInput;
  static constexpr int kMinInputs = 0, kMaxInputs = 0;
  static constexpr std::string_view kCountedAs = "", kOtherOps = "", kBackwardOps = "";
  Shape shape;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.shape("shape", s.shape);
  }
  Shape infer(std::span<const Shape>) const { return shape; }
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const { return "input"; }
  // A pixel (a voxel) sees itself; other shapes have no spatial field.
  std::optional<Field> field(std::span<const Field>, std::span<const Shape>) const {
    return input_field(shape);
  }
  static constexpr bool kInPlace = false;
  Backward backward(std::span<const Shape>, const Shape&, bool) const { return {}; }
};

}  // namespace archcalc
