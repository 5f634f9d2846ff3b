// Direct convolution: for every output channel, each weight scales a strided
// window of one input plane and adds it onto the output plane.
#include <algorithm>
#include <vector>

#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/reference/reference.hpp"
#include "exec/kernels/window.hpp"
#include "exec/parallel.hpp"

namespace archcalc::exec::reference {

void forward(const Conv& op, const KernelArgs& a) {
  require_args(a, 1, op.bias ? 2 : 1);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.rank() == 4 && y.rank() == 4 && x.dim(0) == y.dim(0), "conv needs N×C×H×W tensors");
  const std::int64_t batch = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
  const std::int64_t K = y.dim(1), OH = y.dim(2), OW = y.dim(3);
  const std::int64_t kh = op.kernel.h, kw = op.kernel.w;
  require(C % op.groups == 0 && K % op.groups == 0, "channels not divisible by groups");
  const std::int64_t cg = C / op.groups, kg = K / op.groups;  // channels per group
  require(a.params[0]->size() == static_cast<std::size_t>(K * cg * kh * kw), "weight size");
  require(!op.bias || a.params[1]->size() == static_cast<std::size_t>(K), "bias size");
  const float* w = a.params[0]->data();
  const float* bias = op.bias ? a.params[1]->data() : nullptr;
  const Pads p = op.pads(Shape{{C, H, W}});
  const Hw s = op.stride, d = op.dilation;

  // Per kernel row i (column j): the input offset it reads at output row 0
  // (column 0), and the output rows (columns) for which that read is inside.
  std::vector<std::int64_t> row_offset(kh), col_offset(kw);
  std::vector<Range> rows(kh), cols(kw);
  for (std::int64_t i = 0; i < kh; ++i) {
    row_offset[i] = i * d.h - p.top;
    rows[i] = inside(OH, s.h, row_offset[i], H);
  }
  for (std::int64_t j = 0; j < kw; ++j) {
    col_offset[j] = j * d.w - p.left;
    cols[j] = inside(OW, s.w, col_offset[j], W);
  }
  const float* xs = x.data();
  float* ys = y.data();
  const std::int64_t* row_at = row_offset.data();
  const std::int64_t* col_at = col_offset.data();
  const Range* row_span = rows.data();
  const Range* col_span = cols.data();

  parallel_for(K, a.threads, [&](std::int64_t k_begin, std::int64_t k_end) {
    for (std::int64_t n = 0; n < batch; ++n) {
      for (std::int64_t k = k_begin; k < k_end; ++k) {
        float* out = ys + (n * K + k) * OH * OW;
        std::fill(out, out + OH * OW, bias ? bias[k] : 0.0f);
        const std::int64_t first_c = (k / kg) * cg;  // the group's first input channel
        const float* weight = w + k * cg * kh * kw;  // this output channel's filter
        for (std::int64_t c = 0; c < cg; ++c) {
          const float* in = xs + (n * C + first_c + c) * H * W;
          for (std::int64_t i = 0; i < kh; ++i) {
            const Range r = row_span[i];
            for (std::int64_t j = 0; j < kw; ++j, ++weight) {
              const Range q = col_span[j];
              const std::int64_t count = q.hi - q.lo, step = s.w;
              const float wv = *weight;
              for (std::int64_t oh = r.lo; oh < r.hi; ++oh) {
                // One output row segment gains weight × a strided input row segment.
                const float* src = in + (oh * s.h + row_at[i]) * W + (q.lo * step + col_at[j]);
                float* dst = out + oh * OW + q.lo;
                for (std::int64_t m = 0; m < count; ++m) dst[m] += wv * src[m * step];
              }
            }
          }
        }
      }
    }
  });
}

}  // namespace archcalc::exec::reference
