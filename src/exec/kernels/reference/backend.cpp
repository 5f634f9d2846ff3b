#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec {

namespace {

// True when reference::forward has an overload taking exactly `const T&`.
template <typename T>
concept HasReferenceKernel = requires {
  static_cast<void (*)(const T&, const KernelArgs&)>(&reference::forward);
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
    return std::visit(
        [&a](const auto& o) -> BoundKernel { return [o, a] { reference::forward(o, a); }; }, op);
  }

 private:
  int threads_;
};

}  // namespace

std::unique_ptr<Backend> make_reference_backend(const BackendOptions& opts) {
  return std::make_unique<ReferenceBackend>(opts.threads);
}

}  // namespace archcalc::exec
