// `run --machine`: each layer's measured time beside the roofline pass's
// prediction, and the share of the machine's peak and bandwidth it reached.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "exec/executor.hpp"
#include "graph/network.hpp"

namespace archcalc::exec {

// The table: predicted, bound, measured (median), measured/predicted, GFLOP/s
// and % of peak, GB/s and % of bandwidth. `net` carries the roofline pass's
// annotations at the run's batch; "" when it has no machine.
std::string emit_run_roofline(const RunResult& r, const Network& net);
// {"machine": {...}, "layers": [{"name", "predicted_seconds", "bound",
// "measured_seconds", "peak_fraction", "bandwidth_fraction"}]}.
nlohmann::ordered_json run_roofline_json(const RunResult& r, const Network& net);

}  // namespace archcalc::exec
