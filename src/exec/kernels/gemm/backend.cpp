#include <cblas.h>

#include <algorithm>

#include "exec/kernels/gemm/gemm.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec {

namespace gemm {

void use_threads(int threads) {
  openblas_set_num_threads(threads);
}

void relu_in_place(std::span<float> values) {
  for (float& v : values) v = std::max(v, 0.0f);
}

}  // namespace gemm

namespace {

class GemmBackend final : public Backend {
 public:
  explicit GemmBackend(int threads) : threads_(threads) {}
  std::string_view name() const override { return "gemm"; }
  std::uint64_t workspace_bytes(const Op& op, std::span<const Shape> in, const Shape& out,
                                std::int64_t) const override {
    const auto* conv = std::get_if<Conv>(&op);
    return conv ? gemm::conv_workspace_floats(*conv, in[0], out) * sizeof(float) : 0;
  }
  BoundKernel bind(const Op& op, const KernelArgs& args) override {
    KernelArgs a = args;
    a.threads = threads_;
    if (const auto* conv = std::get_if<Conv>(&op)) return gemm::bind_conv(*conv, a);
    if (const auto* fc = std::get_if<FullyConnected>(&op)) return gemm::bind_fc(*fc, a);
    if (a.post_op) throw OpError("gemm backend: cannot fuse an activation into this op");
    return std::visit(
        [&a](const auto& o) -> BoundKernel { return [o, a] { reference::forward(o, a); }; }, op);
  }
  bool fuses(const Op& producer, const Op& activation) const override {
    return (std::holds_alternative<Conv>(producer) ||
            std::holds_alternative<FullyConnected>(producer)) &&
           std::holds_alternative<Relu>(activation);
  }

 private:
  int threads_;
};

}  // namespace

std::unique_ptr<Backend> make_gemm_backend(const BackendOptions& opts) {
  return std::make_unique<GemmBackend>(opts.threads);
}

}  // namespace archcalc::exec
