// The transformer ops as oneDNN primitives on the executor's plain tensors:
// the product of two activations (matmul, batched, leading axes broadcast,
// a constant scale after it as an eltwise post-op), layer norm over trailing
// axes, and the mean and maximum over chosen axes (reduction). A
// configuration these primitives do not take runs the reference kernel.
// Transpose is exec/kernels/layout.hpp's blocked copy.
#include <algorithm>
#include <numeric>

#include "exec/kernels/layout.hpp"
#include "exec/kernels/onednn/primitive.hpp"
#include "exec/kernels/reference/check.hpp"

namespace archcalc::exec::onednn {

namespace {

using dnnl::algorithm;
using dnnl::memory;
using dnnl::prop_kind;
constexpr auto f32 = memory::data_type::f32;

bool plain(const KernelArgs& a) {
  return a.out != nullptr && !a.in.empty() && a.post_ops.empty();
}

// a·b over the last two axes; bᵀ by strides (its storage [.., N, K]); a
// constant scale that follows as a post-op.
std::optional<BoundKernel> matmul(const std::shared_ptr<Context>& ctx, const MatMul& op,
                                  const KernelArgs& a) {
  if (a.in.size() != 2 || a.out == nullptr || a.post_ops.size() > 1) return std::nullopt;
  dnnl::primitive_attr attr;
  if (!a.post_ops.empty()) {
    if (!is_constant_scale(*a.post_ops[0].op)) return std::nullopt;
    dnnl::post_ops ops;
    ops.append_eltwise(1.0f, algorithm::eltwise_linear,
                       static_cast<float>(std::get<Scale>(*a.post_ops[0].op).factor), 0.0f);
    attr.set_post_ops(ops);
  }
  const Array &x = *a.in[0], &z = *a.in[1];
  Array& y = *a.out;
  const std::size_t rank = y.rank();
  if (rank < 2 || x.rank() != rank || z.rank() != rank) return std::nullopt;
  const memory::desc src = strided(dims_of(x)), dst = strided(dims_of(y));
  memory::desc wei = strided(dims_of(z));
  if (op.transpose_b) {
    // z's own C-order strides, then its last two axes swapped.
    memory::dims d = dims_of(z), s(d.size());
    memory::dim step = 1;
    for (std::size_t i = d.size(); i-- > 0;) {
      s[i] = step;
      step *= d[i];
    }
    std::swap(d[rank - 1], d[rank - 2]);
    std::swap(s[rank - 1], s[rank - 2]);
    wei = memory::desc(d, f32, s);
  }
  const dnnl::matmul::desc desc(src, wei, dst);
  const dnnl::matmul::primitive_desc pd(desc, attr, ctx->engine);
  return kernel(ctx, dnnl::matmul(pd),
                {tensor_arg(*ctx, DNNL_ARG_SRC, src, x), tensor_arg(*ctx, DNNL_ARG_WEIGHTS, wei, z),
                 tensor_arg(*ctx, DNNL_ARG_DST, dst, y)});
}

// Over trailing axes only (collapsed to one: oneDNN normalizes the last).
std::optional<BoundKernel> layernorm(const std::shared_ptr<Context>& ctx, const LayerNorm& op,
                                     const KernelArgs& a) {
  if (!plain(a)) return std::nullopt;
  reference::require_args(a, 1, op.affine ? 2 : 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  std::vector<std::size_t> axes = resolve_axes(op.axes, x.rank() - 1);
  std::sort(axes.begin(), axes.end());
  for (std::size_t i = 0; i < axes.size(); ++i) {
    if (axes[i] + 1 != x.rank() - axes.size() + i) return std::nullopt;  // not the trailing axes
  }
  memory::dim inner = 1;
  for (std::size_t d = x.rank() - axes.size(); d < x.rank(); ++d) inner *= x.dim(d);
  const memory::desc md({static_cast<memory::dim>(x.size()) / inner, inner}, f32,
                        memory::format_tag::ab);
  auto flags = dnnl::normalization_flags::none;
  if (op.affine)
    flags = dnnl::normalization_flags::use_scale | dnnl::normalization_flags::use_shift;
  const dnnl::layer_normalization_forward::desc desc(prop_kind::forward_inference, md,
                                                     static_cast<float>(op.eps), flags);
  const dnnl::layer_normalization_forward::primitive_desc pd(desc, ctx->engine);
  std::vector<Arg> args{tensor_arg(*ctx, DNNL_ARG_SRC, md, x),
                        tensor_arg(*ctx, DNNL_ARG_DST, md, y)};
  if (op.affine) {
    const memory::desc c_md({inner}, f32, memory::format_tag::a);
    args.push_back(param_arg(*ctx, DNNL_ARG_SCALE, c_md, *a.params[0]));
    args.push_back(param_arg(*ctx, DNNL_ARG_SHIFT, c_md, *a.params[1]));
  }
  return kernel(ctx, dnnl::layer_normalization_forward(pd), std::move(args));
}

// The output as x's dimensions with each reduced axis 1 (the same C-order
// storage whether or not the op keeps them).
std::optional<BoundKernel> reduction(const std::shared_ptr<Context>& ctx, algorithm alg,
                                     const std::vector<std::int64_t>& axes, const KernelArgs& a) {
  if (!plain(a)) return std::nullopt;
  const Array& x = *a.in[0];
  Array& y = *a.out;
  memory::dims out = dims_of(x);
  for (std::size_t d : resolve_axes(axes, x.rank() - 1)) out[d + 1] = 1;
  const memory::dim out_size =
      std::accumulate(out.begin(), out.end(), memory::dim{1}, std::multiplies<>());
  if (static_cast<std::size_t>(out_size) != y.size()) return std::nullopt;
  const memory::desc src = strided(dims_of(x)), dst = strided(out);
  const dnnl::reduction::desc desc(alg, src, dst, 0.0f, 0.0f);
  const dnnl::reduction::primitive_desc pd(desc, ctx->engine);
  return kernel(ctx, dnnl::reduction(pd),
                {tensor_arg(*ctx, DNNL_ARG_SRC, src, x), tensor_arg(*ctx, DNNL_ARG_DST, dst, y)});
}

}  // namespace

bool is_constant_scale(const Op& op) {
  const auto* s = std::get_if<Scale>(&op);
  return s != nullptr && !s->learned;
}

std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Transpose& op,
                                const KernelArgs& a) {
  return bind_fast_transpose(op, a);
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const MatMul& op,
                                const KernelArgs& a) {
  return matmul(ctx, op, a);
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const LayerNorm& op,
                                const KernelArgs& a) {
  return layernorm(ctx, op, a);
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Mean& op,
                                const KernelArgs& a) {
  return reduction(ctx, algorithm::reduction_mean, op.axes, a);
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const ReduceMax& op,
                                const KernelArgs& a) {
  return reduction(ctx, algorithm::reduction_max, op.axes, a);
}

}  // namespace archcalc::exec::onednn
