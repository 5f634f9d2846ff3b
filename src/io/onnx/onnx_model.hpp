// What the ONNX importer knows about a model's values: which names are
// weights (initializers, or graph inputs only used as weights), their shapes,
// the constants (initializers, Constant nodes and what the importer computed
// from them) and the full dims (batch included) of the activations it built.
#pragma once

#include <onnx/onnx_pb.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "io/onnx/onnx_consts.hpp"

namespace archcalc::onnx_import {

// Dims of a value as declared (-1 where a dim is symbolic or absent).
using Dims = std::vector<std::int64_t>;

class ModelValues {
 public:
  explicit ModelValues(const onnx::GraphProto& graph);

  // Dims of `name`: computed or built by the importer, else as declared
  // (initializer, graph input, output or value_info).
  std::optional<Dims> dims(const std::string& name) const;
  // Dims the model declares for `name` (value_info, outputs), if any.
  std::optional<Dims> declared(const std::string& name) const;
  // True for an initializer, a Constant node's output or a computed constant.
  bool is_constant(const std::string& name) const;
  // True for a learned tensor: an initializer or weight input of more than
  // one value, or a constant computed from one (ViT's expanded class token).
  bool is_learned(const std::string& name) const { return learned_.count(name) > 0; }
  void set_learned(const std::string& name) { learned_.insert(name); }
  // The integer or float values of a constant of at most `max` elements.
  std::optional<std::vector<double>> values(const std::string& name, std::size_t max = 64) const;
  // The constant `name` with its values (at most kMaxConstElements), or nullopt.
  std::optional<ConstValue> constant(const std::string& name) const;
  // Registers a Constant node's output.
  void add_constant(const std::string& name, const onnx::TensorProto* t);
  // A graph input holding a weight without its values (export_params=False).
  void add_weight_input(const std::string& name) {
    weight_inputs_.insert(name);
    learned_.insert(name);
  }
  // Registers a constant the importer computed.
  void add_computed(const std::string& name, ConstValue v);
  // `name` is another name of the weight or constant `of` (Identity).
  void alias(const std::string& name, const std::string& of);
  // The full dims (batch included) of an activation the importer built.
  void set_dims(const std::string& name, Dims d) { built_[name] = std::move(d); }

 private:
  std::map<std::string, const onnx::TensorProto*> constants_;
  std::map<std::string, ConstValue> computed_;
  std::map<std::string, Dims> dims_, built_;
  std::set<std::string> weight_inputs_, learned_;
};

// The first string of `model` that archcalc reads (the graph's name, node
// names, op types, value names, attribute names and string values) and that
// is not valid UTF-8, described ("the op_type of node 3"), or "" when all are.
// Such a string would otherwise reach the reports (JSON refuses it).
std::string first_non_utf8(const onnx::ModelProto& model);

// The dims of `d` from index `from` on.
inline Dims tail(const Dims& d, std::size_t from) {
  Dims out;
  for (std::size_t i = from; i < d.size(); ++i) out.push_back(d[i]);
  return out;
}

// The attribute `name` of `node`, or null.
const onnx::AttributeProto* attribute(const onnx::NodeProto& node, const std::string& name);

}  // namespace archcalc::onnx_import
