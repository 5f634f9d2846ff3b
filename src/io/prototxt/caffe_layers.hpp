// What each Caffe layer type becomes: an op with its attributes (read from
// the layer's *_param message), or a structural role.
#pragma once

#include <optional>
#include <string>

#include "io/map_attrs.hpp"
#include "io/prototxt/caffe_params.hpp"
#include "ops/ops.hpp"

namespace archcalc::prototxt {

enum class CaffeRole {
  kOp,          // an archcalc op (op_name, attrs)
  kAlias,       // Split: every top is the bottom
  kInput,       // Input, Data, ImageData, ...: gives the input shape
  kScale,       // Scale: merged into the BatchNorm before it, else an op
  kSlice,       // Slice, Crop, Reshape, Interp: ops whose attributes depend on
  kCrop,        // the input's shape (caffe_shaped.hpp)
  kReshape,     //
  kInterp,      //
  kEvaluation,  // a loss or accuracy layer: not part of the network
};

struct CaffeLayer {
  CaffeRole role = CaffeRole::kOp;
  std::optional<Op> op;  // kOp: default-constructed; the importer parses attrs into it
};

// The modern type name for a V1 `layers { type: ENUM }` value ("CONVOLUTION"
// → "Convolution"); "" when the enum is unknown.
std::string v1_type_name(const std::string& enum_name);

// The supported type `type` names with its letters in any case ("data" →
// "Data"), or `type` itself.
std::string canonical_type(const std::string& type);

// Translates a layer of `type` (canonical); `layer` reads the layer message,
// `attrs` receives the op's attributes. Throws InputError naming an
// unsupported type or parameter.
CaffeLayer translate_layer(const std::string& type, const Field& type_field, const Params& layer,
                           MapAttrReader& attrs);
// The same through the ops' translations only (a Scale outside a BatchNorm pair).
CaffeLayer translate_op(const std::string& type, const Field& type_field, const Params& layer,
                        MapAttrReader& attrs);

// Every supported type, for messages and documentation.
const std::vector<std::string>& supported_caffe_types();

}  // namespace archcalc::prototxt
