#include "exec/backend.hpp"

#include "exec/kernels/reference/reference.hpp"
#if ARCHCALC_WITH_OPENBLAS
#include "exec/kernels/gemm/gemm.hpp"
#endif
#if ARCHCALC_WITH_ONEDNN
#include "exec/kernels/onednn/entry.hpp"
#endif

namespace archcalc::exec {

const std::vector<BackendInfo>& backends() {
  static const std::vector<BackendInfo> table {
    {"reference", "plain loops for every op: the correctness oracle", &make_reference_backend},
#if ARCHCALC_WITH_OPENBLAS
        {"gemm", "im2col + OpenBLAS sgemm for conv, sgemv/sgemm for fc; reference for the rest",
         &make_gemm_backend},
#endif
#if ARCHCALC_WITH_ONEDNN
        {"onednn", "oneDNN primitives, weights reordered once, conv/fc/batchnorm + ReLU fused",
         &make_onednn_backend},
#endif
  };
  return table;
}

std::string missing_backend(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> optional[] = {
      {"gemm", ARCHCALC_WITH_OPENBLAS ? "" : "ARCHCALC_WITH_OPENBLAS"},
      {"onednn", ARCHCALC_WITH_ONEDNN ? "" : "ARCHCALC_WITH_ONEDNN"},
  };
  for (const auto& [backend, option] : optional) {
    if (backend == name && !option.empty()) {
      return "this build has no " + std::string(name) + " backend (built with " +
             std::string(option) + "=OFF)";
    }
  }
  return "";
}

std::vector<std::string> backend_names() {
  std::vector<std::string> names;
  for (const auto& b : backends()) names.emplace_back(b.name);
  return names;
}

std::unique_ptr<Backend> make_backend(std::string_view name, const BackendOptions& opts) {
  if (opts.threads < 1) throw OpError("threads must be >= 1");
  for (const auto& b : backends()) {
    if (b.name == name) return b.make(opts);
  }
  if (std::string missing = missing_backend(name); !missing.empty()) throw OpError(missing);
  std::string known;
  for (const auto& n : backend_names()) known += (known.empty() ? "" : ", ") + n;
  throw OpError("unknown backend '" + std::string(name) + "' (known: " + known + ")");
}

}  // namespace archcalc::exec
