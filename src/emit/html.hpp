// The HTML report: one self-contained page (no network access needed) with
// the counting conventions, the totals, the diagram (zoom and pan; a table
// row highlights its node, a node shows its figures on hover), a per-layer
// table that sorts by any column and folds blocks, bar charts of MACs, params
// and activation memory following the table's order, the timeline of live
// activations with its peak, and measured times beside predicted ones when
// given a run.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "emit/report.hpp"
#include "graph/network.hpp"
#include "io/run_times.hpp"

namespace archcalc {

struct HtmlOptions {
  ReportOptions report;     // mode and units; `depth` is ignored (the page folds blocks itself)
  std::string diagram_svg;  // the diagram as an SVG document, inlined; "" leaves it out
  // For each layer the diagram draws: its full name and the SVG id of its node.
  std::vector<std::pair<std::string, std::string>> diagram_nodes;
  // Inference only: the elements of live activations at each step of the
  // forward pass (liveness pass order), with the step's layer; empty leaves
  // the timeline out.
  std::vector<std::pair<std::string, Count>> live;
  const MeasuredTimes* run = nullptr;  // measured times to show, or none
};

// The page. A layer's predicted time is its share of the network's MACs times
// the sum of the measured layer times: what the time would be if it followed MACs.
std::string emit_html(const Network& net, const HtmlOptions& opts);

}  // namespace archcalc
