// What every op declares. An op is a struct with its attributes as members and
// these declarations (checked by the OpHooks concept in ops.hpp, so a missing
// one is a build error):
//
//   static constexpr std::string_view kName;        // the YAML `op:` value
//   static constexpr Category kCategory;            // activation, pooling, ...
//   static constexpr int kMinInputs, kMaxInputs;     // kMaxInputs < 0: unbounded
//   static constexpr std::string_view kOtherOps;    // the counting rule of its other ops,
//                                                    // "1 per element"; "" when none
//   static constexpr std::string_view kCountedAs;   // what the report headers call those
//                                                    // ops ("pooling"); activations are
//                                                    // named by kName
//   static constexpr std::string_view kBackwardOps; // the counting rule of its backward other
//                                                    // ops, "1 per element"; "" when it has
//                                                    // no backward (input)
//   template <class Self, class V> static void attributes(Self&, V&);
//                                                    // the attribute table (attr_table.hpp)
//   Shape infer(std::span<const Shape> in) const;    // output shape; OpError if invalid
//   Cost cost(std::span<const Shape> in, const Shape& out) const;
//                                                    // MACs and other ops at batch 1 (the
//                                                    // params and buffers come from params())
//   std::string label() const;                       // "conv 7×7/2", for tables and DOT
//   std::optional<Field> field(std::span<const Field> in,
//                              std::span<const Shape> in_shapes) const;
//                                                    // receptive field of an output unit
//   static constexpr bool kInPlace;                  // may overwrite its only input
//   Backward backward(std::span<const Shape> in, const Shape& out, bool input_grad) const;
//                                                    // gradient cost; input_grad: the input
//                                                    // depends on a trainable parameter
//
// and, where they apply:
//
//   void check(AttrReader&) const;                   // checks across attributes
//   std::vector<ParamSpec> params(std::span<const Shape> in) const;
//                                                    // parameter tensors (params.hpp)
//   static constexpr std::array<std::string_view, N> kOnnx;  // ONNX node types (import.hpp)
//   static Imported from_onnx(const OnnxNode&, AttrWriter&);
//   static constexpr std::array<CaffeType, N> kCaffe;        // Caffe layer types
//   static Imported from_caffe(CaffeMessage&, AttrWriter&);    // (import_caffe.hpp)
//   float apply(float x) const;                      // element-wise ops: the value, from
//                                                    // which the reference kernel derives
//   static constexpr MacKind kMacKind;               // ops with MACs: which part of the
//                                                    // breakdown they count in
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/cost.hpp"
#include "base/shape.hpp"
#include "ops/attr_table.hpp"
#include "ops/attrs.hpp"
#include "ops/field.hpp"
#include "ops/import.hpp"
#include "ops/import_caffe.hpp"
#include "ops/params.hpp"
#include "util/diag.hpp"

namespace archcalc {

constexpr int kUnbounded = -1;

// What kind of op it is. Lists of ops are derived from it: the `act:`
// shorthands and the activation group of the counting conventions
// (kActivation), the rows `--compact` leaves out (kActivation,
// kRegularization), depth (kLinear).
enum class Category {
  kInput,
  kLinear,  // conv, fc: weighted layers, the ones depth counts
  kPooling,
  kReshape,
  kActivation,  // element-wise, one input, its shape
  kNormalization,
  kRegularization,  // identity at inference
  kMerge,
  kOutput,     // softmax
  kParameter,  // a learned tensor as a layer (a class token)
  kUnknown,    // an imported op that is not counted
};

// The parts of the MACs breakdown: convolutions, fully connected and linear
// layers (a parameter matrix), and products of two activations (attention).
enum class MacKind { kNone, kConv, kLinear, kMatmul };

constexpr std::string_view category_name(Category c) {
  switch (c) {
    case Category::kInput:
      return "input";
    case Category::kLinear:
      return "linear";
    case Category::kPooling:
      return "pooling";
    case Category::kReshape:
      return "reshape";
    case Category::kActivation:
      return "activation";
    case Category::kNormalization:
      return "normalization";
    case Category::kRegularization:
      return "regularization";
    case Category::kMerge:
      return "merge";
    case Category::kOutput:
      return "output";
    case Category::kParameter:
      return "parameter";
    case Category::kUnknown:
      return "unknown";
  }
  return "";
}

}  // namespace archcalc
