// Convolution as matrix products: per batch item and group, the filters
// [K/g × (C/g)·kh·kw] times the im2col matrix [(C/g)·kh·kw × OH·OW] gives the
// output planes directly in N×C×H×W order. The im2col matrix is built in tiles
// of whole output rows (about kTileBytes each) so that it stays in cache
// between being written and being read by sgemm.
#include <cblas.h>

#include <algorithm>
#include <vector>

#include "exec/kernels/fold.hpp"
#include "exec/kernels/gemm/gemm.hpp"
#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/window.hpp"

namespace archcalc::exec::gemm {

namespace {

constexpr std::int64_t kTileBytes = std::int64_t{2} << 20;  // im2col tile target, bytes

// Everything about one conv that does not change between calls.
struct Geometry {
  std::int64_t C, H, W, K, OH, OW, kh, kw, cg, kg, groups;
  Hw s, d;
  Pads p;
  std::int64_t rows;           // (C/g)·kh·kw: the product's inner dimension
  std::int64_t tile_rows = 1;  // output rows per im2col tile
  bool direct = false;         // 1×1, stride 1, no padding: the input is the matrix
  bool depthwise = false;      // one input channel per group: gemm::depthwise, no im2col
};

Geometry geometry(const Conv& op, const Shape& in, const Shape& out) {
  Geometry g{};
  g.C = in.dims.at(0), g.H = in.h(), g.W = in.w();
  g.K = out.dims.at(0), g.OH = out.h(), g.OW = out.w();
  g.kh = op.kernel.h, g.kw = op.kernel.w, g.groups = op.groups;
  g.cg = g.C / op.groups, g.kg = g.K / op.groups;
  g.s = op.stride, g.d = op.dilation, g.p = op.pads(in);
  g.rows = g.cg * g.kh * g.kw;
  g.direct = g.kh == 1 && g.kw == 1 && g.s.h == 1 && g.s.w == 1 && g.p.top == 0 && g.p.left == 0 &&
             g.OH == g.H && g.OW == g.W;
  g.depthwise = g.cg == 1 && g.groups > 1;
  const std::int64_t row_bytes = g.rows * g.OW * static_cast<std::int64_t>(sizeof(float));
  g.tile_rows =
      std::clamp<std::int64_t>(kTileBytes / std::max<std::int64_t>(row_bytes, 1), 1, g.OH);
  return g;
}

// Writes the im2col rows of output rows [oh0, oh1) of one group's input `x`
// (C/g planes of H×W) into `col` ((C/g)·kh·kw rows of (oh1 − oh0)·OW).
void im2col(const Geometry& g, const std::vector<Range>& col_span, const float* x, std::int64_t oh0,
            std::int64_t oh1, float* col) {
  const std::int64_t cols = (oh1 - oh0) * g.OW;
  float* dst = col;
  for (std::int64_t c = 0; c < g.cg; ++c) {
    const float* plane = x + c * g.H * g.W;
    for (std::int64_t i = 0; i < g.kh; ++i) {
      for (std::int64_t j = 0; j < g.kw; ++j, dst += cols) {
        const Range q = col_span[j];
        const std::int64_t offset = j * g.d.w - g.p.left;
        for (std::int64_t oh = oh0; oh < oh1; ++oh) {
          float* d = dst + (oh - oh0) * g.OW;
          const std::int64_t ih = oh * g.s.h + i * g.d.h - g.p.top;
          if (ih < 0 || ih >= g.H) {
            std::fill(d, d + g.OW, 0.0f);
            continue;
          }
          const float* src = plane + ih * g.W + offset;
          std::fill(d, d + q.lo, 0.0f);
          if (g.s.w == 1) {
            std::copy(src + q.lo, src + q.hi, d + q.lo);
          } else {
            for (std::int64_t ow = q.lo; ow < q.hi; ++ow) d[ow] = src[ow * g.s.w];
          }
          std::fill(d + q.hi, d + g.OW, 0.0f);
        }
      }
    }
  }
}

// One bound conv: its geometry, tensors and im2col buffer.
struct BoundConv {
  Geometry g;
  std::vector<Range> col_span;
  const Array* x;
  Array* y;
  const float* w;
  const float* bias;
  bool relu;
  int threads;
  std::vector<float> col;
  // A fused batch norm, folded into folded_w and folded_b on the first call
  // (w and bias then point at them).
  Chain chain;
  const Array* weight = nullptr;
  const float* raw_bias = nullptr;
  std::vector<float> folded_w, folded_b;
  bool folded = false;

  // out[k, cols) = bias (or 0) + W_g · B, then the fused ReLU; B has ldb columns.
  void product(const float* w_g, const float* b, std::int64_t ldb, float* out, std::int64_t cols,
               const float* bias_g) const {
    const std::int64_t ldc = g.OH * g.OW;
    for (std::int64_t k = 0; k < g.kg; ++k) {
      std::fill(out + k * ldc, out + k * ldc + cols, bias_g ? bias_g[k] : 0.0f);
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, static_cast<int>(g.kg),
                static_cast<int>(cols), static_cast<int>(g.rows), 1.0f, w_g,
                static_cast<int>(g.rows), b, static_cast<int>(ldb), 1.0f, out,
                static_cast<int>(ldc));
    if (relu) {
      for (std::int64_t k = 0; k < g.kg; ++k)
        relu_in_place({out + k * ldc, static_cast<std::size_t>(cols)});
    }
  }

  void operator()() {
    if (chain.bn && !folded) {
      fold_batchnorm(chain, weight->values(), raw_bias, static_cast<std::size_t>(g.K), folded_w,
                     folded_b);
      folded = true;
    }
    const std::int64_t batch = x->dim(0);
    if (g.depthwise) {
      const Depthwise dw{batch, g.C, g.H, g.W, g.K, g.OH, g.OW, g.kh, g.kw, g.kg, g.s, g.d, g.p};
      gemm::depthwise(dw, x->data(), w, bias, y->data(), relu, threads);
      return;
    }
    use_threads(threads);
    for (std::int64_t n = 0; n < batch; ++n) {
      for (std::int64_t grp = 0; grp < g.groups; ++grp) {
        const float* xg = x->data() + (n * g.C + grp * g.cg) * g.H * g.W;
        float* yg = y->data() + (n * g.K + grp * g.kg) * g.OH * g.OW;
        const float* w_g = w + grp * g.kg * g.rows;
        const float* bias_g = bias ? bias + grp * g.kg : nullptr;
        if (g.direct) {
          product(w_g, xg, g.H * g.W, yg, g.OH * g.OW, bias_g);
          continue;
        }
        for (std::int64_t oh0 = 0; oh0 < g.OH; oh0 += g.tile_rows) {
          const std::int64_t oh1 = std::min(oh0 + g.tile_rows, g.OH);
          const std::int64_t cols = (oh1 - oh0) * g.OW;
          im2col(g, col_span, xg, oh0, oh1, col.data());
          product(w_g, col.data(), cols, yg + oh0 * g.OW, cols, bias_g);
        }
      }
    }
  }
};

}  // namespace

std::uint64_t conv_workspace_floats(const Conv& op, const Shape& in, const Shape& out) {
  const Geometry g = geometry(op, in, out);
  return g.direct || g.depthwise ? 0 : static_cast<std::uint64_t>(g.rows * g.tile_rows * g.OW);
}

BoundKernel bind_conv(const Conv& op, const KernelArgs& a) {
  using reference::require;
  reference::require_args(a, 1, op.bias ? 2 : 1);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.rank() == 4 && y.rank() == 4 && x.dim(0) == y.dim(0), "conv needs N×C×H×W tensors");
  const Shape in{{x.dim(1), x.dim(2), x.dim(3)}}, out{{y.dim(1), y.dim(2), y.dim(3)}};
  require(in.dims[0] % op.groups == 0 && out.dims[0] % op.groups == 0,
          "channels not divisible by groups");
  auto k = std::make_shared<BoundConv>();
  k->g = geometry(op, in, out);
  require(a.params[0]->size() == static_cast<std::size_t>(k->g.K * k->g.rows), "weight size");
  require(!op.bias || a.params[1]->size() == static_cast<std::size_t>(k->g.K), "bias size");
  k->chain = read_chain(a, /*batchnorm=*/true);
  for (std::int64_t j = 0; j < k->g.kw; ++j) {
    k->col_span.push_back(inside(k->g.OW, k->g.s.w, j * k->g.d.w - k->g.p.left, k->g.W));
  }
  k->x = &x;
  k->y = &y;
  k->w = a.params[0]->data();
  k->bias = op.bias ? a.params[1]->data() : nullptr;
  if (k->chain.bn) {
    k->weight = a.params[0];
    k->raw_bias = k->bias;
    k->folded_w.resize(a.params[0]->size());
    k->folded_b.resize(static_cast<std::size_t>(k->g.K));
    k->w = k->folded_w.data();
    k->bias = k->folded_b.data();
  }
  k->relu = k->chain.relu;
  k->threads = a.threads;
  k->col.resize(conv_workspace_floats(op, in, out));
  return [k] { (*k)(); };
}

}  // namespace archcalc::exec::gemm
