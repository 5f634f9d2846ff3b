// What every op declares. An op is a struct with its attributes as members and
// these hooks (checked by the OpHooks concept in ops.hpp, so a missing hook is
// a build error):
//
//   static constexpr std::string_view kName;        // the YAML `op:` value
//   static constexpr int kMinInputs, kMaxInputs;     // kMaxInputs < 0: unbounded
//   void parse(AttrReader&);                         // attributes, defaults, ranges
//   Shape infer(std::span<const Shape> in) const;    // output shape; OpError if invalid
//   Cost cost(std::span<const Shape> in, const Shape& out) const;  // counts at batch 1
//   std::string label() const;                       // "conv 7×7/2", for tables and DOT
//   std::optional<Field> field(std::span<const Field> in,
//                              std::span<const Shape> in_shapes) const;
//                                                    // receptive field of an output unit
//   static constexpr bool kInPlace;                  // may overwrite its only input
//   Backward backward(std::span<const Shape> in, const Shape& out, bool input_grad) const;
//                                                    // gradient cost; input_grad: the input
//                                                    // depends on a trainable parameter
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/cost.hpp"
#include "base/shape.hpp"
#include "ops/attrs.hpp"
#include "ops/field.hpp"
#include "util/diag.hpp"

namespace archcalc {

constexpr int kUnbounded = -1;

}  // namespace archcalc
