// nn.Linear on the last axis and the product of two activations as OpenBLAS
// calls: a linear layer is one sgemm over all positions (Y = X·Wᵀ + b, the
// bias written first and accumulated onto; sgemv for a single position); a
// matmul is one sgemm per matrix of the last two axes, each input's matrix
// found at bind time (a broadcast leading axis repeats the same matrix).
#include <cblas.h>

#include <algorithm>
#include <vector>

#include "exec/kernels/gemm/gemm.hpp"
#include "exec/kernels/reference/check.hpp"

namespace archcalc::exec::gemm {

BoundKernel bind_linear(const Linear& op, const KernelArgs& a) {
  using reference::require;
  reference::require_args(a, 1, op.bias ? 2 : 1);
  const Array* x = a.in[0];
  Array* y = a.out;
  const std::int64_t in = x->dim(x->rank() - 1), out = op.out;
  require(y->dim(y->rank() - 1) == out && x->size() / in == y->size() / out, "linear shapes");
  require(a.params[0]->size() == static_cast<std::size_t>(in * out), "linear weight size");
  require(!op.bias || a.params[1]->size() == static_cast<std::size_t>(out), "linear bias size");
  const float* w = a.params[0]->data();
  const float* bias = op.bias ? a.params[1]->data() : nullptr;
  const int threads = a.threads;
  return [=] {
    use_threads(threads);
    const auto rows = static_cast<std::int64_t>(x->size()) / in;
    float* ys = y->data();
    for (std::int64_t r = 0; r < rows; ++r) {
      if (bias) {
        std::copy_n(bias, out, ys + r * out);
      } else {
        std::fill_n(ys + r * out, out, 0.0f);
      }
    }
    if (rows == 1) {
      cblas_sgemv(CblasRowMajor, CblasNoTrans, static_cast<int>(out), static_cast<int>(in), 1.0f, w,
                  static_cast<int>(in), x->data(), 1, 1.0f, ys, 1);
    } else {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, static_cast<int>(rows),
                  static_cast<int>(out), static_cast<int>(in), 1.0f, x->data(),
                  static_cast<int>(in), w, static_cast<int>(in), 1.0f, ys, static_cast<int>(out));
    }
  };
}

BoundKernel bind_matmul(const MatMul& op, const KernelArgs& a) {
  using reference::require;
  reference::require_args(a, 2, 0);
  const Array *x = a.in[0], *z = a.in[1];
  Array* y = a.out;
  const std::size_t rank = y->rank();
  require(rank >= 2 && x->rank() == rank && z->rank() == rank, "matmul ranks");
  const std::int64_t M = x->dim(rank - 2), K = x->dim(rank - 1), N = y->dim(rank - 1);
  require(y->dim(rank - 2) == M, "matmul output rows");
  require((op.transpose_b ? z->dim(rank - 1) : z->dim(rank - 2)) == K, "matmul inner dimension");
  require((op.transpose_b ? z->dim(rank - 2) : z->dim(rank - 1)) == N, "matmul output columns");
  // Each output matrix's input matrices (indices into x and z), in C order of
  // the leading axes; an input axis of size 1 is broadcast.
  const std::int64_t matrices = static_cast<std::int64_t>(y->size()) / (M * N);
  std::vector<std::pair<std::int64_t, std::int64_t>> pairs;
  pairs.reserve(static_cast<std::size_t>(matrices));
  std::vector<std::int64_t> index(rank - 2, 0);
  for (std::int64_t m = 0; m < matrices; ++m) {
    std::int64_t ox = 0, oz = 0;
    for (std::size_t d = 0; d + 2 < rank; ++d) {
      require(x->dim(d) == 1 || x->dim(d) == y->dim(d), "matmul broadcast");
      require(z->dim(d) == 1 || z->dim(d) == y->dim(d), "matmul broadcast");
      ox = ox * x->dim(d) + (x->dim(d) == 1 ? 0 : index[d]);
      oz = oz * z->dim(d) + (z->dim(d) == 1 ? 0 : index[d]);
    }
    pairs.emplace_back(ox, oz);
    for (std::size_t d = rank - 2; d-- > 0;) {
      if (++index[d] < y->dim(d)) break;
      index[d] = 0;
    }
  }
  // A constant scale after the product (attention's scores) is sgemm's alpha.
  float alpha = 1.0f;
  require(a.post_ops.size() <= 1, "matmul post-ops");
  if (!a.post_ops.empty()) {
    const auto* scale = std::get_if<Scale>(a.post_ops[0].op);
    require(scale != nullptr && !scale->learned, "matmul takes a constant scale only");
    alpha = static_cast<float>(scale->factor);
  }
  const bool tb = op.transpose_b;
  const int threads = a.threads;
  return [=] {
    use_threads(threads);
    const int ldb = static_cast<int>(tb ? K : N);
    for (std::size_t m = 0; m < pairs.size(); ++m) {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, tb ? CblasTrans : CblasNoTrans, static_cast<int>(M),
                  static_cast<int>(N), static_cast<int>(K), alpha,
                  x->data() + pairs[m].first * M * K, static_cast<int>(K),
                  z->data() + pairs[m].second * K * N, ldb, 0.0f,
                  y->data() + static_cast<std::int64_t>(m) * M * N, static_cast<int>(N));
    }
  };
}

}  // namespace archcalc::exec::gemm
