// What the ONNX importer knows about a model's values: which names are
// weights (initializers, or graph inputs only used as weights), their shapes,
// and the small constant tensors (Reshape targets, Clip bounds) it may read.
#pragma once

#include <onnx/onnx_pb.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace archcalc::onnx_import {

// Dims of a value as declared (-1 where a dim is symbolic or absent).
using Dims = std::vector<std::int64_t>;

class ModelValues {
 public:
  explicit ModelValues(const onnx::GraphProto& graph);

  // Declared dims of `name` (initializer, graph input, output or value_info).
  std::optional<Dims> dims(const std::string& name) const;
  // True for an initializer or a Constant node's output.
  bool is_constant(const std::string& name) const;
  // The integer or float values of a constant of at most `max` elements.
  std::optional<std::vector<double>> values(const std::string& name, std::size_t max = 64) const;
  // Registers a Constant node's output.
  void add_constant(const std::string& name, const onnx::TensorProto* t);

 private:
  std::map<std::string, const onnx::TensorProto*> constants_;
  std::map<std::string, Dims> dims_;
};

// The first string of `model` that archcalc reads (the graph's name, node
// names, op types, value names, attribute names and string values) and that
// is not valid UTF-8, described ("the op_type of node 3"), or "" when all are.
// Such a string would otherwise reach the reports (JSON refuses it).
std::string first_non_utf8(const onnx::ModelProto& model);

// The attribute `name` of `node`, or null.
const onnx::AttributeProto* attribute(const onnx::NodeProto& node, const std::string& name);

}  // namespace archcalc::onnx_import
