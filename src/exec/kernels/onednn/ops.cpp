// The ops without weights as oneDNN primitives on the executor's plain
// tensors: pooling, LRN, batch norm (with a fused ReLU), softmax, element-wise
// activations, add, a constant scale, and mul, sub and div (broadcasting their
// second input).
#include <algorithm>
#include <cmath>

#include "exec/kernels/onednn/primitive.hpp"
#include "exec/kernels/reference/check.hpp"

namespace archcalc::exec::onednn {

namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dnnl::algorithm;
using dnnl::prop_kind;
constexpr auto f32 = memory::data_type::f32;

template <PoolMode M>
std::optional<BoundKernel> pool(const std::shared_ptr<Context>& ctx, const Pool<M>& op,
                                const KernelArgs& a) {
  const Array& x = *a.in[0];
  Array& y = *a.out;
  if (x.rank() != 4 || y.rank() != 4) return std::nullopt;
  const Shape in{{x.dim(1), x.dim(2), x.dim(3)}};
  const Hw k = op.window(in);
  const Hw s = op.global ? Hw{1, 1} : op.stride;
  const Pads p = op.pads(in);
  // Bottom/right padding that makes oneDNN's output size ours (Caffe's ceil
  // mode lets the last window hang past the padding).
  const std::int64_t pb = (y.dim(2) - 1) * s.h + k.h - x.dim(2) - p.top;
  const std::int64_t pr = (y.dim(3) - 1) * s.w + k.w - x.dim(3) - p.left;
  algorithm alg = algorithm::pooling_max;
  if constexpr (M == PoolMode::kAvg) {
    // oneDNN divides by the whole window; ours clips it at the padding's end.
    if (op.count_pad && (pb > p.bottom || pr > p.right)) return std::nullopt;
    alg = op.count_pad ? algorithm::pooling_avg_include_padding
                       : algorithm::pooling_avg_exclude_padding;
  }
  const memory::desc src_md = plain_desc(dims_of(x)), dst_md = plain_desc(dims_of(y));
  const dnnl::pooling_forward::desc desc(prop_kind::forward_inference, alg, src_md, dst_md,
                                         {s.h, s.w}, {k.h, k.w}, {p.top, p.left}, {pb, pr});
  const dnnl::pooling_forward::primitive_desc pd(desc, ctx->engine);
  if (plain_loop(pd)) return std::nullopt;
  return kernel(
      ctx, dnnl::pooling_forward(pd),
      {tensor_arg(*ctx, DNNL_ARG_SRC, src_md, x), tensor_arg(*ctx, DNNL_ARG_DST, dst_md, y)});
}

std::optional<BoundKernel> eltwise(const std::shared_ptr<Context>& ctx, algorithm alg, float alpha,
                                   float beta, const KernelArgs& a) {
  const Array& x = *a.in[0];
  Array& y = *a.out;
  const dnnl::eltwise_forward::desc desc(prop_kind::forward_inference, alg, flat(x), alpha, beta);
  const dnnl::eltwise_forward::primitive_desc pd(desc, ctx->engine);
  return kernel(
      ctx, dnnl::eltwise_forward(pd),
      {tensor_arg(*ctx, DNNL_ARG_SRC, flat(x), x), tensor_arg(*ctx, DNNL_ARG_DST, flat(y), y)});
}

std::optional<BoundKernel> lrn(const std::shared_ptr<Context>& ctx, const Lrn& op,
                               const KernelArgs& a) {
  const Array& x = *a.in[0];
  Array& y = *a.out;
  if (x.rank() != 4 || op.size % 2 == 0) return std::nullopt;  // oneDNN centres odd windows only
  const memory::desc md = plain_desc(dims_of(x));
  const dnnl::lrn_forward::desc desc(prop_kind::forward_inference, algorithm::lrn_across_channels,
                                     md, op.size, static_cast<float>(op.alpha),
                                     static_cast<float>(op.beta), static_cast<float>(op.k));
  const dnnl::lrn_forward::primitive_desc pd(desc, ctx->engine);
  return kernel(ctx, dnnl::lrn_forward(pd),
                {tensor_arg(*ctx, DNNL_ARG_SRC, md, x), tensor_arg(*ctx, DNNL_ARG_DST, md, y)});
}

std::optional<BoundKernel> batchnorm(const std::shared_ptr<Context>& ctx, const BatchNorm& op,
                                     const KernelArgs& a) {
  reference::require_args(a, 1, 4);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  if (x.rank() != 4 && x.rank() != 2) return std::nullopt;
  const memory::desc md = plain_desc(dims_of(x));
  const memory::desc c_md({x.dim(1)}, f32, tag::x);
  auto flags = dnnl::normalization_flags::use_global_stats | dnnl::normalization_flags::use_scale |
               dnnl::normalization_flags::use_shift;
  if (!a.post_ops.empty()) flags = flags | dnnl::normalization_flags::fuse_norm_relu;
  const dnnl::batch_normalization_forward::desc desc(prop_kind::forward_inference, md,
                                                     static_cast<float>(op.eps), flags);
  const dnnl::batch_normalization_forward::primitive_desc pd(desc, ctx->engine);
  return kernel(ctx, dnnl::batch_normalization_forward(pd),
                {tensor_arg(*ctx, DNNL_ARG_SRC, md, x), tensor_arg(*ctx, DNNL_ARG_DST, md, y),
                 param_arg(*ctx, DNNL_ARG_SCALE, c_md, *a.params[0]),
                 param_arg(*ctx, DNNL_ARG_SHIFT, c_md, *a.params[1]),
                 param_arg(*ctx, DNNL_ARG_MEAN, c_md, *a.params[2]),
                 param_arg(*ctx, DNNL_ARG_VARIANCE, c_md, *a.params[3])});
}

// Softmax over contiguous rows of `cols` (the last axis, or each item's
// elements): each row's maximum subtracted, oneDNN's eltwise exp over the
// whole tensor in one pass, then each row scaled by 1 / its sum (summed in
// double, as the reference kernel does). Faster on ViT's attention rows of
// 197 than oneDNN 2.6's softmax primitive (reports/performance.md).
BoundKernel row_softmax(const std::shared_ptr<Context>& ctx, const Array& x, Array& y,
                        std::int64_t cols) {
  const memory::desc md = flat(y);
  const dnnl::eltwise_forward::desc desc(prop_kind::forward_inference, algorithm::eltwise_exp, md,
                                         0.0f, 0.0f);
  const dnnl::eltwise_forward exp_prim(dnnl::eltwise_forward::primitive_desc(desc, ctx->engine));
  const memory m = mem(*ctx, md, y.data());
  const Array* xp = &x;
  Array* yp = &y;
  return [ctx, exp_prim, m, xp, yp, cols] {
    const float* in = xp->data();
    float* out = yp->data();
    const auto rows = static_cast<std::int64_t>(yp->size()) / cols;
    for (std::int64_t r = 0; r < rows; ++r) {
      const float* xr = in + r * cols;
      float* yr = out + r * cols;
      float top = xr[0];
      for (std::int64_t c = 1; c < cols; ++c) top = std::max(top, xr[c]);
      for (std::int64_t c = 0; c < cols; ++c) yr[c] = xr[c] - top;
    }
    m.set_data_handle(out);
    use_threads(ctx->threads);
    exp_prim.execute(ctx->stream, {{DNNL_ARG_SRC, m}, {DNNL_ARG_DST, m}});
    ctx->stream.wait();
    for (std::int64_t r = 0; r < rows; ++r) {
      float* yr = out + r * cols;
      double part[4] = {0, 0, 0, 0};
      std::int64_t c = 0;
      for (; c + 4 <= cols; c += 4) {
        for (int k = 0; k < 4; ++k) part[k] += yr[c + k];
      }
      for (; c < cols; ++c) part[0] += yr[c];
      const auto inv = static_cast<float>(1.0 / (part[0] + part[1] + part[2] + part[3]));
      for (c = 0; c < cols; ++c) yr[c] *= inv;
    }
  };
}

// Over each item's elements, or along one axis (several axes: the reference).
std::optional<BoundKernel> softmax(const std::shared_ptr<Context>& ctx, const Softmax& op,
                                   const KernelArgs& a) {
  const Array& x = *a.in[0];
  Array& y = *a.out;
  if (op.axes.size() > 1 || x.dims() != y.dims()) return std::nullopt;
  if (op.axes.empty()) return row_softmax(ctx, x, y, static_cast<std::int64_t>(x.item_size()));
  if (resolve_axis(op.axes[0], x.rank() - 1) + 2 == x.rank()) {
    return row_softmax(ctx, x, y, x.dim(x.rank() - 1));
  }
  const memory::desc md =
      op.axes.empty()
          ? memory::desc({x.dim(0), static_cast<memory::dim>(x.item_size())}, f32, tag::nc)
          : strided(dims_of(x));
  const int axis =
      op.axes.empty() ? 1 : static_cast<int>(resolve_axis(op.axes[0], x.rank() - 1)) + 1;
  const dnnl::softmax_forward::desc desc(prop_kind::forward_inference, md, axis);
  const dnnl::softmax_forward::primitive_desc pd(desc, ctx->engine);
  return kernel(ctx, dnnl::softmax_forward(pd),
                {tensor_arg(*ctx, DNNL_ARG_SRC, md, x), tensor_arg(*ctx, DNNL_ARG_DST, md, y)});
}

std::optional<BoundKernel> add(const std::shared_ptr<Context>& ctx, const KernelArgs& a) {
  Array& y = *a.out;
  for (const Array* t : a.in) {
    if (t->size() != y.size()) return std::nullopt;
  }
  if (!a.post_ops.empty()) {
    // x0 + x1 with the ReLU as a post-op: one pass over memory (a residual
    // block's add and ReLU). Three or more inputs: the reference kernels.
    if (a.in.size() != 2) return std::nullopt;
    dnnl::post_ops ops;
    ops.append_eltwise(1.0f, algorithm::eltwise_relu, 0.0f, 0.0f);
    dnnl::primitive_attr attr;
    attr.set_post_ops(ops);
    const memory::desc md = flat(y);
    const dnnl::binary::desc desc(algorithm::binary_add, md, md, md);
    const dnnl::binary::primitive_desc pd(desc, attr, ctx->engine);
    return kernel(
        ctx, dnnl::binary(pd),
        {tensor_arg(*ctx, DNNL_ARG_SRC_0, md, *a.in[0]),
         tensor_arg(*ctx, DNNL_ARG_SRC_1, md, *a.in[1]), tensor_arg(*ctx, DNNL_ARG_DST, md, y)});
  }
  std::vector<float> scales;
  std::vector<memory::desc> mds;
  std::vector<Arg> args{tensor_arg(*ctx, DNNL_ARG_DST, flat(y), y)};
  for (const Array* t : a.in) {
    args.push_back(
        tensor_arg(*ctx, DNNL_ARG_MULTIPLE_SRC + static_cast<int>(mds.size()), flat(*t), *t));
    mds.push_back(flat(*t));
    scales.push_back(1.0f);
  }
  const dnnl::sum::primitive_desc pd(flat(y), scales, mds, ctx->engine);
  return kernel(ctx, dnnl::sum(pd), std::move(args));
}

}  // namespace

namespace {

// x0 ∘ x1 with x1 broadcast (oneDNN broadcasts its second source only:
// an x0 smaller than the output runs the reference kernel).
std::optional<BoundKernel> binary(const std::shared_ptr<Context>& ctx, algorithm alg,
                                  const KernelArgs& a) {
  if (a.in.size() != 2 || !a.post_ops.empty()) return std::nullopt;
  const Array &x0 = *a.in[0], &x1 = *a.in[1];
  Array& y = *a.out;
  if (x0.dims() != y.dims() || x1.rank() != y.rank()) return std::nullopt;
  const memory::desc md0 = strided(dims_of(x0)), md1 = strided(dims_of(x1));
  const dnnl::binary::desc desc(alg, md0, md1, md0);
  const dnnl::binary::primitive_desc pd(desc, ctx->engine);
  return kernel(
      ctx, dnnl::binary(pd),
      {tensor_arg(*ctx, DNNL_ARG_SRC_0, md0, x0), tensor_arg(*ctx, DNNL_ARG_SRC_1, md1, x1),
       tensor_arg(*ctx, DNNL_ARG_DST, md0, y)});
}

}  // namespace

std::optional<Eltwise> eltwise_of(const Op& op) {
  return std::visit(
      [](const auto& o) -> std::optional<Eltwise> {
        using T = std::decay_t<decltype(o)>;
        if constexpr (std::is_same_v<T, Relu>) return Eltwise{algorithm::eltwise_relu};
        if constexpr (std::is_same_v<T, Relu6>) return Eltwise{algorithm::eltwise_clip, 0, 6};
        if constexpr (std::is_same_v<T, LeakyRelu>) {
          return Eltwise{algorithm::eltwise_relu, static_cast<float>(o.alpha)};
        }
        if constexpr (std::is_same_v<T, Sigmoid>) return Eltwise{algorithm::eltwise_logistic};
        if constexpr (std::is_same_v<T, Tanh>) return Eltwise{algorithm::eltwise_tanh};
        if constexpr (std::is_same_v<T, HardSwish>) return Eltwise{algorithm::eltwise_hardswish};
        if constexpr (std::is_same_v<T, Silu>) return Eltwise{algorithm::eltwise_swish, 1};
        if constexpr (std::is_same_v<T, Gelu>) {
          return Eltwise{o.tanh_form ? algorithm::eltwise_gelu_tanh : algorithm::eltwise_gelu_erf};
        }
        if constexpr (std::is_same_v<T, Elu>) {
          return Eltwise{algorithm::eltwise_elu, static_cast<float>(o.alpha)};
        }
        if constexpr (std::is_same_v<T, Mish>) return Eltwise{algorithm::eltwise_mish};
        return std::nullopt;
      },
      op);
}

bool has_eltwise(const Op& op) {
  return eltwise_of(op).has_value();
}

namespace {

// Tensors present, and no fused layers unless the op takes them.
bool plain(const KernelArgs& a, bool takes_post_ops = false) {
  return a.out != nullptr && !a.in.empty() && (takes_post_ops || a.post_ops.empty());
}

}  // namespace

std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const BatchNorm& op,
                                const KernelArgs& a) {
  return plain(a, true) ? batchnorm(ctx, op, a) : std::nullopt;
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Add&,
                                const KernelArgs& a) {
  return plain(a, true) ? add(ctx, a) : std::nullopt;
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const MaxPool& op,
                                const KernelArgs& a) {
  return plain(a) ? pool(ctx, op, a) : std::nullopt;
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const AvgPool& op,
                                const KernelArgs& a) {
  return plain(a) ? pool(ctx, op, a) : std::nullopt;
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Lrn& op,
                                const KernelArgs& a) {
  return plain(a) ? lrn(ctx, op, a) : std::nullopt;
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Softmax& op,
                                const KernelArgs& a) {
  return plain(a) ? softmax(ctx, op, a) : std::nullopt;
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Relu&,
                                const KernelArgs& a) {
  return plain(a) ? eltwise(ctx, algorithm::eltwise_relu, 0, 0, a) : std::nullopt;
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Relu6&,
                                const KernelArgs& a) {
  return plain(a) ? eltwise(ctx, algorithm::eltwise_clip, 0, 6, a) : std::nullopt;
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const LeakyRelu& op,
                                const KernelArgs& a) {
  if (!plain(a)) return std::nullopt;
  return eltwise(ctx, algorithm::eltwise_relu, static_cast<float>(op.alpha), 0, a);
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Sigmoid&,
                                const KernelArgs& a) {
  return plain(a) ? eltwise(ctx, algorithm::eltwise_logistic, 0, 0, a) : std::nullopt;
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Tanh&,
                                const KernelArgs& a) {
  return plain(a) ? eltwise(ctx, algorithm::eltwise_tanh, 0, 0, a) : std::nullopt;
}

std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const HardSwish&,
                                const KernelArgs& a) {
  return plain(a) ? eltwise(ctx, algorithm::eltwise_hardswish, 0, 0, a) : std::nullopt;
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Silu&,
                                const KernelArgs& a) {
  return plain(a) ? eltwise(ctx, algorithm::eltwise_swish, 1, 0, a) : std::nullopt;
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Gelu& op,
                                const KernelArgs& a) {
  if (!plain(a)) return std::nullopt;
  return eltwise(ctx, op.tanh_form ? algorithm::eltwise_gelu_tanh : algorithm::eltwise_gelu_erf, 0,
                 0, a);
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Elu& op,
                                const KernelArgs& a) {
  if (!plain(a)) return std::nullopt;
  return eltwise(ctx, algorithm::eltwise_elu, static_cast<float>(op.alpha), 0, a);
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Mish&,
                                const KernelArgs& a) {
  return plain(a) ? eltwise(ctx, algorithm::eltwise_mish, 0, 0, a) : std::nullopt;
}

std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Mul&,
                                const KernelArgs& a) {
  return binary(ctx, algorithm::binary_mul, a);
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Scale& op,
                                const KernelArgs& a) {
  if (!plain(a) || op.learned) return std::nullopt;
  return eltwise(ctx, algorithm::eltwise_linear, static_cast<float>(op.factor), 0, a);
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Sub&,
                                const KernelArgs& a) {
  return binary(ctx, algorithm::binary_sub, a);
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Div&,
                                const KernelArgs& a) {
  return binary(ctx, algorithm::binary_div, a);
}

}  // namespace archcalc::exec::onednn
