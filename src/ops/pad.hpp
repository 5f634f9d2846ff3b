// Padding as a layer of its own (PyTorch's F.pad, ONNX Pad): the axes after
// the first (H and W of a map, L of C×L, D, H and W of C×D×H×W) grow by a
// begin and an end count each, filled with a constant, the mirror image
// without the edge (reflect) or copies of the edge (edge). Elements move; no
// operations. A unit's field is its input's, shifted by the leading padding.
#pragma once

#include "ops/op_base.hpp"

namespace archcalc {

enum class PadMode { kConstant, kReflect, kEdge };

struct Pad {
  static constexpr std::string_view kName = "pad";
  static constexpr Category kCategory = Category::kReshape;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "", kOtherOps = "";
  static constexpr std::string_view kBackwardOps =
      "1 per added element (reflect and edge), 0 (constant)";
  static constexpr std::array<std::string_view, 1> kOnnx{"Pad"};

  // 1 value (every side), 1 per padded axis (both its sides) or a begin and
  // an end per padded axis: [top, bottom, left, right] on a map.
  std::vector<std::int64_t> pad{1};
  PadMode mode = PadMode::kConstant;
  double value = 0;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.sizes("pad", s.pad, std::nullopt, 0, 6, {1, 2, 0, 1});
    v.choice("mode", s.mode, std::array<const char*, 3>{"constant", "reflect", "edge"});
    if (v.only_when(s.mode == PadMode::kConstant, {"value"}, "reflect or edge padding")) {
      v.number("value", s.value, 0, -3.4e38, 3.4e38);
    }
  }
  // Pads of the last two axes of N×C×H×W (or the last one of N×C×L, the last
  // three of N×C×D×H×W); modes constant, reflect and edge.
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  // Begin and end per axis after the first: [b1, e1, b2, e2, …] for `in`.
  // OpError when `pad` has another number of values, or a reflect pad
  // reaches past the axis.
  std::vector<std::int64_t> sides(const Shape& in) const;
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const;
  // A map's or a volume's field, shifted by the leading padding; none for
  // other ranks.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const;
  static constexpr bool kInPlace = false;
  // Constant: the gradient is cropped, no work. Reflect and edge: each added
  // element's gradient adds onto the input element it copied, 1 other op per
  // added element. Nothing saved.
  Backward backward(std::span<const Shape> in, const Shape& out, bool input_grad) const;
};

}  // namespace archcalc
