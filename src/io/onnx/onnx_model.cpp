#include "io/onnx/onnx_model.hpp"

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
  }
  for (const auto& v : graph.input()) declare(v);
  for (const auto& v : graph.output()) declare(v);
  for (const auto& v : graph.value_info()) declare(v);
}

std::optional<Dims> ModelValues::dims(const std::string& name) const {
  auto it = dims_.find(name);
  if (it == dims_.end()) return std::nullopt;
  return it->second;
}

bool ModelValues::is_constant(const std::string& name) const {
  return constants_.count(name) > 0;
}

void ModelValues::add_constant(const std::string& name, const onnx::TensorProto* t) {
  constants_[name] = t;
  dims_[name] = Dims(t->dims().begin(), t->dims().end());
}

std::optional<std::vector<double>> ModelValues::values(const std::string& name,
                                                       std::size_t max) const {
  auto it = constants_.find(name);
  if (it == constants_.end()) return std::nullopt;
  const onnx::TensorProto& t = *it->second;
  std::vector<double> out;
  using T = onnx::TensorProto;
  if (t.int64_data_size() > 0) {
    if (static_cast<std::size_t>(t.int64_data_size()) > max) return std::nullopt;
    for (auto v : t.int64_data()) out.push_back(static_cast<double>(v));
  } else if (t.int32_data_size() > 0) {
    if (static_cast<std::size_t>(t.int32_data_size()) > max) return std::nullopt;
    for (auto v : t.int32_data()) out.push_back(v);
  } else if (t.float_data_size() > 0) {
    if (static_cast<std::size_t>(t.float_data_size()) > max) return std::nullopt;
    for (auto v : t.float_data()) out.push_back(v);
  } else if (t.has_raw_data()) {
    const std::string& raw = t.raw_data();
    std::size_t size = t.data_type() == T::INT64   ? 8
                       : t.data_type() == T::INT32 ? 4
                       : t.data_type() == T::FLOAT ? 4
                                                   : 0;
    if (size == 0 || raw.size() % size != 0 || raw.size() / size > max) return std::nullopt;
    for (std::size_t i = 0; i < raw.size(); i += size) {  // little-endian, as ONNX stores it
      if (t.data_type() == T::INT64) {
        std::int64_t v;
        std::memcpy(&v, raw.data() + i, 8);
        out.push_back(static_cast<double>(v));
      } else if (t.data_type() == T::INT32) {
        std::int32_t v;
        std::memcpy(&v, raw.data() + i, 4);
        out.push_back(v);
      } else {
        float v;
        std::memcpy(&v, raw.data() + i, 4);
        out.push_back(v);
      }
    }
  }
  return out;
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
