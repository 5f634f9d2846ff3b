// Depthwise convolution (one input channel per group) as a direct loop: a
// group's product is a single row of filters against its own im2col matrix,
// too small for sgemm to pay off, so each output row is accumulated tap by
// tap while it stays in L1 (the inner loop over output columns is contiguous
// at stride 1 and vectorizes). Channels are split over std::threads.
#include <algorithm>

#include "exec/kernels/gemm/gemm.hpp"
#include "exec/kernels/window.hpp"
#include "exec/parallel.hpp"

namespace archcalc::exec::gemm {

void depthwise(const Depthwise& g, const float* x, const float* w, const float* bias, float* y,
               bool relu, int threads) {
  std::vector<Range> span;
  for (std::int64_t j = 0; j < g.kw; ++j) {
    span.push_back(inside(g.OW, g.stride.w, j * g.dilation.w - g.pads.left, g.W));
  }
  const std::int64_t planes = g.N * g.K;
  parallel_for(planes, threads, [&](std::int64_t begin, std::int64_t end) {
    for (std::int64_t p = begin; p < end; ++p) {
      const std::int64_t n = p / g.K, k = p % g.K;
      const float* plane = x + (n * g.C + k / g.multiplier) * g.H * g.W;
      const float* wk = w + k * g.kh * g.kw;
      float* out = y + p * g.OH * g.OW;
      const float b = bias ? bias[k] : 0.0f;
      for (std::int64_t oh = 0; oh < g.OH; ++oh) {
        float* row = out + oh * g.OW;
        std::fill(row, row + g.OW, b);
        for (std::int64_t i = 0; i < g.kh; ++i) {
          const std::int64_t ih = oh * g.stride.h + i * g.dilation.h - g.pads.top;
          if (ih < 0 || ih >= g.H) continue;
          for (std::int64_t j = 0; j < g.kw; ++j) {
            const float wv = wk[i * g.kw + j];
            const float* src = plane + ih * g.W + j * g.dilation.w - g.pads.left;
            const Range q = span[static_cast<std::size_t>(j)];
            if (g.stride.w == 1) {
              for (std::int64_t ow = q.lo; ow < q.hi; ++ow) row[ow] += wv * src[ow];
            } else {
              const std::int64_t s = g.stride.w;
              for (std::int64_t ow = q.lo; ow < q.hi; ++ow) row[ow] += wv * src[ow * s];
            }
          }
        }
        if (relu) {
          for (std::int64_t ow = 0; ow < g.OW; ++ow) row[ow] = std::max(row[ow], 0.0f);
        }
      }
    }
  });
}

}  // namespace archcalc::exec::gemm
