// The backward pass of pooling, the same in every dimension: max pooling
// routes each output's gradient to the input it took (one op per output, and
// it keeps the input to find it); average pooling spreads each gradient over
// its window, as many ops as the forward pass.
#pragma once

#include "base/cost.hpp"
#include "ops/pool.hpp"

namespace archcalc {

// `forward_other_ops()` gives the forward pass's count (average pooling only).
template <PoolMode M, class ForwardOps>
Backward pool_backward(Count outputs, ForwardOps forward_other_ops, bool input_grad) {
  Backward b;
  if (!input_grad) return b;
  if constexpr (M == PoolMode::kMax) {
    b.other_ops = outputs;
    b.saves_input = true;
  } else {
    b.other_ops = forward_other_ops();
  }
  return b;
}

}  // namespace archcalc
