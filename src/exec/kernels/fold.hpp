// Post-op chains as the fast backends fuse them: a ReLU, or a batch norm
// folded into the producing conv's weights and bias, optionally followed by a
// ReLU. Folding uses the inference form of batch norm,
//   y = γ·(x − μ)/√(σ² + ε) + β = s·x + (β − s·μ),  s = γ/√(σ² + ε),
// so conv(W, b) then batch norm equals conv(s·W, s·(b − μ) + β).
#pragma once

#include <span>
#include <vector>

#include "exec/backend.hpp"

namespace archcalc::exec {

// What a kernel applies after its own result.
struct Chain {
  const BatchNorm* bn = nullptr;        // folded into the weights (conv only)
  std::vector<const Array*> bn_params;  // γ, β, μ, σ² (param_specs order)
  bool relu = false;                    // applied last
};

// Whether `ops` is [ReLU], or (with `batchnorm`) [batch norm] or [batch norm, ReLU].
bool foldable_chain(std::span<const Op* const> ops, bool batchnorm);
// The chain of `a.post_ops`; throws OpError when foldable_chain refuses it.
Chain read_chain(const KernelArgs& a, bool batchnorm);

// Writes the folded weights and bias of a conv with `channels` output
// channels of `per_channel` weights each: w_out = s·w, b_out = s·(b − μ) + β
// (b = 0 when `bias` is null). Reads the batch norm's current values.
void fold_batchnorm(const Chain& c, std::span<const float> w, const float* bias,
                    std::size_t channels, std::span<float> w_out, std::span<float> b_out);

}  // namespace archcalc::exec
