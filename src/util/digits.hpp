// Whole numbers in messages with their thousands grouped: 99999 as "99,999".
#pragma once

#include <cstdint>
#include <string>

namespace archcalc {

inline std::string group_digits(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out = n < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace archcalc
