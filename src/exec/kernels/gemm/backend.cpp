#include <cblas.h>

#include <algorithm>

#include "exec/kernels/fold.hpp"
#include "exec/kernels/gemm/gemm.hpp"
#include "exec/kernels/layout.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec {

namespace gemm {

void use_threads(int threads) {
  openblas_set_num_threads(threads);
}

void sgemm(int n, const float* a, const float* b, float* c) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a, n, b, n, 0.0f, c, n);
}

void relu_in_place(std::span<float> values) {
  for (float& v : values) v = std::max(v, 0.0f);
}

}  // namespace gemm

namespace {

// The ops this backend runs itself, one overload each; every other op runs
// the reference kernel.
BoundKernel own(const Conv& op, const KernelArgs& a) {
  return gemm::bind_conv(op, a);
}
BoundKernel own(const FullyConnected& op, const KernelArgs& a) {
  return gemm::bind_fc(op, a);
}
BoundKernel own(const Linear& op, const KernelArgs& a) {
  return gemm::bind_linear(op, a);
}
BoundKernel own(const MatMul& op, const KernelArgs& a) {
  return gemm::bind_matmul(op, a);
}
BoundKernel own(const Transpose& op, const KernelArgs& a) {
  return bind_fast_transpose(op, a);
}
template <typename T>
concept Runs = requires(const T& op, const KernelArgs& a) {
  own(op, a);
};

class GemmBackend final : public Backend {
 public:
  explicit GemmBackend(int threads) : threads_(threads) {}
  std::string_view name() const override { return "gemm"; }
  std::uint64_t workspace_bytes(const Op& op, std::span<const Shape> in, const Shape& out,
                                std::int64_t) const override {
    // A conv's im2col tile, and a copy of its weights and bias for a folded
    // batch norm (counted whether or not one follows: an upper bound).
    const auto* conv = std::get_if<Conv>(&op);
    if (!conv) return 0;
    const std::uint64_t folded =
        static_cast<std::uint64_t>(out.dims.at(0)) *
        static_cast<std::uint64_t>(
            in[0].dims.at(0) / conv->groups * conv->kernel.h * conv->kernel.w + 1);
    return (gemm::conv_workspace_floats(*conv, in[0], out) + folded) * sizeof(float);
  }
  BoundKernel bind(const Op& op, const KernelArgs& args) override {
    KernelArgs a = args;
    a.threads = threads_;
    return std::visit(
        [&](const auto& o) -> BoundKernel {
          if constexpr (Runs<std::decay_t<decltype(o)>>) {
            return own(o, a);
          } else {
            return bind_reference(o, a);
          }
        },
        op);
  }
  bool runs(const Op& op) const override {
    return std::visit([](const auto& o) { return Runs<std::decay_t<decltype(o)>>; }, op);
  }
  bool fuses(const Op& producer, std::span<const Op* const> post_ops) const override {
    if (std::holds_alternative<Conv>(producer)) return foldable_chain(post_ops, true);
    if (std::holds_alternative<FullyConnected>(producer)) return foldable_chain(post_ops, false);
    if (std::holds_alternative<MatMul>(producer)) {  // a constant scale: sgemm's alpha
      const auto* s = post_ops.size() == 1 ? std::get_if<Scale>(post_ops[0]) : nullptr;
      return s != nullptr && !s->learned;
    }
    return false;
  }

 private:
  int threads_;
};

}  // namespace

std::unique_ptr<Backend> make_gemm_backend(const BackendOptions& opts) {
  return std::make_unique<GemmBackend>(opts.threads);
}

}  // namespace archcalc::exec
