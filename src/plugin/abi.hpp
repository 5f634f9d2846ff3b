// The plugins of the archcalc executable: the ONNX importer and the gemm and
// onednn backends built as modules (archcalc_onnx.so, archcalc_gemm.so,
// archcalc_onednn.so), so that the libraries they need (libonnx and protobuf,
// OpenBLAS, oneDNN and OpenMP) are loaded only by a command that uses them.
//
// Each module exports one `extern "C"` function, archcalc_<part>_plugin(),
// returning its table below. The tables pass C++ types: a module is built in
// the same build as the executable, from the same static layers, and the
// stamp refuses one from another build whose types differ.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "exec/backend.hpp"
#include "graph/network.hpp"
#include "io/onnx/onnx_import.hpp"

namespace archcalc::plugin {

// What both sides must agree on: the version and the layout of the types
// that cross (the op list, a network, a kernel's arguments).
struct Stamp {
  std::string_view version;
  std::size_t op_types, op_bytes, layer_bytes, network_bytes, kernel_args_bytes;
  bool operator==(const Stamp&) const = default;
};

constexpr Stamp kStamp{ARCHCALC_VERSION, std::variant_size_v<Op>, sizeof(Op),
                       sizeof(Layer),    sizeof(Network),         sizeof(exec::KernelArgs)};

// A backend: the backend itself, and the library's sgemm that `archcalc
// probe` times (exec/probe.cpp).
struct BackendPlugin {
  Stamp stamp;
  std::unique_ptr<exec::Backend> (*make)(const exec::BackendOptions& opts);
  void (*use_threads)(int threads);
  void (*sgemm)(int n, const float* a, const float* b, float* c);
};

// The ONNX importer (io/onnx/onnx_import.hpp).
struct OnnxPlugin {
  Stamp stamp;
  Network (*import_bytes)(const std::string& bytes, const std::string& file,
                          const OnnxOptions& options, Diagnostics& diag);
};

// The entries' names, for dlsym.
inline constexpr const char* kGemmEntry = "archcalc_gemm_plugin";
inline constexpr const char* kOnednnEntry = "archcalc_onednn_plugin";
inline constexpr const char* kOnnxEntry = "archcalc_onnx_plugin";

}  // namespace archcalc::plugin

#define ARCHCALC_PLUGIN_ENTRY extern "C" __attribute__((visibility("default")))
