// The gemm backend: convolution as im2col + OpenBLAS sgemm (the way Caffe ran
// the classic networks; a depthwise convolution as a direct loop), fully
// connected and linear as sgemv/sgemm, the product of two activations as one
// sgemm per matrix, transpose as exec/kernels/layout.hpp's blocked copy; every
// other op runs the reference kernel. A ReLU that directly follows a conv
// or fc is fused into it (applied to each output tile while it is still in cache); a batch norm
// after a conv is folded into its weights and bias (exec/fold.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "exec/backend.hpp"
#include "ops/window.hpp"

namespace archcalc::exec::gemm {

// Floats of im2col buffer a conv needs: one tile of (C/g)·kh·kw rows ×
// tile_columns(); 0 for a 1×1, stride-1, unpadded conv, which reads its input
// as the matrix directly.
std::uint64_t conv_workspace_floats(const Conv& op, const Shape& in, const Shape& out);
// Binds a conv (params: weight [K, C/g, kh, kw], bias [K]).
BoundKernel bind_conv(const Conv& op, const KernelArgs& a);
// Binds a fully connected layer: sgemv at batch 1, sgemm above.
BoundKernel bind_fc(const FullyConnected& op, const KernelArgs& a);
// Binds a linear layer (params: weight [out, in], bias [out]): one sgemm over
// every position of the last axis, sgemv for a single one.
BoundKernel bind_linear(const Linear& op, const KernelArgs& a);
// Binds a matmul of two activations: one sgemm per matrix of the last two
// axes; a constant scale fused after it (a post-op) is sgemm's alpha.
BoundKernel bind_matmul(const MatMul& op, const KernelArgs& a);

// A depthwise convolution's geometry: C input channels, each read by
// `multiplier` output channels (K = C · multiplier, groups = C).
struct Depthwise {
  std::int64_t N, C, H, W, K, OH, OW, kh, kw, multiplier;
  Hw stride, dilation;
  Pads pads;
};
// y = the depthwise conv of x (N×C×H×W) with weights w [K, 1, kh, kw] and
// `bias` (null: none), then max(·, 0) when `relu`; channels split over
// `threads` std::threads.
void depthwise(const Depthwise& g, const float* x, const float* w, const float* bias, float* y,
               bool relu, int threads);
// Sets OpenBLAS's thread count (a process-wide setting) before a call.
void use_threads(int threads);
// c = a · b for row-major n×n matrices, with cblas_sgemm (what `archcalc
// probe` times; in the executable it is forwarded to the plugin, src/plugin/).
void sgemm(int n, const float* a, const float* b, float* c);
// y[i] = max(y[i], 0) over `values`.
void relu_in_place(std::span<float> values);

}  // namespace archcalc::exec::gemm

namespace archcalc::exec {

// The gemm backend (threads: OpenBLAS's own, set per call).
std::unique_ptr<Backend> make_gemm_backend(const BackendOptions& opts);

}  // namespace archcalc::exec
