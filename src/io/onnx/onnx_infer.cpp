// ONNX's own shape inference (libonnx's onnx::shape_inference::InferShapes,
// with its data propagation through Shape, Gather, Concat, ...) over a copy
// of the model: the dims it gives each value. The importer asks it only for
// the output of an op it does not know (--allow-unknown) whose shape the
// model does not declare.
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include <stdexcept>

#include "io/onnx/onnx_importer.hpp"

namespace archcalc::onnx_import {

namespace {

// What in `g` (its subgraphs included) libonnx's shape inference would divide
// by zero on, ending the process (SIGFPE) instead of reporting it: its conv
// and pool rule divides by every stride. "" when nothing.
std::string divides_by_zero(const onnx::GraphProto& g) {
  for (const auto& n : g.node()) {
    for (const auto& a : n.attribute()) {
      if (a.name() == "strides") {
        for (auto v : a.ints()) {
          if (v <= 0) {
            return "node '" + n.name() + "' (" + n.op_type() + ") has a stride of " +
                   std::to_string(v);
          }
        }
      }
      if (a.has_g()) {
        if (auto why = divides_by_zero(a.g()); !why.empty()) return why;
      }
      for (const auto& sub : a.graphs()) {
        if (auto why = divides_by_zero(sub); !why.empty()) return why;
      }
    }
  }
  return "";
}

}  // namespace

InferredShapes infer_shapes(const onnx::ModelProto& model) {
  InferredShapes out;
  if (auto why = divides_by_zero(model.graph()); !why.empty()) {
    out.error = "ONNX's shape inference cannot run: " + why;
    return out;
  }
  onnx::ModelProto copy = model;
  try {
    onnx::ShapeInferenceOptions options(/*check_type=*/false, /*error_mode=*/0,
                                        /*data_propagation=*/true);
    onnx::shape_inference::InferShapes(copy, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception& e) {
    out.error = e.what();
    out.error = "ONNX's shape inference stopped: " + out.error.substr(0, out.error.find('\n'));
    return out;
  }
  for (const auto& v : copy.graph().value_info()) {
    if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) continue;
    Dims d;
    for (const auto& dim : v.type().tensor_type().shape().dim()) {
      d.push_back(dim.has_dim_value() && dim.dim_value() > 0 ? dim.dim_value() : -1);
    }
    out.dims.emplace(v.name(), std::move(d));
  }
  return out;
}

}  // namespace archcalc::onnx_import
