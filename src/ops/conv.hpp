// 2-D convolution with per-side padding, dilation and groups.
#pragma once

#include "ops/op_base.hpp"
#include "ops/window.hpp"

namespace archcalc {

struct Conv {
  static constexpr std::string_view kName = "conv";
  static constexpr int kMinInputs = 1, kMaxInputs = 1;

  std::int64_t out = 1;  // output channels
  Hw kernel, stride, dilation;
  Padding pad;
  std::int64_t groups = 1;
  bool bias = true;

  void parse(AttrReader& r);
  // C_out × H_out × W_out.
  Shape infer(std::span<const Shape> in) const;
  // weights C_out·(C_in/g)·kh·kw; MACs H_out·W_out·C_out·(C_in/g)·kh·kw; bias adds as other ops.
  Cost cost(std::span<const Shape> in, const Shape& out) const;
  std::string label() const;
  // A window of kernel/stride/dilation with the top/left padding.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const;
  static constexpr bool kInPlace = false;
  // Weight gradient = forward MACs, input gradient = forward MACs (when needed);
  // bias gradient 1 other op per output element. Saves its input.
  Backward backward(std::span<const Shape> in, const Shape& out, bool input_grad) const;
  // Padding resolved for this input.
  Pads pads(const Shape& in) const {
    return resolve_pads(pad, in.h(), in.w(), kernel, stride, dilation);
  }
};

}  // namespace archcalc
