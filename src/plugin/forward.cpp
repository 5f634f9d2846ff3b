// The executable's definitions of what the plugins provide (src/plugin/abi.hpp):
// each opens its plugin on first use (once, thread-safe: a function-local
// static; a failed open is retried by the next call) and calls through. With
// ARCHCALC_PLUGINS the executable links this layer in place of the ONNX
// importer and the gemm and onednn backends (CMakeLists.txt); the Python
// module, the tests, the benchmarks and the fuzzers link those directly.
#include "plugin/abi.hpp"
#include "plugin/load.hpp"
#if ARCHCALC_WITH_OPENBLAS
#include "exec/kernels/gemm/gemm.hpp"
#endif
#if ARCHCALC_WITH_ONEDNN
#include "exec/kernels/onednn/entry.hpp"
#endif

namespace archcalc {

#if ARCHCALC_WITH_ONNX
Network import_onnx_bytes(const std::string& bytes, const std::string& file,
                          const OnnxOptions& options, Diagnostics& diag) {
  static const plugin::OnnxPlugin& table = plugin::load_plugin<plugin::OnnxPlugin>(
      "archcalc_onnx.so", plugin::kOnnxEntry, "reading .onnx models");
  return table.import_bytes(bytes, file, options, diag);
}
#endif

namespace exec {

#if ARCHCALC_WITH_OPENBLAS
namespace {
const plugin::BackendPlugin& gemm_plugin() {
  static const plugin::BackendPlugin& table = plugin::load_plugin<plugin::BackendPlugin>(
      "archcalc_gemm.so", plugin::kGemmEntry, "the gemm backend");
  return table;
}
}  // namespace

std::unique_ptr<Backend> make_gemm_backend(const BackendOptions& opts) {
  return gemm_plugin().make(opts);
}
void gemm::use_threads(int threads) {
  gemm_plugin().use_threads(threads);
}
void gemm::sgemm(int n, const float* a, const float* b, float* c) {
  gemm_plugin().sgemm(n, a, b, c);
}
#endif

#if ARCHCALC_WITH_ONEDNN
namespace {
const plugin::BackendPlugin& onednn_plugin() {
  static const plugin::BackendPlugin& table = plugin::load_plugin<plugin::BackendPlugin>(
      "archcalc_onednn.so", plugin::kOnednnEntry, "the onednn backend");
  return table;
}
}  // namespace

std::unique_ptr<Backend> make_onednn_backend(const BackendOptions& opts) {
  return onednn_plugin().make(opts);
}
void onednn::use_threads(int threads) {
  onednn_plugin().use_threads(threads);
}
void onednn::sgemm(int n, const float* a, const float* b, float* c) {
  onednn_plugin().sgemm(n, a, b, c);
}
#endif

}  // namespace exec

}  // namespace archcalc
