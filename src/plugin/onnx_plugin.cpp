// The ONNX importer's module (archcalc_onnx.so, with libonnx and protobuf).
#include "io/onnx/onnx_import.hpp"
#include "plugin/abi.hpp"

ARCHCALC_PLUGIN_ENTRY const archcalc::plugin::OnnxPlugin* archcalc_onnx_plugin() {
  static const archcalc::plugin::OnnxPlugin table{archcalc::plugin::kStamp,
                                                  &archcalc::import_onnx_bytes};
  return &table;
}
