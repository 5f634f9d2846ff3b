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
  static constexpr Category kCategory = Category::kPooling;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "pooling", kOtherOps = "output elements × window";
  static constexpr std::string_view kBackwardOps =
      M == PoolMode::kMax ? "1 per output element" : "output elements × window";
  static constexpr std::array<std::string_view, 2> kOnnx =
      M == PoolMode::kMax ? std::array<std::string_view, 2>{"MaxPool", "GlobalMaxPool"}
                          : std::array<std::string_view, 2>{"AveragePool", "GlobalAveragePool"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"Pooling", "pooling_param"}};

  bool global = false;  // window = the whole map
  Hw kernel, stride;
  Padding pad;
  bool ceil = false;      // round the output size up (Caffe's default)
  bool count_pad = true;  // avgpool: padded cells count in the divisor

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.boolean("global", s.global, false);
    if (v.only_when(!s.global, {"kernel", "stride", "pad"}, "a global pool")) {
      v.pair("kernel", s.kernel, std::nullopt, 1);
      v.pair("stride", s.stride, s.kernel, 1, "= kernel");
      v.padding("pad", s.pad);
    }
    v.word("round", s.ceil, {"floor", "ceil"}, false);
    if constexpr (M == PoolMode::kAvg) v.boolean("count_pad", s.count_pad, true);
  }
  // Explicit padding smaller than the window.
  void check(AttrReader& r) const;
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  // Declines the other pool mode (max: MAX, average: AVE).
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs);
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
