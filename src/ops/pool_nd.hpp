// Max and average pooling over 1 spatial axis (C×L) or 3 (C×D×H×W), as
// PyTorch's MaxPool1d/3d and AvgPool1d/3d: windows with stride, padding per
// side, ceil rounding, or global over every position.
#pragma once

#include "ops/op_base.hpp"
#include "ops/pool.hpp"
#include "ops/window_nd.hpp"

namespace archcalc {

template <PoolMode M, std::size_t N>
struct PoolNd {
  static constexpr std::string_view kName = M == PoolMode::kMax
                                                ? (N == 1 ? "maxpool1d" : "maxpool3d")
                                                : (N == 1 ? "avgpool1d" : "avgpool3d");
  static constexpr int kSpatialAxes = N;  // the axes after the channels of its input
  static constexpr std::string_view kAxes = N == 1 ? "L" : "D, H and W";
  static constexpr std::string_view kInput = N == 1 ? "C×L" : "C×D×H×W";
  static constexpr Category kCategory = Category::kPooling;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "pooling", kOtherOps = "output elements × window";
  static constexpr std::string_view kBackwardOps = Pool<M>::kBackwardOps;
  static constexpr std::array<std::string_view, 2> kOnnx = Pool<M>::kOnnx;

  bool global = false;
  std::vector<std::int64_t> kernel{1}, stride{1}, pad{0};
  bool ceil = false;
  bool count_pad = true;  // avgpool: padded cells count in the divisor

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.boolean("global", s.global, false);
    if (v.only_when(!s.global, {"kernel", "stride", "pad"}, "a global pool")) {
      v.sizes("kernel", s.kernel, std::nullopt, 1, N, {3});
      v.sizes("stride", s.stride, s.kernel, 1, N, {2}, "= kernel");
      v.sizes("pad", s.pad, std::vector<std::int64_t>{0}, 0, 2 * N, {1});
    }
    v.word("round", s.ceil, {"floor", "ceil"}, false);
    if constexpr (M == PoolMode::kAvg) v.boolean("count_pad", s.count_pad, true);
  }
  // Counts of values per axis; padding smaller than the window.
  void check(AttrReader& r) const;
  // A window of N axes (kernel_shape), or a global pool of an N + 2-dim input.
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  Shape infer(std::span<const Shape> in) const;
  // Other ops: output elements × window (comparisons for max, adds for average).
  Cost cost(std::span<const Shape> in, const Shape& out) const;
  std::string label() const;
  // 3d: the window over D, H and W (the whole volume when global). 1d: none
  // (a C×L input has no field).
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const {
    if constexpr (N == 3) {
      if (global) return global_field(in[0], shapes[0]);
      return window_field(in[0], window(shapes[0]));
    }
    return std::nullopt;
  }
  static constexpr bool kInPlace = false;
  // As the 2-D pools: max 1 per output element (saves its input), average
  // output elements × window; none without an input gradient.
  Backward backward(std::span<const Shape> in, const Shape& out, bool input_grad) const;
  // The window for this input resolved on 3 axes (the whole input when global).
  Window3 window(const Shape& in) const;
};

using MaxPool1d = PoolNd<PoolMode::kMax, 1>;
using AvgPool1d = PoolNd<PoolMode::kAvg, 1>;
using MaxPool3d = PoolNd<PoolMode::kMax, 3>;
using AvgPool3d = PoolNd<PoolMode::kAvg, 3>;

}  // namespace archcalc
