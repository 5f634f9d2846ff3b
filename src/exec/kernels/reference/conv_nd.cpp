// Convolution and pooling over 1 or 3 spatial axes, on the op's window placed
// on 3 axes (a 1-D window on the last, the others of size 1): one plain loop
// nest each, padding read as zeros (convolution) or skipped (pooling).
#include <algorithm>
#include <limits>

#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/reference/reference.hpp"
#include "exec/parallel.hpp"

namespace archcalc::exec::reference {

namespace {

// The tensor's spatial sizes on 3 axes (leading ones 1).
std::array<std::int64_t, 3> sizes3(const Array& t) {
  std::array<std::int64_t, 3> s{1, 1, 1};
  const std::size_t n = t.rank() - 2;
  for (std::size_t i = 0; i < n; ++i) s[3 - n + i] = t.dim(i + 2);
  return s;
}

template <std::size_t N>
void conv(const ConvNd<N>& op, const KernelArgs& a) {
  require_args(a, 1, op.bias ? 2 : 1);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.rank() == N + 2 && y.rank() == N + 2 && x.dim(0) == y.dim(0),
          "conv1d/conv3d need N×C×L or N×C×D×H×W tensors");
  const std::int64_t batch = x.dim(0), C = x.dim(1), K = y.dim(1);
  const auto in = sizes3(x), out = sizes3(y);
  const Window3 w = op.window();
  const std::int64_t cg = C / op.groups, kg = K / op.groups;
  const std::int64_t taps = w.kernel[0] * w.kernel[1] * w.kernel[2];
  require(a.params[0]->size() == static_cast<std::size_t>(K * cg * taps), "weight size");
  const std::int64_t in_plane = in[0] * in[1] * in[2], out_plane = out[0] * out[1] * out[2];
  const float* weights = a.params[0]->data();
  const float* bias = op.bias ? a.params[1]->data() : nullptr;
  parallel_for(K, a.threads, [&](std::int64_t k_begin, std::int64_t k_end) {
    for (std::int64_t n = 0; n < batch; ++n) {
      for (std::int64_t k = k_begin; k < k_end; ++k) {
        float* dst = y.data() + (n * K + k) * out_plane;
        const std::int64_t first_c = (k / kg) * cg;
        for (std::int64_t o = 0; o < out_plane; ++o) {
          const std::int64_t od = o / (out[1] * out[2]), oh = o / out[2] % out[1], ow = o % out[2];
          float sum = bias ? bias[k] : 0.0f;
          for (std::int64_t c = 0; c < cg; ++c) {
            const float* src = x.data() + (n * C + first_c + c) * in_plane;
            const float* wk = weights + (k * cg + c) * taps;
            for (std::int64_t i = 0; i < w.kernel[0]; ++i) {
              const std::int64_t d = od * w.stride[0] + i * w.dilation[0] - w.lo[0];
              if (d < 0 || d >= in[0]) continue;
              for (std::int64_t j = 0; j < w.kernel[1]; ++j) {
                const std::int64_t h = oh * w.stride[1] + j * w.dilation[1] - w.lo[1];
                if (h < 0 || h >= in[1]) continue;
                for (std::int64_t l = 0; l < w.kernel[2]; ++l) {
                  const std::int64_t v = ow * w.stride[2] + l * w.dilation[2] - w.lo[2];
                  if (v < 0 || v >= in[2]) continue;
                  sum += wk[(i * w.kernel[1] + j) * w.kernel[2] + l] *
                         src[(d * in[1] + h) * in[2] + v];
                }
              }
            }
          }
          dst[o] = sum;
        }
      }
    }
  });
}

template <PoolMode M, std::size_t N>
void pool(const PoolNd<M, N>& op, const KernelArgs& a) {
  require_args(a, 1, 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.rank() == N + 2 && y.rank() == N + 2 && x.dim(0) == y.dim(0) && x.dim(1) == y.dim(1),
          "pooling needs tensors of equal N and C");
  const auto in = sizes3(x), out = sizes3(y);
  Shape item{{x.dim(1)}};
  for (std::size_t i = 2; i < x.rank(); ++i) item.dims.push_back(x.dim(i));
  const Window3 w = op.window(item);
  const std::int64_t planes = x.dim(0) * x.dim(1);
  const std::int64_t in_plane = in[0] * in[1] * in[2], out_plane = out[0] * out[1] * out[2];
  for (std::int64_t p = 0; p < planes; ++p) {
    const float* src = x.data() + p * in_plane;
    float* dst = y.data() + p * out_plane;
    for (std::int64_t o = 0; o < out_plane; ++o) {
      const std::array<std::int64_t, 3> at{o / (out[1] * out[2]), o / out[2] % out[1], o % out[2]};
      // Per axis: the window in padded coordinates cut at the end of the
      // padding (a ceil-mode window may hang past it), then cut to the input.
      std::array<std::int64_t, 3> lo{}, hi{}, first{}, last{};
      std::int64_t padded = 1, inside = 1;
      for (std::size_t i = 0; i < 3; ++i) {
        lo[i] = at[i] * w.stride[i] - w.lo[i];
        hi[i] = std::min(lo[i] + w.kernel[i], in[i] + w.hi[i]);
        first[i] = std::max<std::int64_t>(lo[i], 0);
        last[i] = std::min(hi[i], in[i]);
        padded *= hi[i] - lo[i];
        inside *= std::max<std::int64_t>(last[i] - first[i], 0);
      }
      [[maybe_unused]] float best = -std::numeric_limits<float>::infinity();
      [[maybe_unused]] float sum = 0.0f;
      for (std::int64_t d = first[0]; d < last[0]; ++d) {
        for (std::int64_t h = first[1]; h < last[1]; ++h) {
          for (std::int64_t v = first[2]; v < last[2]; ++v) {
            const float value = src[(d * in[1] + h) * in[2] + v];
            best = std::max(best, value);
            sum += value;
          }
        }
      }
      if constexpr (M == PoolMode::kMax) {
        dst[o] = inside > 0 ? best : 0.0f;
      } else {
        const std::int64_t divisor = op.count_pad ? padded : inside;
        dst[o] = divisor > 0 ? sum / static_cast<float>(divisor) : 0.0f;
      }
    }
  }
}

}  // namespace

void forward(const Conv1d& op, const KernelArgs& a) {
  conv(op, a);
}
void forward(const Conv3d& op, const KernelArgs& a) {
  conv(op, a);
}
void forward(const MaxPool1d& op, const KernelArgs& a) {
  pool(op, a);
}
void forward(const AvgPool1d& op, const KernelArgs& a) {
  pool(op, a);
}
void forward(const MaxPool3d& op, const KernelArgs& a) {
  pool(op, a);
}
void forward(const AvgPool3d& op, const KernelArgs& a) {
  pool(op, a);
}

}  // namespace archcalc::exec::reference
