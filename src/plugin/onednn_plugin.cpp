// The onednn backend's module (archcalc_onednn.so): the backend and oneDNN's sgemm.
#include "exec/kernels/onednn/entry.hpp"
#include "plugin/abi.hpp"

ARCHCALC_PLUGIN_ENTRY const archcalc::plugin::BackendPlugin* archcalc_onednn_plugin() {
  namespace exec = archcalc::exec;
  static const archcalc::plugin::BackendPlugin table{
      archcalc::plugin::kStamp, &exec::make_onednn_backend, &exec::onednn::use_threads,
      &exec::onednn::sgemm};
  return &table;
}
