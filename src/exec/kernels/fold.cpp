#include "exec/kernels/fold.hpp"

#include <cmath>

#include "exec/kernels/reference/check.hpp"

namespace archcalc::exec {

bool is_relu(const Op& op) {
  return std::holds_alternative<Relu>(op);
}

bool foldable_chain(std::span<const Op* const> ops, bool batchnorm, ActivationTest activation) {
  auto bn = [&](std::size_t i) { return std::holds_alternative<BatchNorm>(*ops[i]); };
  if (ops.size() == 1) return activation(*ops[0]) || (batchnorm && bn(0));
  return ops.size() == 2 && batchnorm && bn(0) && activation(*ops[1]);
}

Chain read_chain(const KernelArgs& a, bool batchnorm, ActivationTest activation) {
  Chain c;
  if (a.post_ops.empty()) return c;
  std::vector<const Op*> ops;
  for (const PostOp& p : a.post_ops) ops.push_back(p.op);
  reference::require(foldable_chain(ops, batchnorm, activation),
                     batchnorm ? "only a batch norm and/or an activation can be fused"
                               : "only an activation can be fused");
  if (const auto* bn = std::get_if<BatchNorm>(ops[0])) {
    c.bn = bn;
    c.bn_params = a.post_ops[0].params;
    reference::require(c.bn_params.size() == 4, "batchnorm needs 4 parameters");
  }
  if (!std::holds_alternative<BatchNorm>(*ops.back())) c.activation = ops.back();
  c.relu = std::holds_alternative<Relu>(*ops.back());
  return c;
}

void fold_batchnorm(const Chain& c, std::span<const float> w, const float* bias,
                    std::size_t channels, std::span<float> w_out, std::span<float> b_out) {
  reference::require(c.bn != nullptr && w.size() == w_out.size() && b_out.size() == channels &&
                         channels > 0 && w.size() % channels == 0,
                     "batch norm folding sizes");
  for (const Array* p : c.bn_params) {
    reference::require(p->size() == channels, "batchnorm parameter size");
  }
  const float *gamma = c.bn_params[0]->data(), *beta = c.bn_params[1]->data();
  const float *mean = c.bn_params[2]->data(), *var = c.bn_params[3]->data();
  const std::size_t per = w.size() / channels;
  for (std::size_t k = 0; k < channels; ++k) {
    // As the reference batch norm computes its scale: in double, then float.
    const double inv_std = 1.0 / std::sqrt(static_cast<double>(var[k]) + c.bn->eps);
    const double s = gamma[k] * inv_std;
    const auto sf = static_cast<float>(s);
    for (std::size_t j = 0; j < per; ++j) w_out[k * per + j] = sf * w[k * per + j];
    const double b = bias ? bias[k] : 0.0;
    b_out[k] = static_cast<float>(s * (b - mean[k]) + beta[k]);
  }
}

}  // namespace archcalc::exec
