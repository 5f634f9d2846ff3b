// What each ONNX op type becomes: an archcalc op with its attributes, a
// structural role, or unsupported (with the reason).
#pragma once

#include <string>
#include <vector>

#include "io/map_attrs.hpp"
#include "io/onnx/onnx_model.hpp"

namespace archcalc::onnx_import {

struct Translation {
  enum class Kind {
    kOp,           // op_name with attrs; edges from the node inputs listed in data_inputs
    kAlias,        // Identity: the output is input 0
    kAdd,          // Add/Sum: an element-wise add, or a bias folded into the conv/fc before it
    kUnsupported,  // why says what is missing
  };
  Kind kind = Kind::kOp;
  std::string op_name;
  std::vector<int> data_inputs{0};
  std::string why;
};

// Translates `node`; attribute values go into `attrs`.
Translation translate_node(const onnx::NodeProto& node, const ModelValues& values,
                           MapAttrReader& attrs, const SourcePos& pos);

// True when input `index` of an `op_type` node holds parameters or a
// constant operand (a weight), not an activation.
bool is_weight_slot(const std::string& op_type, int index);

// Every supported op type, for messages and documentation.
const std::vector<std::string>& supported_onnx_ops();

}  // namespace archcalc::onnx_import
