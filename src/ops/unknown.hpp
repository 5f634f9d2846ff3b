// An op an imported model uses that archcalc does not count (ONNX with
// --allow-unknown). It counts nothing and every report marks it "not counted".
#pragma once

#include <optional>
#include <vector>

#include "ops/op_base.hpp"

namespace archcalc {

struct Unknown {
  static constexpr std::string_view kName = "unknown";
  static constexpr Category kCategory = Category::kUnknown;
  static constexpr int kMinInputs = 1, kMaxInputs = kUnbounded;
  static constexpr std::string_view kCountedAs = "", kOtherOps = "", kBackwardOps = "";
  std::string type;                 // the source's op type: "Resize"
  std::vector<std::int64_t> shape;  // output shape (no batch) when the source gives it

  // Not writable in YAML: an uncounted op would hide cost from a hand-written file.
  template <class S, class V>
  static void attributes(S&, V&) {}
  void check(AttrReader& r) const;
  // `shape` when known; else the input's shape when there is exactly one input.
  Shape infer(std::span<const Shape> in) const;
  // Nothing: the op is not counted.
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  // "Resize (not counted)".
  std::string label() const { return type + " (not counted)"; }
  // Unknown: the layers after it have no receptive field either.
  std::optional<Field> field(std::span<const Field>, std::span<const Shape>) const {
    return std::nullopt;
  }
  static constexpr bool kInPlace = false;
  // Nothing, as for the forward pass.
  Backward backward(std::span<const Shape>, const Shape&, bool) const { return {}; }
};

}  // namespace archcalc
