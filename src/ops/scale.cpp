#include "ops/scale.hpp"

#include <fmt/format.h>

namespace archcalc {

std::string Scale::label() const {
  return learned ? fmt::format("scale learned, axis {}", axis) : fmt::format("scale ×{}", factor);
}

}  // namespace archcalc
