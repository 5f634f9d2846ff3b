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
};

// Reshapes any input to a vector of its elements.
struct Flatten {
  static constexpr std::string_view kName = "flatten";
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  void parse(AttrReader&) {}
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const { return "flatten"; }
};

}  // namespace archcalc
