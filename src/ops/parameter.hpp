// A learned tensor that joins the activations: ViT's class token (concatenated
// to the patch tokens) and position embedding (added to them), Swin's relative
// position bias table. A layer of its own with no inputs; its elements count
// as parameters (weights), and every batch item sees the same values.
#pragma once

#include "ops/op_base.hpp"

namespace archcalc {

struct Parameter {
  static constexpr std::string_view kName = "parameter";
  static constexpr Category kCategory = Category::kParameter;
  static constexpr int kMinInputs = 0, kMaxInputs = 0;
  static constexpr std::string_view kCountedAs = "", kOtherOps = "", kBackwardOps = "0";
  Shape shape;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.shape("shape", s.shape);
  }
  // weight [shape].
  std::vector<ParamSpec> params(std::span<const Shape>) const {
    return {{"weight", shape.dims, ParamRole::kWeight, Init::kBeta}};
  }
  Shape infer(std::span<const Shape>) const { return shape; }
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const { return "parameter"; }
  // Not computed from the input: no field.
  std::optional<Field> field(std::span<const Field>, std::span<const Shape>) const {
    return std::nullopt;
  }
  static constexpr bool kInPlace = false;
  // Its gradient is the sum over the batch of what arrives: at batch 1, no work.
  Backward backward(std::span<const Shape>, const Shape&, bool) const { return {}; }
};

}  // namespace archcalc
