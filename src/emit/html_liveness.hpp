// The HTML report's timeline of live activation memory: live bytes at every
// step of the forward pass, the peak marked.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "util/checked.hpp"

namespace archcalc {

// A <figure id="liveness"> holding an inline SVG step chart of
// `live_elements` (per step: its layer and the elements live), in bytes at
// `bytes_per_element`.
std::string liveness_figure(const std::vector<std::pair<std::string, Count>>& live_elements,
                            bool in_place, Count bytes_per_element);

}  // namespace archcalc
