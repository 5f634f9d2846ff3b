// The values of small constant tensors and what the shape-only subgraphs
// exporters write compute from them (Shape → Gather → Concat → Reshape,
// ConstantOfShape, Expand, Range, Where, ...): evaluated exactly at import,
// so that a reshape target or a pad is a number, never a guess.
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace archcalc::onnx_import {

// A constant tensor: dims (all known) and its values in C order.
struct ConstValue {
  std::vector<std::int64_t> dims;
  std::vector<double> v;
  bool integer = false;  // an integer or bool tensor (division truncates)

  std::size_t size() const { return v.size(); }
};

// The most elements a constant is evaluated with (a larger one is not).
constexpr std::size_t kMaxConstElements = std::size_t{1} << 22;

// The values of `t`, or nullopt when its type is not numeric or it holds
// more than `max` elements.
std::optional<ConstValue> tensor_value(const onnx::TensorProto& t, std::size_t max);

// Evaluates `node` on constant inputs (an empty input is absent); nullopt
// when the op is not one evaluated here. Throws std::runtime_error (the
// caller names the node) when the inputs do not fit the op.
std::optional<ConstValue> evaluate(const onnx::NodeProto& node,
                                   const std::vector<std::optional<ConstValue>>& in, int opset);

// True for the op types evaluate() knows.
bool evaluable(const std::string& op_type);

// The product of `dims`, std::runtime_error past kMaxConstElements or negative.
std::size_t element_count(const std::vector<std::int64_t>& dims);

}  // namespace archcalc::onnx_import
