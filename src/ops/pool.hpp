// Max and average pooling: windows with stride, per-side padding, Caffe's ceil
// rounding, or global over the whole map.
#pragma once

#include "ops/op_base.hpp"
#include "ops/window.hpp"

namespace archcalc {

enum class PoolMode { kMax, kAvg };

template <PoolMode M>
struct Pool {
  static constexpr std::string_view kName = M == PoolMode::kMax ? "maxpool" : "avgpool";
  static constexpr int kMinInputs = 1, kMaxInputs = 1;

  bool global = false;  // window = the whole map
  Hw kernel, stride;
  Padding pad;
  bool ceil = false;      // round the output size up (Caffe's default)
  bool count_pad = true;  // avgpool: padded cells count in the divisor

  void parse(AttrReader& r);
  Shape infer(std::span<const Shape> in) const;
  // Other ops: output elements × window (comparisons for max, adds for average).
  Cost cost(std::span<const Shape> in, const Shape& out) const;
  std::string label() const;
  // The window (the whole map when global), with the top/left padding.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const;
  static constexpr bool kInPlace = false;
  // Max: 1 other op per output element (the gradient routed to the maximum;
  // saves its input to find it). Average: output elements × window (spread
  // over the window; saves nothing). None without an input gradient.
  Backward backward(std::span<const Shape> in, const Shape& out, bool input_grad) const;
  // The window for this input (the whole map when global).
  Hw window(const Shape& in) const { return global ? Hw{in.h(), in.w()} : kernel; }
  Pads pads(const Shape& in) const {
    return global ? Pads{} : resolve_pads(pad, in.h(), in.w(), kernel, stride, Hw{1, 1});
  }
};

using MaxPool = Pool<PoolMode::kMax>;
using AvgPool = Pool<PoolMode::kAvg>;

}  // namespace archcalc
