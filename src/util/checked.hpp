// Exact 64-bit counting: every product and sum is checked for overflow.
#pragma once

#include <cstdint>
#include <string>

#include "util/diag.hpp"

namespace archcalc {

using Count = std::uint64_t;

// a·b, or OpError("<what> overflows 64 bits") on overflow.
inline Count mul(Count a, Count b, const char* what = "count") {
  Count r;
  if (__builtin_mul_overflow(a, b, &r)) throw OpError(std::string(what) + " overflows 64 bits");
  return r;
}

// a+b, or OpError on overflow.
inline Count add(Count a, Count b, const char* what = "count") {
  Count r;
  if (__builtin_add_overflow(a, b, &r)) throw OpError(std::string(what) + " overflows 64 bits");
  return r;
}

// Product of a list of non-negative sizes, checked.
template <typename... T>
Count product(const char* what, T... xs) {
  Count r = 1;
  ((r = mul(r, static_cast<Count>(xs), what)), ...);
  return r;
}

}  // namespace archcalc
