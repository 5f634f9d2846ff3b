// Max and average pooling over windows placed exactly as the shape pass
// places them (Pool::window, Pool::pads, Caffe's ceil rounding).
#include <algorithm>
#include <limits>

#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec::reference {

namespace {

template <PoolMode M>
void pool(const Pool<M>& op, const KernelArgs& a) {
  require_args(a, 1, 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.rank() == 4 && y.rank() == 4 && x.dim(0) == y.dim(0) && x.dim(1) == y.dim(1),
          "pooling needs N×C×H×W tensors with equal N and C");
  const std::int64_t planes = x.dim(0) * x.dim(1), H = x.dim(2), W = x.dim(3);
  const std::int64_t OH = y.dim(2), OW = y.dim(3);
  const Shape in{{x.dim(1), H, W}};
  const Hw k = op.window(in);
  const Hw s = op.global ? Hw{1, 1} : op.stride;
  const Pads p = op.pads(in);

  for (std::int64_t plane = 0; plane < planes; ++plane) {
    const float* src = x.data() + plane * H * W;
    float* dst = y.data() + plane * OH * OW;
    for (std::int64_t oh = 0; oh < OH; ++oh) {
      // The window in padded coordinates, cut at the end of the padding
      // (a ceil-mode window may hang past it), then cut to the input.
      const std::int64_t h0 = oh * s.h - p.top, h1 = std::min(h0 + k.h, H + p.bottom);
      const std::int64_t hs = std::max<std::int64_t>(h0, 0), he = std::min(h1, H);
      for (std::int64_t ow = 0; ow < OW; ++ow) {
        const std::int64_t w0 = ow * s.w - p.left, w1 = std::min(w0 + k.w, W + p.right);
        const std::int64_t ws = std::max<std::int64_t>(w0, 0), we = std::min(w1, W);
        float result = 0.0f;
        if constexpr (M == PoolMode::kMax) {
          float best = -std::numeric_limits<float>::infinity();
          for (std::int64_t h = hs; h < he; ++h) {
            for (std::int64_t w = ws; w < we; ++w) best = std::max(best, src[h * W + w]);
          }
          result = (he > hs && we > ws) ? best : 0.0f;
        } else {
          float sum = 0.0f;
          for (std::int64_t h = hs; h < he; ++h) {
            for (std::int64_t w = ws; w < we; ++w) sum += src[h * W + w];
          }
          const std::int64_t divisor = op.count_pad ? (h1 - h0) * (w1 - w0) : (he - hs) * (we - ws);
          result = divisor > 0 ? sum / static_cast<float>(divisor) : 0.0f;
        }
        dst[oh * OW + ow] = result;
      }
    }
  }
}

}  // namespace

void forward(const MaxPool& op, const KernelArgs& a) {
  pool(op, a);
}
void forward(const AvgPool& op, const KernelArgs& a) {
  pool(op, a);
}

}  // namespace archcalc::exec::reference
