// One network's HTML report (emit/html.hpp) with its diagram and liveness
// timeline, as `archcalc report FILE` writes it; `survey` writes one per network.
#pragma once

#include <string>

#include "graph/network.hpp"
#include "io/run_times.hpp"

namespace archcalc::cli {

struct ReportPage {
  bool training = false, units = false;
  int diagram_depth = 1;
  const MeasuredTimes* run = nullptr;  // measured times beside predicted, or none
};

// The page of `net` (analyzed); `path` names the file in a rendering error.
std::string report_page(const Network& net, const ReportPage& page, const std::string& path);

}  // namespace archcalc::cli
