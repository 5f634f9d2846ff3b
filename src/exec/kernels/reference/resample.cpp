// Channel shuffle, upsampling and the transposed convolution.
#include <algorithm>
#include <cmath>

#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec::reference {

void forward(const ChannelShuffle& op, const KernelArgs& a) {
  require_args(a, 1, 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.rank() >= 2 && x.dims() == y.dims() && x.dim(1) % op.groups == 0, "shuffle shapes");
  const std::int64_t C = x.dim(1), per = C / op.groups;
  const std::int64_t plane = static_cast<std::int64_t>(x.item_size()) / C;
  for (std::int64_t n = 0; n < x.dim(0); ++n) {
    for (std::int64_t i = 0; i < op.groups; ++i) {
      for (std::int64_t j = 0; j < per; ++j) {
        std::copy_n(x.data() + (n * C + i * per + j) * plane, plane,
                    y.data() + (n * C + j * op.groups + i) * plane);
      }
    }
  }
}

void forward(const Upsample& op, const KernelArgs& a) {
  require_args(a, 1, 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.rank() == 4 && y.rank() == 4, "upsample needs N×C×H×W tensors");
  const std::int64_t H = x.dim(2), W = x.dim(3), OH = y.dim(2), OW = y.dim(3);
  require(OH == H * op.scale && OW == W * op.scale, "upsample output size");
  // Source coordinate of an output index (align_corners=False), clamped at 0.
  auto source = [&](std::int64_t o) {
    return std::max((static_cast<double>(o) + 0.5) / static_cast<double>(op.scale) - 0.5, 0.0);
  };
  for (std::int64_t p = 0; p < x.dim(0) * x.dim(1); ++p) {
    const float* src = x.data() + p * H * W;
    float* dst = y.data() + p * OH * OW;
    for (std::int64_t oy = 0; oy < OH; ++oy) {
      for (std::int64_t ox = 0; ox < OW; ++ox) {
        if (!op.bilinear) {
          dst[oy * OW + ox] = src[(oy / op.scale) * W + ox / op.scale];
          continue;
        }
        const double sy = source(oy), sx = source(ox);
        const auto y0 = static_cast<std::int64_t>(sy), x0 = static_cast<std::int64_t>(sx);
        const std::int64_t y1 = std::min(y0 + 1, H - 1), x1 = std::min(x0 + 1, W - 1);
        const double fy = sy - static_cast<double>(y0), fx = sx - static_cast<double>(x0);
        const double top = src[y0 * W + x0] * (1 - fx) + src[y0 * W + x1] * fx;
        const double bottom = src[y1 * W + x0] * (1 - fx) + src[y1 * W + x1] * fx;
        dst[oy * OW + ox] = static_cast<float>(top * (1 - fy) + bottom * fy);
      }
    }
  }
}

void forward(const ConvTranspose& op, const KernelArgs& a) {
  require_args(a, 1, op.bias ? 2 : 1);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.rank() == 4 && y.rank() == 4, "conv_transpose needs N×C×H×W tensors");
  const std::int64_t C = x.dim(1), H = x.dim(2), W = x.dim(3);
  const std::int64_t K = y.dim(1), OH = y.dim(2), OW = y.dim(3);
  const std::int64_t cg = C / op.groups, kg = K / op.groups;
  const std::int64_t kh = op.kernel.h, kw = op.kernel.w;
  require(a.params[0]->size() == static_cast<std::size_t>(C * kg * kh * kw),
          "conv_transpose weight size");
  const float* w = a.params[0]->data();  // [C, K/g, kh, kw]
  for (std::int64_t n = 0; n < x.dim(0); ++n) {
    float* out = y.data() + n * K * OH * OW;
    for (std::int64_t k = 0; k < K; ++k) {
      std::fill_n(out + k * OH * OW, OH * OW, op.bias ? a.params[1]->data()[k] : 0.0f);
    }
    for (std::int64_t c = 0; c < C; ++c) {
      const std::int64_t g = c / cg;
      const float* in = x.data() + (n * C + c) * H * W;
      for (std::int64_t kk = 0; kk < kg; ++kk) {
        float* plane = out + (g * kg + kk) * OH * OW;
        const float* taps = w + (c * kg + kk) * kh * kw;
        for (std::int64_t iy = 0; iy < H; ++iy) {
          for (std::int64_t ix = 0; ix < W; ++ix) {
            const float v = in[iy * W + ix];
            for (std::int64_t ty = 0; ty < kh; ++ty) {
              const std::int64_t oy = iy * op.stride.h - op.pad.h + ty * op.dilation.h;
              if (oy < 0 || oy >= OH) continue;
              for (std::int64_t tx = 0; tx < kw; ++tx) {
                const std::int64_t ox = ix * op.stride.w - op.pad.w + tx * op.dilation.w;
                if (ox < 0 || ox >= OW) continue;
                plane[oy * OW + ox] += v * taps[ty * kw + tx];
              }
            }
          }
        }
      }
    }
  }
}

}  // namespace archcalc::exec::reference
