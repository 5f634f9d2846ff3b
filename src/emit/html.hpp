// The HTML report: one self-contained page (no network access needed) with
// the counting conventions, the totals, the diagram, a per-layer table that
// sorts by any column and folds blocks, bar charts of MACs, params and
// activation memory, and measured times beside predicted ones when given a run.
#pragma once

#include <string>

#include "emit/report.hpp"
#include "graph/network.hpp"
#include "io/run_times.hpp"

namespace archcalc {

struct HtmlOptions {
  ReportOptions report;     // mode and units; `depth` is ignored (the page folds blocks itself)
  std::string diagram_svg;  // the diagram as an SVG document, inlined; "" leaves it out
  const MeasuredTimes* run = nullptr;  // measured times to show, or none
};

// The page. A layer's predicted time is its share of the network's MACs times
// the sum of the measured layer times: what the time would be if it followed MACs.
std::string emit_html(const Network& net, const HtmlOptions& opts);

}  // namespace archcalc
