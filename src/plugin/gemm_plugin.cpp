// The gemm backend's module (archcalc_gemm.so): the backend and OpenBLAS's sgemm.
#include "exec/kernels/gemm/gemm.hpp"
#include "plugin/abi.hpp"

ARCHCALC_PLUGIN_ENTRY const archcalc::plugin::BackendPlugin* archcalc_gemm_plugin() {
  namespace exec = archcalc::exec;
  static const archcalc::plugin::BackendPlugin table{archcalc::plugin::kStamp,
                                                     &exec::make_gemm_backend,
                                                     &exec::gemm::use_threads, &exec::gemm::sgemm};
  return &table;
}
