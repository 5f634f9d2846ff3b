// The onednn backend: oneDNN primitives, each created once per layer when it
// is bound. Conv and fc let oneDNN pick its preferred weight layout, into which
// the weights are reordered once (on the first call: parameter values may
// still change between bind and the first run); a ReLU that follows a conv,
// fc, batch norm or two-input add is fused into it (a post-op), and a batch
// norm that follows a conv is folded into its weights and bias (exec/fold.hpp),
// so a conv → batch norm → ReLU chain is one primitive; linear is an inner
// product over every position. Activations stay in the
// executor's N×C×H×W tensors: a conv reorders its input into the blocked
// layout its primitive prefers, and its output back. Pooling, LRN, batch norm,
// softmax, element-wise activations, add, matmul, layer norm and the
// reductions run as oneDNN primitives too;
// a configuration oneDNN rejects (and concat, flatten, dropout) runs the
// reference kernel.
#pragma once

#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <optional>

#include "exec/backend.hpp"
#include "exec/kernels/onednn/entry.hpp"

namespace archcalc::exec::onednn {

// The engine and stream every primitive of one backend runs on.
struct Context {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  int threads = 1;  // OpenMP threads, set before each call
};

// A plain-layout memory descriptor of f32 `dims` (nchw, nc or x by rank).
dnnl::memory::desc plain_desc(const dnnl::memory::dims& dims);

// An element-wise activation as oneDNN's eltwise algorithm with its alpha and
// beta: what a conv, fc or linear applies as a post-op.
struct Eltwise {
  dnnl::algorithm alg;
  float alpha = 0, beta = 0;
};
// The eltwise form of `op`; nullopt for an op that has none.
std::optional<Eltwise> eltwise_of(const Op& op);
// Whether eltwise_of(op) has a value (an ActivationTest, exec/kernels/fold.hpp).
bool has_eltwise(const Op& op);

// Binders, one overload per op this backend runs (the backend's list of
// ops is the set of these overloads; every other op runs the reference
// kernel). Each returns nullopt when oneDNN has no primitive for the op as
// configured (the caller then runs the reference kernel too).
std::optional<BoundKernel> bind_conv(const std::shared_ptr<Context>& ctx, const Conv& op,
                                     const KernelArgs& a);
std::optional<BoundKernel> bind_fc(const std::shared_ptr<Context>& ctx, const FullyConnected& op,
                                   const KernelArgs& a);
// nn.Linear on the last axis: one inner product over every position.
std::optional<BoundKernel> bind_linear(const std::shared_ptr<Context>& ctx, const Linear& op,
                                       const KernelArgs& a);
inline std::optional<BoundKernel> bind(const std::shared_ptr<Context>& ctx, const Linear& op,
                                       const KernelArgs& a) {
  return bind_linear(ctx, op, a);
}
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
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const HardSwish&,
                                const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Silu&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Gelu&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Elu&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Mish&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Mul&, const KernelArgs&);
// A constant factor (a learned one: the reference kernel).
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Scale&, const KernelArgs&);
// linalg.cpp: matmul of two activations (takes a constant scale as a
// post-op: attention's scores), layer norm over trailing axes, the mean and
// maximum over axes, and transpose (exec/kernels/layout.hpp's blocked copy).
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const MatMul&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Transpose&,
                                const KernelArgs&);
// Whether `op` is a scale by a constant (what a matmul takes as a post-op).
bool is_constant_scale(const Op& op);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const LayerNorm&,
                                const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Mean&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const ReduceMax&,
                                const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Sub&, const KernelArgs&);
std::optional<BoundKernel> bind(const std::shared_ptr<Context>&, const Div&, const KernelArgs&);

// True when this backend has its own kernel for ops of type T.
template <typename T>
concept Runs = requires(const std::shared_ptr<Context>& ctx, const T& op, const KernelArgs& a) {
  onednn::bind(ctx, op, a);  // qualified: no std::bind by argument-dependent lookup
};

}  // namespace archcalc::exec::onednn
