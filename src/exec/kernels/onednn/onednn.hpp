// The onednn backend: oneDNN primitives, each created once per layer when it
// is bound. Conv and fc let oneDNN pick its preferred weight layout, into which
// the weights are reordered once (on the first call: parameter values may
// still change between bind and the first run); a ReLU that follows a conv,
// fc, batch norm or two-input add is fused into it (a post-op), and a batch
// norm that follows a conv is folded into its weights and bias (exec/fold.hpp),
// so a conv → batch norm → ReLU chain is one primitive. Activations stay in the
// executor's N×C×H×W tensors: a conv reorders its input into the blocked
// layout its primitive prefers, and its output back. Pooling, LRN, batch norm,
// softmax, element-wise activations and add run as oneDNN primitives too;
// a configuration oneDNN rejects (and concat, flatten, dropout) runs the
// reference kernel.
#pragma once

#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <optional>

#include "exec/backend.hpp"

namespace archcalc::exec::onednn {

// The engine and stream every primitive of one backend runs on.
struct Context {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  int threads = 1;  // OpenMP threads, set before each call
};

// A plain-layout memory descriptor of f32 `dims` (nchw, nc or x by rank).
dnnl::memory::desc plain_desc(const dnnl::memory::dims& dims);
// Sets the OpenMP thread count for the primitives about to run.
void use_threads(int threads);

// Binders, one overload per op this backend runs (the backend's list of
// ops is the set of these overloads; every other op runs the reference
// kernel). Each returns nullopt when oneDNN has no primitive for the op as
// configured (the caller then runs the reference kernel too).
std::optional<BoundKernel> bind_conv(const std::shared_ptr<Context>& ctx, const Conv& op,
                                     const KernelArgs& a);
std::optional<BoundKernel> bind_fc(const std::shared_ptr<Context>& ctx, const FullyConnected& op,
                                   const KernelArgs& a);
inline std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Conv& op,
                                       const KernelArgs& a) {
  return bind_conv(ctx, op, a);
}
inline std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx,
                                       const FullyConnected& op, const KernelArgs& a) {
  return bind_fc(ctx, op, a);
}
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const MaxPool&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const AvgPool&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Lrn&, const KernelArgs&);
// Takes a ReLU post-op.
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const BatchNorm&,
                                const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Softmax&, const KernelArgs&);
// Takes a ReLU post-op (two inputs).
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Add&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Relu&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Relu6&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const LeakyRelu&,
                                const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Sigmoid&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Tanh&, const KernelArgs&);

// True when this backend has its own kernel for ops of type T.
template <typename T>
concept Runs = requires(const std::shared_ptr<Context>& ctx, const T& op, const KernelArgs& a) {
  onednn::bind(ctx, op, a);  // qualified: no std::bind by argument-dependent lookup
};

}  // namespace archcalc::exec::onednn

namespace archcalc::exec {

// The onednn backend (threads: OpenMP's, set per call).
std::unique_ptr<Backend> make_onednn_backend(const BackendOptions& opts);

}  // namespace archcalc::exec
