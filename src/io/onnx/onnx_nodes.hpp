// What each ONNX node becomes: an op (from the table every op's kOnnx and
// from_onnx declare, ops/import.hpp), a structural role, or unsupported (with
// the reason).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/map_attrs.hpp"
#include "io/onnx/onnx_model.hpp"
#include "ops/ops.hpp"

namespace archcalc::onnx_import {

struct Translation {
  enum class Kind {
    kOp,           // `op` with attrs; edges from the node inputs listed in data_inputs
    kAlias,        // Identity: the output is input 0
    kUnsupported,  // why says what is missing
  };
  Kind kind = Kind::kOp;
  std::optional<Op> op;  // kOp: default-constructed; the importer parses attrs into it
  std::vector<int> data_inputs{0};
  std::string why;
};

// Translates `node`; attribute values go into `attrs`.
Translation translate_node(const onnx::NodeProto& node, const ModelValues& values,
                           MapAttrReader& attrs, const SourcePos& pos);

// True when input `index` of an `op_type` node holds parameters or a
// constant operand (a weight), not an activation: an input past the
// translating op's kMaxInputs.
bool is_weight_slot(const std::string& op_type, int index);

// Every supported op type (the ops' translations, then Identity and
// Constant), for messages and documentation.
const std::vector<std::string>& supported_onnx_ops();

}  // namespace archcalc::onnx_import
