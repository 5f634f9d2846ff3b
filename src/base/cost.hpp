// What one layer costs, as computed by its op's counting hook.
#pragma once

#include "util/checked.hpp"

namespace archcalc {

// Counts for one layer at batch 1. All exact.
struct Cost {
  Count weights = 0;    // conv/fc kernel elements (trainable)
  Count bias = 0;       // conv/fc bias elements (trainable)
  Count affine = 0;     // batch-norm gamma and beta (trainable)
  Count buffers = 0;    // batch-norm running mean and variance (not trainable)
  Count macs = 0;       // multiply-accumulates (conv and fc only)
  Count other_ops = 0;  // everything else: bias adds, activations, pooling, BN, LRN, adds

  Count params() const { return add(add(weights, bias, "params"), affine, "params"); }
  // FLOPs, by the convention FLOPs = 2 × MACs.
  Count flops() const { return mul(macs, 2, "FLOPs"); }
  Cost& operator+=(const Cost& o);
};

// What one layer's backward pass costs and reads from the forward pass, at batch 1.
struct Backward {
  Count macs = 0;             // conv/fc: input gradient (if needed) + weight gradient
  Count other_ops = 0;        // element-wise work: activation masks, pooling routing, bias sums
  bool saves_input = false;   // reads its input(s), kept from the forward pass
  bool saves_output = false;  // reads its output (or a mask of the same size)
};

inline Cost& Cost::operator+=(const Cost& o) {
  weights = add(weights, o.weights, "weights");
  bias = add(bias, o.bias, "bias");
  affine = add(affine, o.affine, "params");
  buffers = add(buffers, o.buffers, "buffers");
  macs = add(macs, o.macs, "MACs");
  other_ops = add(other_ops, o.other_ops, "other ops");
  return *this;
}

}  // namespace archcalc
