// Axes as the YAML writes them: indices into a shape without its batch axis,
// from 0, or from the end (−1 is the last axis).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/shape.hpp"

namespace archcalc {

// `axes` as indices in [0, rank), in the order written; OpError when one is
// out of range or repeated.
std::vector<std::size_t> resolve_axes(const std::vector<std::int64_t>& axes, std::size_t rank);

// One axis (see resolve_axes).
std::size_t resolve_axis(std::int64_t axis, std::size_t rank);

// "[1, 2]".
std::string axes_text(const std::vector<std::int64_t>& axes);

}  // namespace archcalc
