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
// The learned tensor, copied for every batch item.
void forward(const Parameter& op, const KernelArgs& a);
// Direct convolution: stride, per-side padding (Conv::pads), dilation, groups;
// parallel over output channels. params: weight [K, C/g, kh, kw], bias [K].
void forward(const Conv& op, const KernelArgs& a);
// Every input pixel scatters its kernel window onto the output (PyTorch's
// ConvTranspose2d); params: weight [C, out/groups, kh, kw], bias [out].
void forward(const ConvTranspose& op, const KernelArgs& a);
// Channels regrouped; nearest or bilinear (align_corners=False) upsampling.
void forward(const ChannelShuffle& op, const KernelArgs& a);
void forward(const Upsample& op, const KernelArgs& a);
// Max over the window's input cells (padding never wins).
void forward(const MaxPool& op, const KernelArgs& a);
// Mean over the window; divisor as Caffe/PyTorch (count_pad: the window
// clipped to the padded input; otherwise the input cells only).
void forward(const AvgPool& op, const KernelArgs& a);
// The same over 1 or 3 spatial axes (N×C×L, N×C×D×H×W); params: weight
// [K, C/g, k…], bias [K].
void forward(const Conv1d& op, const KernelArgs& a);
void forward(const Conv3d& op, const KernelArgs& a);
void forward(const MaxPool1d& op, const KernelArgs& a);
void forward(const AvgPool1d& op, const KernelArgs& a);
void forward(const MaxPool3d& op, const KernelArgs& a);
void forward(const AvgPool3d& op, const KernelArgs& a);
// y = W·x + b over the flattened input; params: weight [out, in], bias [out].
void forward(const FullyConnected& op, const KernelArgs& a);
// Copies the elements (C order is already flat).
void forward(const Flatten& op, const KernelArgs& a);
void forward(const Reshape& op, const KernelArgs& a);
// Moves each element to its permuted index; copies a range of one axis.
void forward(const Transpose& op, const KernelArgs& a);
void forward(const Slice& op, const KernelArgs& a);
// Each output element the input element it maps to (reflect: mirrored about
// the edge; edge: the edge), or the constant.
void forward(const Pad& op, const KernelArgs& a);
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
// x, or slope · x below 0: one slope per channel (dims[1]) or one for all.
void forward(const PRelu& op, const KernelArgs& a);
// x · factor, or x times a learned vector along the op's axis.
void forward(const Scale& op, const KernelArgs& a);
// Caffe's across-channel LRN: y = x / (k + alpha/size · Σ x²)^beta over the
// `size` channels centred on each channel (clipped at the edges).
void forward(const Lrn& op, const KernelArgs& a);
// Inference form: y = gamma·(x − mean)/sqrt(var + eps) + beta per channel
// (dims[1]); params: weight (gamma), bias (beta), running_mean, running_var.
void forward(const BatchNorm& op, const KernelArgs& a);
// Joins the inputs along the op's axis (dims[1 + axis]), in port order.
void forward(const Concat& op, const KernelArgs& a);
// Element-wise sum, product, difference and quotient of the inputs,
// broadcast (an axis of size 1 repeats).
void forward(const Add& op, const KernelArgs& a);
void forward(const Mul& op, const KernelArgs& a);
void forward(const Sub& op, const KernelArgs& a);
void forward(const Div& op, const KernelArgs& a);
// y = x·Wᵀ + b on the last axis; params: weight [out, in], bias [out].
void forward(const Linear& op, const KernelArgs& a);
// Batched a·b (or a·bᵀ) over the last two axes, leading axes broadcast.
void forward(const MatMul& op, const KernelArgs& a);
// (x − mean) / sqrt(var + eps) over the op's axes, then γ·… + β.
void forward(const LayerNorm& op, const KernelArgs& a);
// Per group of channels (instance norm: per channel), over the group's elements.
void forward(const GroupNorm& op, const KernelArgs& a);
void forward(const InstanceNorm& op, const KernelArgs& a);
// The mean and the maximum over the op's axes (dims[1 + axis]).
void forward(const Mean& op, const KernelArgs& a);
void forward(const ReduceMax& op, const KernelArgs& a);
// exp(x − max) / Σ exp(x − max) over the op's axes (none: each item's elements).
void forward(const Softmax& op, const KernelArgs& a);
// An uncounted imported op has no kernel: throws OpError (bind reports it
// before anything runs).
void forward(const Unknown& op, const KernelArgs& a);

}  // namespace archcalc::exec::reference

namespace archcalc::exec {

// The reference backend (threads: conv and fc split output channels).
std::unique_ptr<Backend> make_reference_backend(const BackendOptions& opts);

}  // namespace archcalc::exec
