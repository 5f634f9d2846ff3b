// Element-wise arithmetic of two activations with broadcasting: mul, sub,
// div (and add, in merge.hpp, which takes any number of inputs). The shapes
// (batch excluded) must have the same rank; along each axis their sizes are
// equal or one of them is 1, as NumPy broadcasts (squeeze-and-excitation's
// C×H×W · C×1×1). Equal ranks because both carry the batch axis: a C-vector
// against a C×H×W map would meet W, not C. Other ops: 1 per output element.
#pragma once

#include "ops/op_base.hpp"

namespace archcalc {

// The broadcast shape of `in`; OpError naming the axis that disagrees.
Shape broadcast_shapes(std::span<const Shape> in);

// An input's backward share: the gradient summed over the axes it was
// broadcast along (output elements − its elements adds).
Count broadcast_reduction(const Shape& x, const Shape& y);

template <class Self>
struct Binary {
  static constexpr Category kCategory = Category::kMerge;
  static constexpr int kMinInputs = 2, kMaxInputs = 2;
  static constexpr std::string_view kOtherOps = "1 per output element";
  template <class S, class V>
  static void attributes(S&, V&) {}
  Shape infer(std::span<const Shape> in) const { return broadcast_shapes(in); }
  Cost cost(std::span<const Shape>, const Shape& y) const {
    return Cost{.other_ops = y.elements()};
  }
  std::string label() const { return std::string(Self::kName); }
  // The union of the inputs' fields (see union_field).
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const {
    return union_field(in, shapes);
  }
  static constexpr bool kInPlace = false;
  // Each input's gradient: Self::kBackwardPerElement other ops per output
  // element, plus the sum over its broadcast axes.
  Backward backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
    if (!input_grad) return {};
    Count ops = 0;
    for (const Shape& x : in) {
      ops = add(ops, mul(y.elements(), Self::kBackwardPerElement, "backward ops"), "backward ops");
      ops = add(ops, broadcast_reduction(x, y), "backward ops");
    }
    return Backward{.other_ops = ops, .saves_input = Self::kSavesInputs};
  }
};

// a · b. Backward: dy · b and dy · a (1 per output element each); saves both.
struct Mul : Binary<Mul> {
  static constexpr std::string_view kName = "mul";
  static constexpr std::string_view kCountedAs = "element-wise mul, sub and div";
  static constexpr std::string_view kBackwardOps =
      "1 per output element per input, + output − input elements for a broadcast input";
  static constexpr std::array<std::string_view, 1> kOnnx{"Mul"};
  static constexpr Count kBackwardPerElement = 1;
  static constexpr bool kSavesInputs = true;
};

// a − b. Backward: dy and −dy (the negation: 1 per output element, counted
// for both inputs as one rule).
struct Sub : Binary<Sub> {
  static constexpr std::string_view kName = "sub";
  static constexpr std::string_view kCountedAs = "element-wise mul, sub and div";
  static constexpr std::string_view kBackwardOps =
      "1 per output element per input, + output − input elements for a broadcast input";
  static constexpr std::array<std::string_view, 1> kOnnx{"Sub"};
  static constexpr Count kBackwardPerElement = 1;
  static constexpr bool kSavesInputs = false;
};

// a / b. Backward: dy / b and −dy · a / b² (2 per output element each); saves both.
struct Div : Binary<Div> {
  static constexpr std::string_view kName = "div";
  static constexpr std::string_view kCountedAs = "element-wise mul, sub and div";
  static constexpr std::string_view kBackwardOps =
      "2 per output element per input, + output − input elements for a broadcast input";
  static constexpr std::array<std::string_view, 1> kOnnx{"Div"};
  static constexpr Count kBackwardPerElement = 2;
  static constexpr bool kSavesInputs = true;
};

}  // namespace archcalc
