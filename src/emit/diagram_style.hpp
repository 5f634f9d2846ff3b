// The look of diagrams: text escaping for Graphviz HTML-like labels, the
// heat-map palette of --color, and the shades of nested clusters.
#pragma once

#include <string>

namespace archcalc {

// Shades of the heat map (ColorBrewer YlOrRd, light to dark).
constexpr int kHeatLevels = 9;

// `s` with &, <, >, " escaped for an HTML-like label.
std::string html_escape(const std::string& s);

// The shade for `share` of the total when the largest node holds `max_share`:
// 1 (lightest) to kHeatLevels; level k covers ((k-1)/9, k/9] of `max_share`.
int heat_level(double share, double max_share);

// "#rrggbb" of a level in 1..kHeatLevels.
const char* heat_color(int level);

// Whether text on that level's fill should be white.
bool heat_dark(int level);

// The fill of a cluster nested `depth` blocks deep (1: top level).
const char* cluster_fill(int depth);

}  // namespace archcalc
