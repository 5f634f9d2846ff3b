// Imports an ONNX model (.onnx, a protobuf ModelProto) into the Network the
// YAML loader builds. ONNX has no line:col: messages read
// `file.onnx: error: node 'name' (OpType): ...`. No pass has run yet.
#pragma once

#include <string>

#include "graph/network.hpp"

namespace archcalc {

struct OnnxOptions {
  // Unsupported ops become `unknown` layers (not counted) instead of an error.
  bool allow_unknown = false;
};

// Imports the model in `bytes`; `file` names it in messages. Throws InputError(s).
Network import_onnx_bytes(const std::string& bytes, const std::string& file,
                          const OnnxOptions& options, Diagnostics& diag);

}  // namespace archcalc
