#include "io/onnx/onnx_import.hpp"

#include <google/protobuf/stubs/common.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <numeric>

#include "io/loader.hpp"
#include "io/name_blocks.hpp"
#include "io/onnx/onnx_importer.hpp"
#include "io/onnx/onnx_nodes.hpp"

namespace archcalc {

namespace onnx_import {

namespace {

std::string dims_text(const Dims& d) {
  std::string s = "[";
  for (std::size_t i = 0; i < d.size(); ++i) s += (i ? ", " : "") + std::to_string(d[i]);
  return s + "]";
}

}  // namespace

Importer::Importer(const onnx::ModelProto& model, std::string file, OnnxOptions options,
                   Diagnostics& diag)
    : values_(model.graph()),
      model_(model),
      graph_(model.graph()),
      file_(std::move(file)),
      options_(options),
      diag_(diag) {
  for (const auto& o : model.opset_import()) {
    if (o.domain().empty() || o.domain() == "ai.onnx") opset_ = static_cast<int>(o.version());
  }
}

void Importer::fail(const std::string& why) const {
  throw InputError(pos(), what_ + why);
}

const Act* Importer::act(const std::string& name) const {
  auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

Dims Importer::full_dims(const Act& a) const {
  Dims d = shapes_.at(a.v).dims;
  if (!a.folded) d.insert(d.begin(), 1);
  return d;
}

Vertex Importer::add_layer(const std::string& name, Op op, const std::vector<Vertex>& in) {
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

Act Importer::emit(const std::string& name, Op op, const std::vector<Act>& in, bool folded) {
  std::vector<Shape> in_shapes;
  std::vector<Vertex> in_v;
  for (const Act& a : in) {
    in_shapes.push_back(shapes_.at(a.v));
    in_v.push_back(a.v);
  }
  Shape y;
  try {
    y = op_infer(op, in_shapes);
  } catch (const OpError& e) {
    fail(e.what());
  }
  std::string unique = name;
  for (int k = 2; names_.count(unique); ++k) unique = name + "_" + std::to_string(k);
  names_.insert(unique);
  Vertex v = add_layer(unique, std::move(op), in_v);
  if (shapes_.size() <= v) shapes_.resize(v + 1);
  shapes_[v] = y;
  return Act{v, folded};
}

void Importer::bind(const std::string& name, const Act& a) {
  Dims d = full_dims(a);
  if (auto declared = values_.declared(name);
      declared && declared->size() == d.size() && known_dims(*declared) && *declared != d &&
      std::accumulate(declared->begin(), declared->end(), 0LL) > 0) {
    fail("the model declares '" + name + "' as " + dims_text(*declared) + ", archcalc infers " +
         dims_text(d));
  }
  tensors_[name] = a;
  values_.set_dims(name, std::move(d));
}

Act Importer::to_folded(const Act& a, const std::string& base) {
  if (a.folded) return a;
  Reshape r;
  r.shape = full_dims(a);
  return emit(base + "_unbatch", std::move(r), {a}, true);
}

Act Importer::to_normal(const Act& a, const std::string& base) {
  if (!a.folded) return a;
  const Dims d = full_dims(a);
  if (d.empty() || d[0] != 1 || d.size() < 2) {
    fail("a tensor of dims " + dims_text(d) + " where a batch axis of 1 is needed");
  }
  Reshape r;
  r.shape = tail(d, 1);
  return emit(base + "_batch", std::move(r), {a}, false);
}

Act Importer::parameter(const std::string& name, const std::string& base, std::size_t rank,
                        bool folded) {
  auto d = values_.dims(name);
  if (!d || !known_dims(*d)) fail("the constant '" + name + "' has no known shape");
  Dims dims = *d;
  const std::size_t full = folded ? rank : rank + 1;
  if (dims.size() > full) fail("the constant '" + name + "' has more axes than the activation");
  dims.insert(dims.begin(), full - dims.size(), 1);
  if (!folded) {
    if (dims[0] != 1) fail("the constant '" + name + "' varies along the batch axis");
    dims.erase(dims.begin());
  }
  if (!values_.is_learned(name)) {
    // Computed from the model's shapes or written as a Constant (Swin's
    // attention mask): a tensor the network is given, not a learned one.
    MapAttrReader attrs(what_, pos());
    attrs.set_ints("shape", dims, pos());
    Op op = Input{};
    op_parse(op, attrs);
    return emit(base, std::move(op), {}, folded);
  }
  Parameter p;
  p.shape = Shape{dims};
  return emit(base, std::move(p), {}, folded);
}

std::string Importer::layer_name(const onnx::NodeProto& n, const std::string& suffix) {
  std::string base = n.name().empty() ? n.op_type() + "_" + std::to_string(index_ + 1) : n.name();
  return base + suffix;
}

void Importer::inputs() {
  // A graph input read as data (directly or through Identity) is the network's input.
  std::map<std::string, std::string> alias_of;
  for (const auto& n : graph_.node()) {
    if (n.op_type() == "Identity" && n.input_size() > 0 && n.output_size() > 0)
      alias_of[n.output(0)] = n.input(0);
  }
  std::set<std::string> data_uses;
  for (const auto& n : graph_.node()) {
    if (n.op_type() == "Identity") continue;
    for (int i = 0; i < n.input_size(); ++i) {
      if (is_weight_slot(n.op_type(), i)) continue;
      std::string name = n.input(i);
      for (int hops = 0; alias_of.count(name) && hops < 1000; ++hops) name = alias_of[name];
      data_uses.insert(name);
    }
  }
  for (const auto& in : graph_.input()) {
    // Initializers, and parameters exported as inputs, are weights.
    if (values_.is_constant(in.name())) continue;
    if (!data_uses.count(in.name())) {
      values_.add_weight_input(in.name());
      continue;
    }
    auto dims = values_.dims(in.name());
    std::string what = "input '" + in.name() + "': ";
    if (!dims || dims->size() < 2 || dims->size() > 5) {
      throw InputError(pos(), what +
                                  "needs a declared shape [N, C, H, W], [N, C, L], [N, C, D, H, W] "
                                  "or [N, features]");
    }
    std::vector<std::int64_t> shape(dims->begin() + 1, dims->end());  // batch left out
    for (auto d : shape) {
      if (d <= 0) throw InputError(pos(), what + "has a dimension that is not a fixed number");
    }
    MapAttrReader attrs(what, pos());
    attrs.set_ints("shape", shape, pos());
    Op op = Input{};
    op_parse(op, attrs);
    what_ = what;
    Act a = emit(in.name(), std::move(op), {}, false);
    tensors_[in.name()] = a;
    values_.set_dims(in.name(), full_dims(a));
  }
  if (tensors_.empty()) throw InputError(pos(), "the model has no input that a node reads");
}

// Add(x, constant) right after a conv, fc or linear without bias: that layer's bias.
bool Importer::fold_bias(const onnx::NodeProto& n) {
  if (n.input_size() != 2) return false;
  const int data = act(n.input(0)) ? 0 : 1;
  const Act* a = act(n.input(data));
  const std::string& constant = n.input(1 - data);
  if (!a || !values_.is_constant(constant)) return false;
  Layer& l = net_.layer(a->v);
  bool* bias = nullptr;
  std::int64_t out = 0;
  if (auto* c = std::get_if<Conv>(&l.op)) bias = &c->bias, out = c->out;
  if (auto* f = std::get_if<FullyConnected>(&l.op)) bias = &f->bias, out = f->out;
  if (auto* f = std::get_if<Linear>(&l.op)) bias = &f->bias, out = f->out;
  if (!bias || *bias || boost::out_degree(a->v, net_.graph) > 0) return false;
  auto d = values_.dims(constant);
  if (!d || !known_dims(*d)) return false;
  const auto elements = std::accumulate(d->begin(), d->end(), std::int64_t{1}, std::multiplies<>());
  // A bias holds one value per output channel, along the channel axis.
  const bool channel = std::holds_alternative<Conv>(l.op)
                           ? (d->size() <= 1 || (d->size() == 3 && (*d)[1] == 1 && (*d)[2] == 1))
                           : (d->empty() || d->back() == elements);
  if (elements != out || !channel) return false;
  *bias = true;
  tensors_[n.output(0)] = *a;
  values_.set_dims(n.output(0), full_dims(*a));
  return true;
}

void Importer::check_weights(const onnx::NodeProto& n, const Act& a, const std::vector<int>& data) {
  std::vector<Shape> in;
  for (Vertex u : net_.inputs(a.v)) in.push_back(shapes_.at(u));
  std::vector<ParamSpec> specs;
  try {
    specs = op_params(net_.layer(a.v).op, in);
  } catch (const OpError& e) {
    fail(e.what());
  }
  if (specs.empty()) return;
  std::int64_t need = 0, have = 0;
  for (const ParamSpec& s : specs) {
    need += std::accumulate(s.dims.begin(), s.dims.end(), std::int64_t{1}, std::multiplies<>());
  }
  for (int i = 0; i < n.input_size(); ++i) {
    if (n.input(i).empty() || std::find(data.begin(), data.end(), i) != data.end()) continue;
    auto d = values_.dims(n.input(i));
    if (!d || !known_dims(*d)) fail("the weight '" + n.input(i) + "' has no known shape");
    have += std::accumulate(d->begin(), d->end(), std::int64_t{1}, std::multiplies<>());
  }
  if (have != need) {
    fail("its weights hold " + std::to_string(have) + " values, but " +
         std::string(op_name(net_.layer(a.v).op)) + " on an input of " + in.at(0).str() +
         " needs " + std::to_string(need));
  }
}

bool Importer::evaluate_constant(const onnx::NodeProto& n) {
  if (!evaluable(n.op_type())) return false;
  std::vector<std::optional<ConstValue>> in;
  for (const auto& name : n.input()) {
    if (name.empty()) {
      in.emplace_back();
      continue;
    }
    if (act(name) || !values_.is_constant(name)) return false;
    in.push_back(values_.constant(name));
    if (!in.back()) return false;  // too large to evaluate: left to the ops
  }
  try {
    auto out = evaluate(n, in, opset_);
    if (!out) return false;
    values_.add_computed(n.output(0), std::move(*out));
    for (const auto& name : n.input()) {
      if (values_.is_learned(name)) values_.set_learned(n.output(0));
    }
  } catch (const std::runtime_error& e) {
    fail(e.what());
  }
  return true;
}

void Importer::unknown(const onnx::NodeProto& n, const std::string& why) {
  if (!options_.allow_unknown) fail(why + "; --allow-unknown reports it as an uncounted row");
  std::vector<Act> in;
  for (const auto& name : n.input()) {
    if (const Act* a = act(name)) in.push_back(*a);
  }
  if (in.empty()) return;  // computes on constants only: nothing to show
  Unknown u;
  u.type = n.op_type();
  // Its output's shape as the model declares it, else as ONNX's shape
  // inference gives it; never guessed.
  auto dims = values_.declared(n.output(0));
  if (!dims || dims->empty() || !known_dims(*dims)) {
    if (!inferred_) inferred_ = infer_shapes(model_);
    auto it = inferred_->dims.find(n.output(0));
    if (it != inferred_->dims.end()) dims = it->second;
  }
  if (!dims || dims->empty() || !known_dims(*dims)) {
    fail(why + "; neither the model nor ONNX's shape inference gives its output's shape" +
         (inferred_->error.empty() ? "" : " (" + inferred_->error + ")") +
         ", so nothing after it can be counted");
  }
  const bool folded = (*dims)[0] != 1 || dims->size() < 2;
  u.shape = tail(*dims, folded ? 0 : 1);
  bind(n.output(0), emit(layer_name(n), u, in, folded));
}

void Importer::generic(const onnx::NodeProto& n) {
  // On a tensor without a batch axis of its own, axes count from the end.
  if (const Act* first = act(n.input_size() > 0 ? n.input(0) : ""); first && first->folded) {
    const auto rank = static_cast<std::int64_t>(full_dims(*first).size());
    onnx::NodeProto m = n;
    bool changed = false;
    for (auto& a : *m.mutable_attribute()) {
      if (a.name() == "axis" && a.i() >= 0) a.set_i(a.i() - rank), changed = true;
      for (int k = 0; a.name() == "axes" && k < a.ints_size(); ++k) {
        if (a.ints(k) >= 0) a.set_ints(k, a.ints(k) - rank), changed = true;
      }
    }
    if (changed) return generic(m);
  }
  MapAttrReader attrs(what_, pos());
  Translation tr = translate_node(n, values_, attrs, pos());
  if (tr.kind == Translation::Kind::kAlias) {
    if (const Act* a = act(n.input_size() > 0 ? n.input(0) : "")) {
      bind(n.output(0), *a);
    } else if (n.input_size() > 0) {
      values_.alias(n.output(0), n.input(0));
    }
    return;
  }
  if (tr.kind == Translation::Kind::kUnsupported) return unknown(n, tr.why);
  for (int i = 0; i < n.input_size(); ++i) {
    const bool data =
        std::find(tr.data_inputs.begin(), tr.data_inputs.end(), i) != tr.data_inputs.end();
    if (!data && act(n.input(i))) {
      return unknown(n, "input '" + n.input(i) + "' is computed by the network, not a weight");
    }
  }
  if (std::holds_alternative<Add>(*tr.op) && fold_bias(n)) return;
  std::vector<Act> in;
  bool folded = false;
  for (int i : tr.data_inputs) {
    std::string name = i < n.input_size() ? n.input(i) : "";
    const Act* a = act(name);
    if (!a && values_.is_constant(name)) {
      continue;  // replaced below, once the rank is known
    }
    if (!a) fail("input '" + name + "' is computed by no supported node");
    folded = folded || a->folded;
  }
  std::size_t rank = 0;
  for (int i : tr.data_inputs) {
    if (const Act* a = act(i < n.input_size() ? n.input(i) : "")) {
      Act x = folded ? to_folded(*a, layer_name(n)) : *a;
      rank = std::max(rank, shape(x).rank());
      in.push_back(x);
    } else {
      in.emplace_back(Act{~Vertex{0}, folded});
    }
  }
  for (std::size_t k = 0; k < in.size(); ++k) {
    if (in[k].v == ~Vertex{0})
      in[k] = parameter(n.input(tr.data_inputs[k]), layer_name(n, "_const"), rank, folded);
  }
  Op op = std::move(*tr.op);
  op_parse(op, attrs);
  Act a = emit(layer_name(n), std::move(op), in, folded);
  check_weights(n, a, tr.data_inputs);
  bind(n.output(0), a);
}

void Importer::fused(const Fused& f) {
  const Act* a = act(f.input);
  if (!a) fail("input '" + f.input + "' is computed by no supported node");
  Op op = f.op;
  if (auto* ln = std::get_if<LayerNorm>(&op)) {  // negative axes: the same with or without a batch
    const auto rank = static_cast<std::int64_t>(full_dims(*a).size());
    ln->axes.clear();
    for (std::int64_t x : f.axes) {
      if (x < -rank || x >= rank || x == 0 || x == -rank) fail("a layer norm over the batch axis");
      ln->axes.push_back(x < 0 ? x : x - rank);
    }
  }
  Act y = emit(layer_name(graph_.node(index_)), op, {*a}, a->folded);
  std::int64_t have = 0, need = 0;
  for (const auto& w : f.weights) {
    auto d = values_.dims(w);
    if (d) have += std::accumulate(d->begin(), d->end(), std::int64_t{1}, std::multiplies<>());
  }
  for (const ParamSpec& s : op_params(op, std::vector<Shape>{shape(*a)})) {
    need += std::accumulate(s.dims.begin(), s.dims.end(), std::int64_t{1}, std::multiplies<>());
  }
  if (have != need) {
    fail("its weights hold " + std::to_string(have) + " values, " + std::string(op_name(f.op)) +
         " on " + shape(*a).str() + " needs " + std::to_string(need));
  }
  bind(f.output, y);
}

void Importer::node(const onnx::NodeProto& n) {
  std::string label = n.name().empty() ? n.op_type() + "_" + std::to_string(index_ + 1) : n.name();
  what_ = "node '" + label + "' (" + n.op_type() + "): ";
  if (n.op_type() == "Constant") {
    if (n.output_size() == 0) return;
    if (const auto* value = attribute(n, "value"); value && value->has_t()) {
      values_.add_constant(n.output(0), &value->t());
    } else if (const auto* f = attribute(n, "value_float")) {
      values_.add_computed(n.output(0), ConstValue{{}, {f->f()}, false});
    } else if (const auto* i = attribute(n, "value_int")) {
      values_.add_computed(n.output(0), ConstValue{{}, {static_cast<double>(i->i())}, true});
    } else if (const auto* is = attribute(n, "value_ints")) {
      ConstValue c{{is->ints_size()}, {}, true};
      for (auto v : is->ints()) c.v.push_back(static_cast<double>(v));
      values_.add_computed(n.output(0), std::move(c));
    }
    return;
  }
  if (taken_.count(index_)) return;
  if (auto p = patterns_.find(index_); p != patterns_.end()) return fused(p->second);
  if (n.output_size() == 0 || n.output(0).empty()) fail("has no output");
  for (const auto& in : n.input()) {
    if (pads_.count(in) && n.op_type() != "Conv" && n.op_type() != "MaxPool" &&
        n.op_type() != "AveragePool") {
      fail("reads '" + in + "', a padded tensor: a Pad is supported only before a conv or pool");
    }
  }
  if (evaluate_constant(n)) return;
  if (structure(n) || arith(n)) return;
  if (n.input_size() > 0 && pads_.count(n.input(0))) {  // the Pad before it: its padding
    onnx::NodeProto padded = n;
    const auto& extra = pads_.at(n.input(0));
    const auto* old = attribute(n, "pads");
    const auto* auto_pad = attribute(n, "auto_pad");
    if (auto_pad && auto_pad->s() != "NOTSET" && !auto_pad->s().empty())
      fail("a Pad before a window with auto_pad " + auto_pad->s());
    std::vector<std::int64_t> sum{extra[0], extra[1], extra[2], extra[3]};
    if (old && old->ints_size() == 4) {
      for (int i = 0; i < 4; ++i) sum[i] += old->ints(i);
    }
    padded.clear_attribute();
    for (const auto& a : n.attribute()) {
      if (a.name() != "pads" && a.name() != "count_include_pad") *padded.add_attribute() = a;
    }
    auto* p = padded.add_attribute();
    p->set_name("pads");
    p->set_type(onnx::AttributeProto::INTS);
    for (auto v : sum) p->add_ints(v);
    if (n.op_type() == "AveragePool") {  // the zeros it pads are averaged in
      auto* c = padded.add_attribute();
      c->set_name("count_include_pad");
      c->set_type(onnx::AttributeProto::INT);
      c->set_i(1);
    }
    return generic(padded);
  }
  generic(n);
}

Network Importer::run() {
  net_.file = file_;
  net_.name = std::filesystem::path(file_).stem().string();
  net_.title = graph_.name();
  inputs();
  patterns_ = find_patterns(graph_, values_);
  for (const auto& [first, f] : patterns_) {
    for (int k : f.nodes) {
      if (k != first) taken_.insert(k);
    }
  }
  for (index_ = 0; index_ < graph_.node_size(); ++index_) node(graph_.node(index_));
  if (graph_.node_size() == 0) throw InputError(pos(), "the model has no nodes");
  folded_batch_norms();
  gathered_position_biases();
  blocks_from_name_paths(net_);
  net_.blocks[0].output = static_cast<Vertex>(boost::num_vertices(net_.graph) - 1);
  return std::move(net_);
}

}  // namespace onnx_import

Network import_onnx_bytes(const std::string& bytes, const std::string& file,
                          const OnnxOptions& options, Diagnostics& diag) {
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
  return onnx_import::Importer(model, file, options, diag).run();
}

}  // namespace archcalc
