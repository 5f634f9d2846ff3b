// Counted nouns: "1 layer", "2 layers".
#pragma once

#include <string>
#include <string_view>

namespace archcalc {

// `n` and the noun, singular for 1: plural(1, "layer") is "1 layer",
// plural(3, "pass", "passes") "3 passes".
template <typename N>
std::string plural(N n, std::string_view one, std::string_view many = {}) {
  std::string noun = n == 1         ? std::string(one)
                     : many.empty() ? std::string(one) + "s"
                                    : std::string(many);
  return std::to_string(n) + " " + noun;
}

}  // namespace archcalc
