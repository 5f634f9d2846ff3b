// The linear algebra of transformers: `linear`, nn.Linear on the last axis of
// any tensor (tokens T×D → T×out), and `matmul`, the product of two
// activations (attention's Q·Kᵀ and A·V), batched over the leading axes.
// Both count their multiply-accumulates as MACs.
#pragma once

#include "ops/op_base.hpp"

namespace archcalc {

struct Linear {
  static constexpr std::string_view kName = "linear";
  static constexpr Category kCategory = Category::kLinear;
  static constexpr MacKind kMacKind = MacKind::kLinear;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "bias adds", kOtherOps = "1 per output element";
  static constexpr std::string_view kBackwardOps = "bias gradient 1 per output element";
  std::int64_t out = 1;  // output features
  bool bias = true;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.integer("out", s.out, std::nullopt, 1);
    v.boolean("bias", s.bias, true);
  }
  // weight [out, in], bias [out]; `in` the input's last axis.
  std::vector<ParamSpec> params(std::span<const Shape> in) const;
  // The input with its last axis `out`.
  Shape infer(std::span<const Shape> in) const;
  // MACs: output elements · input features; bias adds: 1 per output element.
  Cost cost(std::span<const Shape> in, const Shape& y) const;
  std::string label() const { return "linear " + std::to_string(out); }
  // Mixes features at each position: the input's field.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape>) const {
    return in[0];
  }
  static constexpr bool kInPlace = false;
  // Weight gradient = forward MACs, input gradient = forward MACs (when
  // needed); bias gradient 1 other op per output element. Saves its input.
  Backward backward(std::span<const Shape> in, const Shape& y, bool input_grad) const;
};

// a · b over the last two axes: a [..., M, K] · b [..., K, N] → [..., M, N];
// the leading axes broadcast (as mul's do). With `transpose_b`, b is
// [..., N, K] (Q·Kᵀ without a transpose layer). MACs: M · K · N per matrix.
struct MatMul {
  static constexpr std::string_view kName = "matmul";
  static constexpr Category kCategory = Category::kMerge;  // no weights: not a layer depth counts
  static constexpr MacKind kMacKind = MacKind::kMatmul;
  static constexpr int kMinInputs = 2, kMaxInputs = 2;
  static constexpr std::string_view kCountedAs = "", kOtherOps = "";
  static constexpr std::string_view kBackwardOps =
      "0, + output − input elements for a broadcast input";
  bool transpose_b = false;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.boolean("transpose_b", s.transpose_b, false);
  }
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape> in, const Shape& y) const;
  std::string label() const { return transpose_b ? "matmul a·bᵀ" : "matmul"; }
  // Attention mixes every position: no receptive field of its own.
  std::optional<Field> field(std::span<const Field>, std::span<const Shape>) const {
    return std::nullopt;
  }
  static constexpr bool kInPlace = false;
  // Each input's gradient is one more product of the forward's size (2×
  // forward MACs when the inputs need them), plus the sums over broadcast
  // axes. Saves both inputs.
  Backward backward(std::span<const Shape> in, const Shape& y, bool input_grad) const;
};

}  // namespace archcalc
