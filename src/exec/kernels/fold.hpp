// Post-op chains as the fast backends fuse them: an activation (a ReLU, or
// any the backend's test accepts), or a batch norm folded into the producing
// conv's weights and bias, optionally followed by that activation. Folding uses the inference form
// of batch norm,
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
  const Op* activation = nullptr;       // applied last (null: none)
  bool relu = false;                    // the activation is a ReLU
};

// Which activations a backend applies after its own result.
using ActivationTest = bool (*)(const Op&);
bool is_relu(const Op& op);

// Whether `ops` is [act], or (with `batchnorm`) [batch norm] or [batch norm,
// act], for an op `act` that `activation` accepts (by default: a ReLU).
bool foldable_chain(std::span<const Op* const> ops, bool batchnorm,
                    ActivationTest activation = is_relu);
// The chain of `a.post_ops`; throws OpError when foldable_chain refuses it.
Chain read_chain(const KernelArgs& a, bool batchnorm, ActivationTest activation = is_relu);

// Writes the folded weights and bias of a conv with `channels` output
// channels of `per_channel` weights each: w_out = s·w, b_out = s·(b − μ) + β
// (b = 0 when `bias` is null). Reads the batch norm's current values.
void fold_batchnorm(const Chain& c, std::span<const float> w, const float* bias,
                    std::size_t channels, std::span<float> w_out, std::span<float> b_out);

}  // namespace archcalc::exec
