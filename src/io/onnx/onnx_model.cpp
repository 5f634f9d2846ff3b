#include "io/onnx/onnx_model.hpp"

#include <algorithm>
#include <cstring>

#include "io/text_check.hpp"

namespace archcalc::onnx_import {

namespace {
Dims type_dims(const onnx::TypeProto& type) {
  Dims d;
  if (!type.has_tensor_type() || !type.tensor_type().has_shape()) return d;
  for (const auto& dim : type.tensor_type().shape().dim()) {
    d.push_back(dim.has_dim_value() && dim.dim_value() > 0 ? dim.dim_value() : -1);
  }
  return d;
}
}  // namespace

ModelValues::ModelValues(const onnx::GraphProto& graph) {
  auto declare = [&](const onnx::ValueInfoProto& v) {
    if (v.has_type() && v.type().has_tensor_type() && v.type().tensor_type().has_shape()) {
      dims_.emplace(v.name(), type_dims(v.type()));
    }
  };
  for (const auto& t : graph.initializer()) {
    constants_[t.name()] = &t;
    dims_[t.name()] = Dims(t.dims().begin(), t.dims().end());
    // Learned: more than one element (every dim positive, one above 1).
    const bool empty = std::any_of(t.dims().begin(), t.dims().end(), [](auto d) { return d <= 0; });
    const bool many = std::any_of(t.dims().begin(), t.dims().end(), [](auto d) { return d > 1; });
    if (!empty && many) learned_.insert(t.name());
  }
  for (const auto& v : graph.input()) declare(v);
  for (const auto& v : graph.output()) declare(v);
  for (const auto& v : graph.value_info()) declare(v);
}

std::optional<Dims> ModelValues::dims(const std::string& name) const {
  if (auto c = computed_.find(name); c != computed_.end()) return c->second.dims;
  if (auto b = built_.find(name); b != built_.end()) return b->second;
  return declared(name);
}

std::optional<Dims> ModelValues::declared(const std::string& name) const {
  auto it = dims_.find(name);
  if (it == dims_.end()) return std::nullopt;
  return it->second;
}

bool ModelValues::is_constant(const std::string& name) const {
  return constants_.count(name) > 0 || computed_.count(name) > 0 || weight_inputs_.count(name) > 0;
}

void ModelValues::add_constant(const std::string& name, const onnx::TensorProto* t) {
  constants_[name] = t;
  dims_[name] = Dims(t->dims().begin(), t->dims().end());
}

void ModelValues::add_computed(const std::string& name, ConstValue v) {
  computed_[name] = std::move(v);
}

void ModelValues::alias(const std::string& name, const std::string& of) {
  if (auto c = computed_.find(of); c != computed_.end()) computed_[name] = c->second;
  if (auto t = constants_.find(of); t != constants_.end()) constants_[name] = t->second;
  if (auto d = dims_.find(of); d != dims_.end()) dims_[name] = d->second;
  if (weight_inputs_.count(of)) weight_inputs_.insert(name);
  if (learned_.count(of)) learned_.insert(name);
}

std::optional<ConstValue> ModelValues::constant(const std::string& name) const {
  if (auto c = computed_.find(name); c != computed_.end()) return c->second;
  auto it = constants_.find(name);
  if (it == constants_.end()) return std::nullopt;
  return tensor_value(*it->second, kMaxConstElements);
}

std::optional<std::vector<double>> ModelValues::values(const std::string& name,
                                                       std::size_t max) const {
  if (auto c = computed_.find(name); c != computed_.end()) {
    if (c->second.size() > max) return std::nullopt;
    return c->second.v;
  }
  auto it = constants_.find(name);
  if (it == constants_.end()) return std::nullopt;
  auto v = tensor_value(*it->second, max);
  if (!v) return std::nullopt;
  return v->v;
}

std::string first_non_utf8(const onnx::ModelProto& model) {
  auto bad = [](const std::string& s) { return first_invalid_utf8(s) != std::string_view::npos; };
  const onnx::GraphProto& g = model.graph();
  if (bad(g.name())) return "the graph's name";
  for (int i = 0; i < g.node_size(); ++i) {
    const onnx::NodeProto& n = g.node(i);
    const std::string which = " of node " + std::to_string(i + 1);
    if (bad(n.name())) return "the name" + which;
    if (bad(n.op_type())) return "the op_type" + which;
    for (const auto& s : n.input())
      if (bad(s)) return "an input name" + which;
    for (const auto& s : n.output())
      if (bad(s)) return "an output name" + which;
    for (const auto& a : n.attribute()) {
      if (bad(a.name())) return "an attribute name" + which;
      if (bad(a.s())) return "attribute '" + a.name() + "'" + which;
      for (const auto& s : a.strings())
        if (bad(s)) return "attribute '" + a.name() + "'" + which;
    }
  }
  for (const auto* values : {&g.input(), &g.output(), &g.value_info()}) {
    for (const auto& v : *values)
      if (bad(v.name())) return "a value's name";
  }
  for (const auto& t : g.initializer())
    if (bad(t.name())) return "an initializer's name";
  return "";
}

const onnx::AttributeProto* attribute(const onnx::NodeProto& node, const std::string& name) {
  for (const auto& a : node.attribute()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

}  // namespace archcalc::onnx_import
