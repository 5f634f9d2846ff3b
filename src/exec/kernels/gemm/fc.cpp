// Fully connected as one BLAS call: y = W·x (sgemv) at batch 1, Y = X·Wᵀ
// (sgemm) above; the bias is written first and accumulated onto.
#include <cblas.h>

#include <algorithm>

#include "exec/kernels/fold.hpp"
#include "exec/kernels/gemm/gemm.hpp"
#include "exec/kernels/reference/check.hpp"

namespace archcalc::exec::gemm {

BoundKernel bind_fc(const FullyConnected& op, const KernelArgs& a) {
  using reference::require;
  reference::require_args(a, 1, op.bias ? 2 : 1);
  const Array* x = a.in[0];
  Array* y = a.out;
  require(y->rank() == 2 && x->dim(0) == y->dim(0), "fc needs an N×F output");
  const std::int64_t in = static_cast<std::int64_t>(x->item_size()), out = y->dim(1);
  require(a.params[0]->size() == static_cast<std::size_t>(out * in), "weight size");
  require(!op.bias || a.params[1]->size() == static_cast<std::size_t>(out), "bias size");
  const bool relu = read_chain(a, /*batchnorm=*/false).relu;
  const float* w = a.params[0]->data();
  const float* bias = op.bias ? a.params[1]->data() : nullptr;
  const int threads = a.threads;
  return [=] {
    use_threads(threads);
    const std::int64_t batch = x->dim(0);
    float* ys = y->data();
    for (std::int64_t n = 0; n < batch; ++n) {
      if (bias) {
        std::copy_n(bias, out, ys + n * out);
      } else {
        std::fill_n(ys + n * out, out, 0.0f);
      }
    }
    if (batch == 1) {
      cblas_sgemv(CblasRowMajor, CblasNoTrans, static_cast<int>(out), static_cast<int>(in), 1.0f, w,
                  static_cast<int>(in), x->data(), 1, 1.0f, ys, 1);
    } else {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(batch),
                  static_cast<int>(out), static_cast<int>(in), 1.0f, x->data(),
                  static_cast<int>(in), w, static_cast<int>(in), 1.0f, ys, static_cast<int>(out));
    }
    if (relu) relu_in_place(y->values());
  };
}

}  // namespace archcalc::exec::gemm
