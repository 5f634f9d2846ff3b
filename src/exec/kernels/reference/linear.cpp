// nn.Linear on the last axis, and the product of two activations.
#include <vector>

#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec::reference {

void forward(const Linear& op, const KernelArgs& a) {
  require_args(a, 1, op.bias ? 2 : 1);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  const std::int64_t in = x.dim(x.rank() - 1), out = op.out;
  require(y.dim(y.rank() - 1) == out && x.size() / in == y.size() / out, "linear shapes");
  require(a.params[0]->size() == static_cast<std::size_t>(in * out), "linear weight size");
  const float* w = a.params[0]->data();
  const float* b = op.bias ? a.params[1]->data() : nullptr;
  const auto rows = static_cast<std::int64_t>(x.size()) / in;
  for (std::int64_t r = 0; r < rows; ++r) {
    const float* src = x.data() + r * in;
    float* dst = y.data() + r * out;
    for (std::int64_t o = 0; o < out; ++o) {
      double acc = b ? b[o] : 0.0;
      for (std::int64_t i = 0; i < in; ++i) acc += static_cast<double>(w[o * in + i]) * src[i];
      dst[o] = static_cast<float>(acc);
    }
  }
}

void forward(const MatMul& op, const KernelArgs& a) {
  require_args(a, 2, 0);
  const Array &x = *a.in[0], &z = *a.in[1];
  Array& y = *a.out;
  const std::size_t rank = y.rank();
  require(x.rank() == rank && z.rank() == rank, "matmul ranks");
  const std::int64_t M = x.dim(rank - 2), K = x.dim(rank - 1);
  const std::int64_t N = y.dim(rank - 1);
  require(y.dim(rank - 2) == M, "matmul output rows");
  require((op.transpose_b ? z.dim(rank - 1) : z.dim(rank - 2)) == K, "matmul inner dimension");
  // The matrices: y's leading index, and each input's (0 along a broadcast axis).
  std::vector<std::int64_t> index(rank - 2, 0);
  std::int64_t ox = 0, oz = 0;
  const std::int64_t matrices = static_cast<std::int64_t>(y.size()) / (M * N);
  for (std::int64_t m = 0; m < matrices; ++m) {
    // Each input's matrix from the leading index, in C order of its own axes.
    ox = oz = 0;
    for (std::size_t d = 0; d + 2 < rank; ++d) {
      ox = ox * x.dim(d) + (x.dim(d) == 1 ? 0 : index[d]);
      oz = oz * z.dim(d) + (z.dim(d) == 1 ? 0 : index[d]);
    }
    const float* A = x.data() + ox * M * K;
    const float* B = z.data() + oz * K * N;
    float* C = y.data() + m * M * N;
    for (std::int64_t i = 0; i < M; ++i) {
      for (std::int64_t j = 0; j < N; ++j) {
        double acc = 0.0;
        for (std::int64_t k = 0; k < K; ++k) {
          const float b = op.transpose_b ? B[j * K + k] : B[k * N + j];
          acc += static_cast<double>(A[i * K + k]) * b;
        }
        C[i * N + j] = static_cast<float>(acc);
      }
    }
    for (std::size_t d = rank - 2; d-- > 0;) {
      if (++index[d] < y.dim(d)) break;
      index[d] = 0;
    }
  }
}

}  // namespace archcalc::exec::reference
