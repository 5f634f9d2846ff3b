// Where a strided window stays inside its input, for the convolution kernels
// (reference and gemm) that skip the padding instead of reading zeros.
#pragma once

#include <cstdint>

namespace archcalc::exec {

// Output positions [lo, hi) along one axis.
struct Range {
  std::int64_t lo, hi;
};

// The output positions o in [0, out) whose input index o·stride + offset lies
// inside [0, in); the others read padding, which is zero.
inline Range inside(std::int64_t out, std::int64_t stride, std::int64_t offset, std::int64_t in) {
  std::int64_t lo = 0;
  while (lo < out && lo * stride + offset < 0) ++lo;
  std::int64_t hi = out;
  while (hi > lo && (hi - 1) * stride + offset >= in) --hi;
  return {lo, hi};
}

}  // namespace archcalc::exec
