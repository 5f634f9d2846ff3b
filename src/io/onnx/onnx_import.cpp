#include "io/onnx/onnx_import.hpp"

#include <google/protobuf/stubs/common.h>

#include <filesystem>
#include <map>
#include <set>

#include "io/loader.hpp"
#include "io/name_blocks.hpp"
#include "io/onnx/onnx_model.hpp"
#include "io/onnx/onnx_nodes.hpp"

namespace archcalc {

namespace {

using onnx_import::ModelValues;
using onnx_import::Translation;

class OnnxImporter {
 public:
  OnnxImporter(const onnx::GraphProto& graph, std::string file, OnnxOptions options)
      : graph_(graph), values_(graph), file_(std::move(file)), options_(options) {}
  Network run();

 private:
  SourcePos pos() const { return SourcePos{file_, 0, 0}; }
  void inputs();
  void node(const onnx::NodeProto& n, int index);
  bool fold_bias(const onnx::NodeProto& n, const std::string& what);
  Vertex add_layer(const std::string& name, Op op, const std::vector<Vertex>& in);
  std::string unique_name(const onnx::NodeProto& n, int index);

  const onnx::GraphProto& graph_;
  ModelValues values_;
  std::string file_;
  OnnxOptions options_;
  Network net_;
  std::map<std::string, Vertex> tensors_;  // value name → the layer producing it
  std::set<std::string> names_;
};

Vertex OnnxImporter::add_layer(const std::string& name, Op op, const std::vector<Vertex>& in) {
  if (boost::num_vertices(net_.graph) >= LoadLimits::kMaxLayers) {
    throw InputError(
        pos(), "the network has more than " + std::to_string(LoadLimits::kMaxLayers) + " layers");
  }
  Layer l;
  l.name = name;
  l.op = std::move(op);
  l.pos = pos();
  Vertex v = boost::add_vertex(std::move(l), net_.graph);
  for (std::size_t i = 0; i < in.size(); ++i) {
    boost::add_edge(in[i], v, Tensor{static_cast<int>(i)}, net_.graph);
  }
  return v;
}

void OnnxImporter::inputs() {
  std::set<std::string> data_uses;
  for (const auto& n : graph_.node()) {
    for (int i = 0; i < n.input_size(); ++i) {
      if (!onnx_import::is_weight_slot(n.op_type(), i)) data_uses.insert(n.input(i));
    }
  }
  for (const auto& in : graph_.input()) {
    // Initializers, and parameters exported as inputs, are weights.
    if (values_.is_constant(in.name()) || !data_uses.count(in.name())) continue;
    auto dims = values_.dims(in.name());
    std::string what = "input '" + in.name() + "': ";
    if (!dims || (dims->size() != 4 && dims->size() != 2)) {
      throw InputError(pos(), what + "needs a declared shape [N, C, H, W] or [N, features]");
    }
    std::vector<std::int64_t> shape(dims->begin() + 1, dims->end());  // batch left out
    for (auto d : shape) {
      if (d <= 0) throw InputError(pos(), what + "has a dimension that is not a fixed number");
    }
    MapAttrReader attrs(what, pos());
    attrs.set_ints("shape", shape, pos());
    Op op = Input{};
    op_parse(op, attrs);
    names_.insert(in.name());
    tensors_[in.name()] = add_layer(in.name(), std::move(op), {});
  }
  if (tensors_.empty()) throw InputError(pos(), "the model has no input that a node reads");
}

std::string OnnxImporter::unique_name(const onnx::NodeProto& n, int index) {
  std::string base = n.name().empty() ? n.op_type() + "_" + std::to_string(index + 1) : n.name();
  std::string name = base;
  for (int k = 2; names_.count(name); ++k) name = base + "_" + std::to_string(k);
  names_.insert(name);
  return name;
}

// Add(x, constant) right after a conv or fc without bias: that layer's bias.
bool OnnxImporter::fold_bias(const onnx::NodeProto& n, const std::string& what) {
  if (n.input_size() != 2) return false;
  int data = tensors_.count(n.input(0)) ? 0 : 1;
  const std::string& constant = n.input(1 - data);
  auto it = tensors_.find(n.input(data));
  if (it == tensors_.end() || !values_.is_constant(constant)) return false;
  Layer& l = net_.layer(it->second);
  bool* bias = nullptr;
  if (auto* c = std::get_if<Conv>(&l.op)) bias = &c->bias;
  if (auto* f = std::get_if<FullyConnected>(&l.op)) bias = &f->bias;
  if (!bias || *bias || boost::out_degree(it->second, net_.graph) > 0) {
    throw InputError(pos(), what +
                                "adding a constant is supported only as the bias of the conv "
                                "or fc layer right before it");
  }
  *bias = true;
  tensors_[n.output(0)] = it->second;
  return true;
}

void OnnxImporter::node(const onnx::NodeProto& n, int index) {
  if (n.op_type() == "Constant") {
    const onnx::AttributeProto* value = onnx_import::attribute(n, "value");
    if (n.output_size() > 0 && value && value->has_t())
      values_.add_constant(n.output(0), &value->t());
    return;
  }
  std::string label = n.name().empty() ? n.op_type() + "_" + std::to_string(index + 1) : n.name();
  std::string what = "node '" + label + "' (" + n.op_type() + "): ";
  if (n.output_size() == 0 || n.output(0).empty()) throw InputError(pos(), what + "has no output");
  MapAttrReader attrs(what, pos());
  Translation tr = onnx_import::translate_node(n, values_, attrs, pos());
  // A weight slot fed by a layer: an operation between activations, not a weight.
  for (int i = 0; tr.kind == Translation::Kind::kOp && i < n.input_size(); ++i) {
    if (onnx_import::is_weight_slot(n.op_type(), i) && tensors_.count(n.input(i))) {
      tr = Translation{Translation::Kind::kUnsupported,
                       std::nullopt,
                       {},
                       "input '" + n.input(i) + "' is computed by the network, not a weight"};
    }
  }
  if (tr.kind == Translation::Kind::kAlias) {
    auto it = tensors_.find(n.input_size() > 0 ? n.input(0) : "");
    if (it != tensors_.end()) tensors_[n.output(0)] = it->second;
    return;
  }
  if (tr.kind == Translation::Kind::kOp && std::holds_alternative<Add>(*tr.op)) {
    std::size_t data = 0;
    for (const auto& in : n.input()) data += tensors_.count(in);
    if (data < static_cast<std::size_t>(n.input_size()) && fold_bias(n, what)) return;
  }
  std::vector<Vertex> in;
  if (tr.kind != Translation::Kind::kUnsupported) {
    for (int i : tr.data_inputs) {
      std::string name = i < n.input_size() ? n.input(i) : "";
      auto it = tensors_.find(name);
      if (it == tensors_.end()) {
        throw InputError(pos(), what + "input '" + name + "' is computed by no supported node");
      }
      in.push_back(it->second);
    }
  }
  Op op = Unknown{};
  if (tr.kind == Translation::Kind::kUnsupported) {
    if (!options_.allow_unknown) {
      throw InputError(pos(), what + tr.why + "; --allow-unknown reports it as an uncounted row");
    }
    for (const auto& name : n.input()) {
      auto it = tensors_.find(name);
      if (it != tensors_.end()) in.push_back(it->second);
    }
    if (in.empty()) return;  // computes on constants only: nothing to show
    Unknown u;
    u.type = n.op_type();
    auto dims = values_.dims(n.output(0));
    if (dims && dims->size() >= 2 &&
        std::all_of(dims->begin() + 1, dims->end(), [](auto d) { return d > 0; })) {
      u.shape.assign(dims->begin() + 1, dims->end());
    }
    op = u;
  } else {
    op = std::move(*tr.op);
    op_parse(op, attrs);
  }
  tensors_[n.output(0)] = add_layer(unique_name(n, index), std::move(op), in);
}

Network OnnxImporter::run() {
  net_.file = file_;
  net_.name = std::filesystem::path(file_).stem().string();
  net_.title = graph_.name();
  inputs();
  for (int i = 0; i < graph_.node_size(); ++i) node(graph_.node(i), i);
  if (boost::num_vertices(net_.graph) <= tensors_.size() && graph_.node_size() == 0) {
    throw InputError(pos(), "the model has no nodes");
  }
  blocks_from_name_paths(net_);
  net_.blocks[0].output = static_cast<Vertex>(boost::num_vertices(net_.graph) - 1);
  return std::move(net_);
}

}  // namespace

Network import_onnx_bytes(const std::string& bytes, const std::string& file,
                          const OnnxOptions& options, Diagnostics&) {
  google::protobuf::SetLogHandler(nullptr);  // a bad file gets one error line, no protobuf log
  onnx::ModelProto model;
  if (bytes.empty() || !model.ParseFromString(bytes)) {
    throw InputError(SourcePos{file, 0, 0},
                     "not an ONNX model (the bytes do not parse as an ONNX ModelProto)");
  }
  if (!model.has_graph()) throw InputError(SourcePos{file, 0, 0}, "the ONNX model has no graph");
  if (auto what = onnx_import::first_non_utf8(model); !what.empty()) {
    throw InputError(SourcePos{file, 0, 0}, "not an ONNX model (" + what + " is not UTF-8)");
  }
  return OnnxImporter(model.graph(), file, options).run();
}

}  // namespace archcalc
