// Fully connected (inner product); a C×H×W input is flattened implicitly.
#pragma once

#include "ops/op_base.hpp"

namespace archcalc {

struct FullyConnected {
  static constexpr std::string_view kName = "fc";
  static constexpr int kMinInputs = 1, kMaxInputs = 1;

  std::int64_t out = 1;  // output features
  bool bias = true;

  void parse(AttrReader& r);
  Shape infer(std::span<const Shape> in) const;
  // weights in·out; MACs in·out; bias adds as other ops.
  Cost cost(std::span<const Shape> in, const Shape& out) const;
  std::string label() const { return "fc"; }
  // Reads every input unit: global over a map.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const {
    return whole_input_field(in[0], shapes[0]);
  }
  static constexpr bool kInPlace = false;
  // Weight gradient = forward MACs, input gradient = forward MACs (when needed);
  // bias gradient 1 other op per output. Saves its input.
  Backward backward(std::span<const Shape> in, const Shape& out, bool input_grad) const;
};

// Reshapes any input to a vector of its elements.
struct Flatten {
  static constexpr std::string_view kName = "flatten";
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  void parse(AttrReader&) {}
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const { return "flatten"; }
  // No spatial axes remain: global over a map.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const {
    return whole_input_field(in[0], shapes[0]);
  }
  static constexpr bool kInPlace = false;
  // A reshape back: no work, nothing saved.
  Backward backward(std::span<const Shape>, const Shape&, bool) const { return {}; }
};

}  // namespace archcalc
