// Ops that join branches: channel concatenation and element-wise addition.
#pragma once

#include "ops/op_base.hpp"

namespace archcalc {

// Concatenation along channels (dims[0]); the other dims must agree.
struct Concat {
  static constexpr std::string_view kName = "concat";
  static constexpr int kMinInputs = 2, kMaxInputs = kUnbounded;
  void parse(AttrReader&) {}
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const { return "concat"; }
};

// Element-wise sum of equal shapes (residual connections). Other ops:
// (inputs − 1) adds per element.
struct Add {
  static constexpr std::string_view kName = "add";
  static constexpr int kMinInputs = 2, kMaxInputs = kUnbounded;
  void parse(AttrReader&) {}
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape> in, const Shape& y) const;
  std::string label() const { return "add"; }
};

// A network input; the top-level `input:` key declares one, `op: input` more.
struct Input {
  static constexpr std::string_view kName = "input";
  static constexpr int kMinInputs = 0, kMaxInputs = 0;
  Shape shape;

  void parse(AttrReader& r);
  Shape infer(std::span<const Shape>) const { return shape; }
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const { return "input"; }
};

}  // namespace archcalc
