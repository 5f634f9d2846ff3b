// Ops that join branches: channel concatenation and element-wise addition.
#pragma once

#include "ops/op_base.hpp"

namespace archcalc {

// Concatenation along channels (dims[0]); the other dims must agree.
struct Concat {
  static constexpr std::string_view kName = "concat";
  static constexpr Category kCategory = Category::kMerge;
  static constexpr int kMinInputs = 2, kMaxInputs = kUnbounded;
  static constexpr std::string_view kCountedAs = "", kOtherOps = "";
  static constexpr std::array<std::string_view, 1> kOnnx{"Concat"};
  template <class S, class V>
  static void attributes(S&, V&) {}
  // Along axis 1 only.
  static Imported from_onnx(const OnnxNode& n, AttrWriter&) {
    if (n.integer("axis", 1) != 1) {
      return Imported::unsupported("concatenation along an axis other than 1");
    }
    return Imported::ok();
  }
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const { return "concat"; }
  // The union of the inputs' fields (see union_field).
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape>) const {
    return union_field(in);
  }
  static constexpr bool kInPlace = false;
  // Each input's gradient is a slice of the output's: no work, nothing saved.
  Backward backward(std::span<const Shape>, const Shape&, bool) const { return {}; }
};

// Element-wise sum of equal shapes (residual connections). Other ops:
// (inputs − 1) adds per element.
struct Add {
  static constexpr std::string_view kName = "add";
  static constexpr Category kCategory = Category::kMerge;
  static constexpr int kMinInputs = 2, kMaxInputs = kUnbounded;
  static constexpr std::string_view kCountedAs = "element-wise add",
                                    kOtherOps = "inputs − 1 per element";
  // Add(x, constant) after a conv or fc is that layer's bias instead (the
  // ONNX importer folds it).
  static constexpr std::array<std::string_view, 2> kOnnx{"Add", "Sum"};
  template <class S, class V>
  static void attributes(S&, V&) {}
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape> in, const Shape& y) const;
  std::string label() const { return "add"; }
  // The union of the inputs' fields (see union_field).
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape>) const {
    return union_field(in);
  }
  static constexpr bool kInPlace = false;
  // Each input's gradient is the output's: no work, nothing saved.
  Backward backward(std::span<const Shape>, const Shape&, bool) const { return {}; }
};

// A network input; the top-level `input:` key declares one, `op: input` more.
struct Input {
  static constexpr std::string_view kName = "input";
  static constexpr Category kCategory = Category::kInput;
  static constexpr int kMinInputs = 0, kMaxInputs = 0;
  static constexpr std::string_view kCountedAs = "", kOtherOps = "";
  Shape shape;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.shape("shape", s.shape);
  }
  // [C, H, W] or [N].
  void check(AttrReader& r) const;
  Shape infer(std::span<const Shape>) const { return shape; }
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const { return "input"; }
  // A pixel sees itself; a vector input has no spatial field.
  std::optional<Field> field(std::span<const Field>, std::span<const Shape>) const {
    return shape.is_map() ? std::optional<Field>(input_field()) : std::nullopt;
  }
  static constexpr bool kInPlace = false;
  Backward backward(std::span<const Shape>, const Shape&, bool) const { return {}; }
};

}  // namespace archcalc
