// Conv, fc and linear as oneDNN primitives: weights in the primitive's preferred
// layout (reordered on the first call), a fused activation as an eltwise post-op, a
// fused batch norm folded into a conv's weights and bias.
#include <cstring>
#include <optional>

#include "exec/kernels/fold.hpp"
#include "exec/kernels/onednn/onednn.hpp"
#include "exec/kernels/reference/check.hpp"

namespace archcalc::exec::onednn {

namespace {

using dnnl::memory;
using tag = memory::format_tag;
constexpr auto f32 = memory::data_type::f32;

memory::dims dims_of(const Array& t) {
  return {t.dims().begin(), t.dims().end()};
}

// A memory over `data` (not owned) in plain layout.
memory user_memory(const Context& ctx, const memory::desc& md, const float* data) {
  return memory(md, ctx.engine, const_cast<float*>(data));
}

// `user` itself when the primitive wants `want`, else a new buffer of `want`.
memory buffer_for(const Context& ctx, const memory::desc& want, const memory& user) {
  return want == user.get_desc() ? user : memory(want, ctx.engine);
}

// The chain's activation as an eltwise post-op.
dnnl::primitive_attr post_op_attr(const Chain& c) {
  dnnl::primitive_attr attr;
  if (c.activation) {
    const Eltwise e = eltwise_of(*c.activation).value();
    dnnl::post_ops ops;
    ops.append_eltwise(1.0f, e.alg, e.alpha, e.beta);
    attr.set_post_ops(ops);
  }
  return attr;
}

// A bound primitive with weights: reorders the input in, the weights once,
// runs, and reorders the output back.
struct Bound {
  std::shared_ptr<Context> ctx;
  dnnl::primitive prim;
  memory src_user, src, wei_user, wei, bias, dst_user, dst;
  const Array* x = nullptr;  // the executor's tensors, whose storage may move between passes
  Array* y = nullptr;
  bool has_bias = false, packed = false;
  // A fused batch norm: the weights and bias folded on the first call into
  // folded_w and folded_b, over which wei_user and bias then lie.
  Chain chain;
  const Array* weight = nullptr;
  const float* raw_bias = nullptr;
  std::vector<float> folded_w, folded_b;
  // The input's and output's reorders, made on the first call that needs
  // them and kept: making one costs more than running it on a small map.
  std::optional<dnnl::reorder> reorder_in, reorder_out;

  void operator()() {
    use_threads(ctx->threads);
    dnnl::stream& s = ctx->stream;
    src_user.set_data_handle(const_cast<float*>(x->data()));
    dst_user.set_data_handle(y->data());
    if (!packed) {
      if (chain.bn) {
        fold_batchnorm(chain, weight->values(), raw_bias, folded_b.size(), folded_w, folded_b);
      }
      if (wei != wei_user) dnnl::reorder(wei_user, wei).execute(s, wei_user, wei);
      packed = true;
    }
    if (src != src_user) {
      if (!reorder_in) reorder_in.emplace(src_user, src);
      reorder_in->execute(s, src_user, src);
    }
    std::unordered_map<int, memory> args{
        {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst}};
    if (has_bias) args.emplace(DNNL_ARG_BIAS, bias);
    prim.execute(s, args);
    if (dst != dst_user) {
      if (!reorder_out) reorder_out.emplace(dst, dst_user);
      reorder_out->execute(s, dst, dst_user);
    }
    s.wait();
  }
};

// Fills the memories of `b` for a primitive descriptor `pd`.
template <typename Primitive, typename PD>
void attach(Bound& b, const PD& pd, const memory::desc& src_md, const float* x,
            const memory::desc& wei_md, const float* w, const memory::desc& dst_md, float* y) {
  const Context& ctx = *b.ctx;
  b.src_user = user_memory(ctx, src_md, x);
  b.src = buffer_for(ctx, pd.src_desc(), b.src_user);
  b.wei_user = user_memory(ctx, wei_md, w);
  b.wei = buffer_for(ctx, pd.weights_desc(), b.wei_user);
  b.dst_user = user_memory(ctx, dst_md, y);
  b.dst = buffer_for(ctx, pd.dst_desc(), b.dst_user);
  b.prim = Primitive(pd);
}

}  // namespace

std::optional<BoundKernel> bind_conv(const std::shared_ptr<Context>& ctx, const Conv& op,
                                     const KernelArgs& a) {
  using reference::require;
  reference::require_args(a, 1, op.bias ? 2 : 1);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.rank() == 4 && y.rank() == 4 && x.dim(0) == y.dim(0), "conv needs N×C×H×W tensors");
  const Shape in{{x.dim(1), x.dim(2), x.dim(3)}};
  const std::int64_t g = op.groups, K = y.dim(1), C = x.dim(1);
  const std::int64_t kh = op.kernel.h, kw = op.kernel.w;
  require(C % g == 0 && K % g == 0, "channels not divisible by groups");
  require(a.params[0]->size() == static_cast<std::size_t>(K * (C / g) * kh * kw), "weight size");
  const Pads p = op.pads(in);
  const memory::desc src_md = plain_desc(dims_of(x)), dst_md = plain_desc(dims_of(y));
  const memory::desc wei_md = g == 1 ? memory::desc({K, C, kh, kw}, f32, tag::oihw)
                                     : memory::desc({g, K / g, C / g, kh, kw}, f32, tag::goihw);
  auto any = [](const memory::desc& md) { return memory::desc(md.dims(), f32, tag::any); };
  const memory::desc bias_md({K}, f32, tag::x);
  const Chain chain = read_chain(a, /*batchnorm=*/true, has_eltwise);
  const bool has_bias = op.bias || chain.bn;
  // Bottom/right padding as oneDNN checks it: the rows the last output row
  // reaches past the input (zero padding beyond them is never read).
  const std::int64_t pb =
      (y.dim(2) - 1) * op.stride.h + (kh - 1) * op.dilation.h + 1 - x.dim(2) - p.top;
  const std::int64_t pr =
      (y.dim(3) - 1) * op.stride.w + (kw - 1) * op.dilation.w + 1 - x.dim(3) - p.left;
  const memory::dims strides{op.stride.h, op.stride.w};
  const memory::dims dilation{op.dilation.h - 1, op.dilation.w - 1};
  const memory::dims pad_l{p.top, p.left}, pad_r{pb, pr};
  const auto desc =
      has_bias
          ? dnnl::convolution_forward::desc(
                dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                any(src_md), any(wei_md), bias_md, any(dst_md), strides, dilation, pad_l, pad_r)
          : dnnl::convolution_forward::desc(
                dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                any(src_md), any(wei_md), any(dst_md), strides, dilation, pad_l, pad_r);
  const dnnl::convolution_forward::primitive_desc pd(desc, post_op_attr(chain), ctx->engine);
  auto b = std::make_shared<Bound>();
  b->ctx = ctx;
  b->x = &x;
  b->y = &y;
  b->chain = chain;
  const float* w = a.params[0]->data();
  const float* bias = op.bias ? a.params[1]->data() : nullptr;
  if (chain.bn) {
    b->weight = a.params[0];
    b->raw_bias = bias;
    b->folded_w.resize(a.params[0]->size());
    b->folded_b.resize(static_cast<std::size_t>(K));
    w = b->folded_w.data();
    bias = b->folded_b.data();
  }
  attach<dnnl::convolution_forward>(*b, pd, src_md, x.data(), wei_md, w, dst_md, y.data());
  if (has_bias) {
    b->has_bias = true;
    b->bias = user_memory(*ctx, bias_md, bias);
  }
  return [b] { (*b)(); };
}

namespace {

// Y [rows × out] = X [rows × in] · Wᵀ + b as one inner product (weights in
// its preferred layout, reordered once), with the chain's ReLU as a post-op.
std::optional<BoundKernel> inner_product(const std::shared_ptr<Context>& ctx, const Array& x,
                                         Array& y, std::int64_t rows, std::int64_t in,
                                         std::int64_t out, const float* w, const float* bias,
                                         const Chain& chain) {
  const memory::desc src_md({rows, in}, f32, tag::nc), dst_md({rows, out}, f32, tag::nc);
  const memory::desc wei_md({out, in}, f32, tag::oi), bias_md({out}, f32, tag::x);
  const memory::desc wei_any({out, in}, f32, tag::any);
  const auto desc = bias ? dnnl::inner_product_forward::desc(dnnl::prop_kind::forward_inference,
                                                             src_md, wei_any, bias_md, dst_md)
                         : dnnl::inner_product_forward::desc(dnnl::prop_kind::forward_inference,
                                                             src_md, wei_any, dst_md);
  const dnnl::inner_product_forward::primitive_desc pd(desc, post_op_attr(chain), ctx->engine);
  auto b = std::make_shared<Bound>();
  b->ctx = ctx;
  b->x = &x;
  b->y = &y;
  attach<dnnl::inner_product_forward>(*b, pd, src_md, x.data(), wei_md, w, dst_md, y.data());
  if (bias) {
    b->has_bias = true;
    b->bias = user_memory(*ctx, bias_md, bias);
  }
  return [b] { (*b)(); };
}

}  // namespace

std::optional<BoundKernel> bind_fc(const std::shared_ptr<Context>& ctx, const FullyConnected& op,
                                   const KernelArgs& a) {
  using reference::require;
  reference::require_args(a, 1, op.bias ? 2 : 1);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(y.rank() == 2 && x.dim(0) == y.dim(0), "fc needs an N×F output");
  const auto in = static_cast<std::int64_t>(x.item_size());
  const std::int64_t out = y.dim(1);
  require(a.params[0]->size() == static_cast<std::size_t>(out * in), "weight size");
  return inner_product(ctx, x, y, x.dim(0), in, out, a.params[0]->data(),
                       op.bias ? a.params[1]->data() : nullptr, read_chain(a, false, has_eltwise));
}

std::optional<BoundKernel> bind_linear(const std::shared_ptr<Context>& ctx, const Linear& op,
                                       const KernelArgs& a) {
  using reference::require;
  reference::require_args(a, 1, op.bias ? 2 : 1);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  const std::int64_t in = x.dim(x.rank() - 1), out = op.out;
  require(y.dim(y.rank() - 1) == out && x.size() / in == y.size() / out, "linear shapes");
  require(a.params[0]->size() == static_cast<std::size_t>(in * out), "linear weight size");
  require(!op.bias || a.params[1]->size() == static_cast<std::size_t>(out), "linear bias size");
  return inner_product(ctx, x, y, static_cast<std::int64_t>(x.size()) / in, in, out,
                       a.params[0]->data(), op.bias ? a.params[1]->data() : nullptr,
                       read_chain(a, false, has_eltwise));
}

}  // namespace archcalc::exec::onednn
