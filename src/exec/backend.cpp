#include "exec/backend.hpp"

#include "exec/kernels/gemm/gemm.hpp"
#include "exec/kernels/onednn/onednn.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec {

const std::vector<BackendInfo>& backends() {
  static const std::vector<BackendInfo> table{
      {"reference", "plain loops for every op: the correctness oracle", &make_reference_backend},
      {"gemm", "im2col + OpenBLAS sgemm for conv, sgemv/sgemm for fc; reference for the rest",
       &make_gemm_backend},
      {"onednn", "oneDNN primitives, weights reordered once, conv/fc/batchnorm + ReLU fused",
       &make_onednn_backend},
  };
  return table;
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
  std::string known;
  for (const auto& n : backend_names()) known += (known.empty() ? "" : ", ") + n;
  throw OpError("unknown backend '" + std::string(name) + "' (known: " + known + ")");
}

}  // namespace archcalc::exec
