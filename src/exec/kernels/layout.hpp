// A transpose for the fast backends, cache-friendly where the reference kernel
// moves one element at a time. Axes of size 1 are dropped and axes that stay
// neighbours in the same order are merged first (ViT's [1, 2, 0, 3] on
// 197×3×12×64 moves runs of 64 floats; [1, 0] on 768×196 is a 2-D transpose).
// When the last axis stays last, each run of it is one memcpy; otherwise
// the input's and the output's contiguous axes are moved in square tiles that
// stay in cache.
#pragma once

#include <cstdint>
#include <vector>

#include "exec/backend.hpp"

namespace archcalc::exec {

// The copy a transpose does, with its axes reduced: output dims, and the
// input's stride along each output axis.
struct TransposePlan {
  std::vector<std::int64_t> dims, in_stride;
};
// The plan of y = x transposed by `perm` over x's dims (both batch first;
// perm over the axes after the batch, as Transpose::perm).
TransposePlan plan_transpose(const std::vector<std::int64_t>& x_dims,
                             const std::vector<std::int64_t>& perm);
// Runs `plan` from x to y (distinct buffers).
void run_transpose(const TransposePlan& plan, const float* x, float* y);
// The transpose bound to its tensors (validated as the reference kernel does).
BoundKernel bind_fast_transpose(const Transpose& op, const KernelArgs& a);

}  // namespace archcalc::exec
