// The ONNX importer's state while it walks a graph's nodes in order: the
// activations built so far with their shapes, the constants it computed,
// pending pads and the nodes that recognized patterns take together.
// onnx_import.cpp holds the walk, onnx_structure.cpp the ops that move
// elements (Reshape, Transpose, Gather, Slice, Split, Pad, ...),
// onnx_arith.cpp the arithmetic with constant operands and MatMul,
// onnx_patterns.cpp the decomposed GELU and layer norm.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "graph/network.hpp"
#include "io/onnx/onnx_import.hpp"
#include "io/onnx/onnx_model.hpp"

namespace archcalc::onnx_import {

// An activation: the layer computing it. `folded`: the model's tensor has no
// batch axis of its own (a reshape merged it, Swin's windows), so its dims are
// the layer's shape; otherwise they are [1] + the layer's shape.
struct Act {
  Vertex v = 0;
  bool folded = false;
};

// Nodes a pattern takes together: at node `first` one layer `op` reads
// `input` and writes `output`; the pattern's other nodes add nothing.
struct Fused {
  Op op;
  std::string input, output;
  std::vector<int> nodes;
  std::vector<std::string> weights;  // the constants that are its parameters
  std::vector<std::int64_t> axes;    // a layer norm's axes as the model gives them
};

// The patterns of `graph` (onnx_patterns.cpp), by their first node.
std::map<int, Fused> find_patterns(const onnx::GraphProto& graph, const ModelValues& values);

// What ONNX's shape inference (onnx_infer.cpp) gives the values of a model:
// their dims (-1 where unknown), or the error that stopped it.
struct InferredShapes {
  std::map<std::string, Dims> dims;
  std::string error;
};
InferredShapes infer_shapes(const onnx::ModelProto& model);

class Importer {
 public:
  Importer(const onnx::ModelProto& model, std::string file, OnnxOptions options, Diagnostics& diag);
  Network run();

  // Context shared by the files of the importer.
  SourcePos pos() const { return SourcePos{file_, 0, 0}; }
  [[noreturn]] void fail(const std::string& why) const;
  // The activation `name`, or nullptr.
  const Act* act(const std::string& name) const;
  // Full dims of an activation as the model sees it.
  Dims full_dims(const Act& a) const;
  const Shape& shape(const Act& a) const { return shapes_.at(a.v); }
  // Adds a layer computing `op` from `in` (its shape inferred here).
  Act emit(const std::string& name, Op op, const std::vector<Act>& in, bool folded);
  // Makes `name` the output of `a` (and checks it against the model's dims).
  void bind(const std::string& name, const Act& a);
  // The same activation with the batch axis as a dim of its own / folded back.
  Act to_folded(const Act& a, const std::string& base);
  Act to_normal(const Act& a, const std::string& base);
  // A constant operand as a layer: a learned tensor (parameter).
  Act parameter(const std::string& name, const std::string& base, std::size_t rank, bool folded);
  std::string layer_name(const onnx::NodeProto& n, const std::string& suffix = "");

  // onnx_structure.cpp and onnx_arith.cpp: true when the node was handled.
  bool structure(const onnx::NodeProto& n);
  bool arith(const onnx::NodeProto& n);

  ModelValues values_;
  int opset_ = 13;
  std::string what_;  // "node 'x' (Op): " of the node being read
  int index_ = 0;     // of the node being read

 private:
  void inputs();
  void node(const onnx::NodeProto& n);
  bool evaluate_constant(const onnx::NodeProto& n);
  void generic(const onnx::NodeProto& n);
  void unknown(const onnx::NodeProto& n, const std::string& why);
  void fused(const Fused& f);
  // onnx_source_notes.cpp: a warning where params differ from the model's
  // that PyTorch exported, by what the exporter changed.
  void folded_batch_norms();
  void gathered_position_biases();
  void note(const std::string& text);
  bool fold_bias(const onnx::NodeProto& n);
  void check_weights(const onnx::NodeProto& n, const Act& a, const std::vector<int>& data);
  Vertex add_layer(const std::string& name, Op op, const std::vector<Vertex>& in);

  const onnx::ModelProto& model_;
  const onnx::GraphProto& graph_;
  std::string file_;
  OnnxOptions options_;
  Diagnostics& diag_;
  Network net_;
  std::map<std::string, Act> tensors_;
  std::vector<Shape> shapes_;  // by vertex
  std::set<std::string> names_;
  std::map<int, Fused> patterns_;
  std::set<int> taken_;                     // nodes a pattern took
  std::optional<InferredShapes> inferred_;  // run once, for the first unknown op that needs it
 public:
  // Pad outputs with their [top, left, bottom, right], folded into the conv
  // or pool that reads them.
  std::map<std::string, std::vector<std::int64_t>> pads_;
};

}  // namespace archcalc::onnx_import
