// The reference backend: one plain, readable loop nest per op type, the
// correctness oracle every faster backend is tested against. Each kernel reads
// args.in and args.params and overwrites all of *args.out (see KernelArgs).
// The backend dispatches with std::visit over the Op variant, and backend.cpp
// checks at compile time that every type of ARCHCALC_OPS has a kernel here
// (an overload, or the element-wise template for an op declaring `apply`):
// an op without a reference kernel does not build.
#pragma once

#include <memory>

#include "exec/backend.hpp"
#include "exec/kernels/reference/check.hpp"

namespace archcalc::exec::reference {

// A network input: the executor fills the tensor; nothing to compute.
void forward(const Input& op, const KernelArgs& a);
// Direct convolution: stride, per-side padding (Conv::pads), dilation, groups;
// parallel over output channels. params: weight [K, C/g, kh, kw], bias [K].
void forward(const Conv& op, const KernelArgs& a);
// Max over the window's input cells (padding never wins).
void forward(const MaxPool& op, const KernelArgs& a);
// Mean over the window; divisor as Caffe/PyTorch (count_pad: the window
// clipped to the padded input; otherwise the input cells only).
void forward(const AvgPool& op, const KernelArgs& a);
// y = W·x + b over the flattened input; params: weight [out, in], bias [out].
void forward(const FullyConnected& op, const KernelArgs& a);
// Copies the elements (C order is already flat).
void forward(const Flatten& op, const KernelArgs& a);
// An element-wise op (activations, dropout): y = op.apply(x) per element.
template <ElementWise T>
void forward(const T& op, const KernelArgs& a) {
  require_args(a, 1, 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.size() == y.size(), "element-wise op changes the element count");
  const float* src = x.data();
  float* dst = y.data();
  for (std::size_t i = 0; i < x.size(); ++i) dst[i] = op.apply(src[i]);
}
// Caffe's across-channel LRN: y = x / (k + alpha/size · Σ x²)^beta over the
// `size` channels centred on each channel (clipped at the edges).
void forward(const Lrn& op, const KernelArgs& a);
// Inference form: y = gamma·(x − mean)/sqrt(var + eps) + beta per channel
// (dims[1]); params: weight (gamma), bias (beta), running_mean, running_var.
void forward(const BatchNorm& op, const KernelArgs& a);
// Joins the inputs along channels (dims[1]), in port order.
void forward(const Concat& op, const KernelArgs& a);
// Element-wise sum of the inputs.
void forward(const Add& op, const KernelArgs& a);
// exp(x − max) / Σ exp(x − max) over each batch item's elements.
void forward(const Softmax& op, const KernelArgs& a);
// An uncounted imported op has no kernel: throws OpError (bind reports it
// before anything runs).
void forward(const Unknown& op, const KernelArgs& a);

}  // namespace archcalc::exec::reference

namespace archcalc::exec {

// The reference backend (threads: conv and fc split output channels).
std::unique_ptr<Backend> make_reference_backend(const BackendOptions& opts);

}  // namespace archcalc::exec
