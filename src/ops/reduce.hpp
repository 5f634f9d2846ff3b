// Reductions over chosen axes: the mean (squeeze-and-excitation's squeeze,
// global pooling of tokens) and the maximum. `axes` count without the batch
// (see axes.hpp); `keepdims` keeps each reduced axis as 1.
#pragma once

#include "ops/axes.hpp"
#include "ops/op_base.hpp"

namespace archcalc {

// The output shape of reducing `in` over `axes`.
Shape reduced_shape(const Shape& in, const std::vector<std::int64_t>& axes, bool keepdims);
// The field of a reduction: global when it reduces a map's H or W, else the input's.
std::optional<Field> reduced_field(const Field& in, const Shape& shape,
                                   const std::vector<std::int64_t>& axes);
// ONNX's axes (with the batch, attribute or constant input 1) and keepdims.
Imported reduce_from_onnx(const OnnxNode& n, AttrWriter& attrs);

template <class Self>
struct Reduce {
  static constexpr Category kCategory = Category::kPooling;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  std::vector<std::int64_t> axes;
  bool keepdims = false;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.ints("axes", s.axes, std::nullopt, -static_cast<std::int64_t>(kMaxListLength), {1, 2});
    v.boolean("keepdims", s.keepdims, false);
  }
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs) {
    return reduce_from_onnx(n, attrs);
  }
  Shape infer(std::span<const Shape> in) const { return reduced_shape(in[0], axes, keepdims); }
  std::string label() const { return std::string(Self::kName) + " " + axes_text(axes); }
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const {
    return reduced_field(in[0], shapes[0], axes);
  }
  static constexpr bool kInPlace = false;
};

// The mean. Other ops: 1 per input element (the sums) + 1 per output element
// (the division). Backward: dy / n spread over the input (1 per input element).
struct Mean : Reduce<Mean> {
  static constexpr std::string_view kName = "mean";
  static constexpr std::string_view kCountedAs = "mean",
                                    kOtherOps = "1 per input element + 1 per output element";
  static constexpr std::string_view kBackwardOps = "1 per input element";
  static constexpr std::array<std::string_view, 1> kOnnx{"ReduceMean"};
  Cost cost(std::span<const Shape> in, const Shape& y) const {
    return Cost{.other_ops = add(in[0].elements(), y.elements(), "other ops")};
  }
  Backward backward(std::span<const Shape> in, const Shape&, bool input_grad) const {
    if (!input_grad) return {};
    return Backward{.other_ops = in[0].elements()};
  }
};

// The maximum. Other ops: 1 per input element (the comparisons). Backward:
// dy routed to the maximum (1 per input element); saves input and output.
struct ReduceMax : Reduce<ReduceMax> {
  static constexpr std::string_view kName = "max";
  static constexpr std::string_view kCountedAs = "max", kOtherOps = "1 per input element";
  static constexpr std::string_view kBackwardOps = "1 per input element";
  static constexpr std::array<std::string_view, 1> kOnnx{"ReduceMax"};
  Cost cost(std::span<const Shape> in, const Shape&) const {
    return Cost{.other_ops = in[0].elements()};
  }
  Backward backward(std::span<const Shape> in, const Shape&, bool input_grad) const {
    if (!input_grad) return {};
    return Backward{.other_ops = in[0].elements(), .saves_input = true, .saves_output = true};
  }
};

}  // namespace archcalc
