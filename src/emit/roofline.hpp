// The roofline section of `analyze --machine`: each layer's predicted time
// from the roofline pass's annotation. Reads annotations only.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "graph/network.hpp"

namespace archcalc {

// "machine: ... peak ... GFLOP/s, bandwidth ... GB/s" and the formula, one
// line each (empty when the network has no machine).
std::string roofline_header(const Network& net);
// The table of predicted times of the inference layers (the input left out).
std::string emit_roofline_table(const Network& net);
// {"machine": {...}, "total_seconds": S, "layers": [{"name", "flops", "bytes",
// "compute_seconds", "memory_seconds", "seconds", "bound"}]}.
nlohmann::ordered_json roofline_json(const Network& net);
// "compute" or "memory".
std::string bound_text(const Roofline& r);

}  // namespace archcalc
