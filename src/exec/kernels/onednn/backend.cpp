#include <omp.h>

#include "exec/kernels/fold.hpp"
#include "exec/kernels/onednn/onednn.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec {

namespace onednn {

dnnl::memory::desc plain_desc(const dnnl::memory::dims& dims) {
  using tag = dnnl::memory::format_tag;
  const tag t = dims.size() == 4 ? tag::nchw : dims.size() == 2 ? tag::nc : tag::x;
  return {dims, dnnl::memory::data_type::f32, t};
}

void use_threads(int threads) {
  omp_set_num_threads(threads);
}

void sgemm(int n, const float* a, const float* b, float* c) {
  dnnl::sgemm('N', 'N', n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
}

}  // namespace onednn

namespace {

class OnednnBackend final : public Backend {
 public:
  explicit OnednnBackend(int threads) : ctx_(std::make_shared<onednn::Context>()) {
    ctx_->threads = threads;
  }
  std::string_view name() const override { return "onednn"; }
  std::uint64_t workspace_bytes(const Op& op, std::span<const Shape> in, const Shape& out,
                                std::int64_t batch) const override {
    // A conv's blocked copies of its input, output and weights, channels
    // rounded up to oneDNN's blocks of 16, and a plain copy of its weights and
    // bias for a folded batch norm (an upper bound of what it allocates).
    // A linear layer's weights reordered into the inner product's layout.
    if (const auto* linear = std::get_if<Linear>(&op)) {
      return static_cast<std::uint64_t>(in[0].dims.back() * linear->out) * sizeof(float);
    }
    const auto* conv = std::get_if<Conv>(&op);
    if (!conv) return 0;
    auto up = [](std::int64_t c) { return static_cast<std::uint64_t>((c + 15) / 16 * 16); };
    const std::uint64_t plane_in = static_cast<std::uint64_t>(in[0].h() * in[0].w());
    const std::uint64_t plane_out = static_cast<std::uint64_t>(out.h() * out.w());
    const std::uint64_t taps = static_cast<std::uint64_t>(conv->kernel.h * conv->kernel.w);
    const std::uint64_t n = static_cast<std::uint64_t>(batch);
    const auto k = static_cast<std::uint64_t>(out.dims[0]);
    const auto cg = static_cast<std::uint64_t>(in[0].dims[0] / conv->groups);
    return (n * (up(in[0].dims[0]) * plane_in + up(out.dims[0]) * plane_out) +
            up(out.dims[0]) * up(in[0].dims[0] / conv->groups) * taps + k * (cg * taps + 1)) *
           sizeof(float);
  }
  BoundKernel bind(const Op& op, const KernelArgs& args) override {
    KernelArgs a = args;
    a.threads = ctx_->threads;
    std::optional<BoundKernel> k;
    try {
      k = std::visit(
          [&](const auto& o) -> std::optional<BoundKernel> {
            if constexpr (onednn::Runs<std::decay_t<decltype(o)>>) {
              return onednn::bind(ctx_, o, a);
            } else {
              return std::nullopt;
            }
          },
          op);
    } catch (const dnnl::error&) {
      k.reset();  // oneDNN rejects this configuration: the reference kernel runs it
    }
    if (k) return *k;
    return bind_reference(op, a);
  }
  bool runs(const Op& op) const override {
    return std::visit([](const auto& o) { return onednn::Runs<std::decay_t<decltype(o)>>; }, op);
  }
  bool fuses(const Op& producer, std::span<const Op* const> post_ops) const override {
    // Conv, fc and linear apply any activation oneDNN has as a post-op; batch
    // norm and add a ReLU only; matmul a constant scale (attention's scores).
    if (std::holds_alternative<Conv>(producer)) {
      return foldable_chain(post_ops, true, onednn::has_eltwise);
    }
    if (std::holds_alternative<FullyConnected>(producer) ||
        std::holds_alternative<Linear>(producer)) {
      return foldable_chain(post_ops, false, onednn::has_eltwise);
    }
    if (std::holds_alternative<MatMul>(producer)) {
      return post_ops.size() == 1 && onednn::is_constant_scale(*post_ops[0]);
    }
    if (std::holds_alternative<BatchNorm>(producer) || std::holds_alternative<Add>(producer)) {
      return foldable_chain(post_ops, false);
    }
    return false;
  }

 private:
  std::shared_ptr<onednn::Context> ctx_;
};

}  // namespace

std::unique_ptr<Backend> make_onednn_backend(const BackendOptions& opts) {
  return std::make_unique<OnednnBackend>(opts.threads);
}

}  // namespace archcalc::exec
