// Ops that keep their input's shape other than the element-wise ones (see
// reference.hpp): LRN, batch norm, softmax.
#include <algorithm>
#include <cmath>

#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec::reference {

void forward(const Lrn& op, const KernelArgs& a) {
  require_args(a, 1, 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.rank() == 4 && x.dims() == y.dims(), "lrn needs equal N×C×H×W tensors");
  const std::int64_t batch = x.dim(0), C = x.dim(1), plane = x.dim(2) * x.dim(3);
  const std::int64_t half = (op.size - 1) / 2;
  const double alpha_over_size = op.alpha / static_cast<double>(op.size);
  for (std::int64_t n = 0; n < batch; ++n) {
    const float* src = x.data() + n * C * plane;
    float* dst = y.data() + n * C * plane;
    for (std::int64_t c = 0; c < C; ++c) {
      const std::int64_t lo = std::max<std::int64_t>(c - half, 0);
      const std::int64_t hi = std::min<std::int64_t>(c + half, C - 1);
      for (std::int64_t i = 0; i < plane; ++i) {
        double sum_sq = 0.0;
        for (std::int64_t j = lo; j <= hi; ++j) {
          const double v = src[j * plane + i];
          sum_sq += v * v;
        }
        const double scale = op.k + alpha_over_size * sum_sq;
        dst[c * plane + i] = static_cast<float>(src[c * plane + i] * std::pow(scale, -op.beta));
      }
    }
  }
}

void forward(const BatchNorm& op, const KernelArgs& a) {
  require_args(a, 1, 4);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.rank() >= 2 && x.dims() == y.dims(), "batchnorm needs equal N×C×… tensors");
  const std::int64_t batch = x.dim(0), C = x.dim(1);
  const std::int64_t plane = static_cast<std::int64_t>(x.item_size()) / C;
  for (const Array* t : a.params) {
    require(t->size() == static_cast<std::size_t>(C), "batchnorm parameter size");
  }
  const float *gamma = a.params[0]->data(), *beta = a.params[1]->data();
  const float *mean = a.params[2]->data(), *var = a.params[3]->data();
  for (std::int64_t n = 0; n < batch; ++n) {
    for (std::int64_t c = 0; c < C; ++c) {
      // The inference form y = scale·x + shift.
      const double inv_std = 1.0 / std::sqrt(static_cast<double>(var[c]) + op.eps);
      const auto scale = static_cast<float>(gamma[c] * inv_std);
      const auto shift = static_cast<float>(beta[c] - mean[c] * gamma[c] * inv_std);
      const float* src = x.data() + (n * C + c) * plane;
      float* dst = y.data() + (n * C + c) * plane;
      for (std::int64_t i = 0; i < plane; ++i) dst[i] = scale * src[i] + shift;
    }
  }
}

void forward(const Softmax&, const KernelArgs& a) {
  require_args(a, 1, 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.dims() == y.dims(), "softmax changes the shape");
  const std::size_t item = x.item_size();
  for (std::int64_t n = 0; n < x.dim(0); ++n) {
    const float* src = x.data() + n * item;
    float* dst = y.data() + n * item;
    const float top = *std::max_element(src, src + item);
    double sum = 0.0;
    for (std::size_t i = 0; i < item; ++i) {
      dst[i] = std::exp(src[i] - top);
      sum += dst[i];
    }
    for (std::size_t i = 0; i < item; ++i) dst[i] = static_cast<float>(dst[i] / sum);
  }
}

}  // namespace archcalc::exec::reference
