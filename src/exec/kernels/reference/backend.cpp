#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec {

namespace {

// True when reference::forward takes a `const T&`.
template <typename T>
concept HasReferenceKernel = requires(const T& op, const KernelArgs& a) {
  reference::forward(op, a);
};

#define ARCHCALC_REFERENCE_CHECK(T) \
  static_assert(HasReferenceKernel<T>, #T " has no reference kernel (exec/kernels/reference)");
ARCHCALC_OPS(ARCHCALC_REFERENCE_CHECK, ARCHCALC_NOSEP)
#undef ARCHCALC_REFERENCE_CHECK

class ReferenceBackend final : public Backend {
 public:
  explicit ReferenceBackend(int threads) : threads_(threads) {}
  std::string_view name() const override { return "reference"; }
  std::uint64_t workspace_bytes(const Op&, std::span<const Shape>, const Shape&,
                                std::int64_t) const override {
    return 0;  // every kernel works in place on its tensors
  }
  BoundKernel bind(const Op& op, const KernelArgs& args) override {
    if (const auto* u = std::get_if<Unknown>(&op)) reference::forward(*u, args);
    KernelArgs a = args;
    a.threads = threads_;
    return bind_reference(op, a);
  }
  bool runs(const Op&) const override { return true; }

 private:
  int threads_;
};

}  // namespace

BoundKernel bind_reference(const Op& op, const KernelArgs& args) {
  if (const auto* u = std::get_if<Unknown>(&op)) reference::forward(*u, args);
  return std::visit(
      [&args](const auto& o) -> BoundKernel {
        if (args.post_ops.empty()) return [o, a = args] { reference::forward(o, a); };
        return [o, a = args] {
          reference::forward(o, a);
          // The fused layers, in place on the output (element-wise ops).
          for (const PostOp& p : a.post_ops) {
            const KernelArgs in_place{{a.out}, a.out, p.params, 1};
            std::visit([&](const auto& f) { reference::forward(f, in_place); }, *p.op);
          }
        };
      },
      op);
}

std::unique_ptr<Backend> make_reference_backend(const BackendOptions& opts) {
  return std::make_unique<ReferenceBackend>(opts.threads);
}

}  // namespace archcalc::exec
