// The backward rule shared by the layers with a weight matrix or kernel
// (conv, conv_transpose, fc, linear): the weight gradient costs the forward
// MACs, the input gradient (when the input needs one) as many again; the
// bias gradient is `bias_ops` other ops. Saves its input.
#pragma once

#include "base/cost.hpp"

namespace archcalc {

inline Backward weighted_backward(Count forward_macs, Count bias_ops, bool input_grad) {
  return Backward{.macs = input_grad ? mul(forward_macs, 2, "backward MACs") : forward_macs,
                  .other_ops = bias_ops,
                  .saves_input = true};
}

}  // namespace archcalc
