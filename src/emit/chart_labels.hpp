// Where a chart's point labels go: beside their point where they fit, never
// over one another or outside the chart; a label that finds no free place is
// left out (its point keeps its hover text). Labels of the last points of
// lines can instead sit in a column right of the plot, stacked in the order
// of their points and joined to them by leader lines.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace archcalc {

struct LabelBox {
  double x = 0, y = 0, w = 0, h = 0;  // top-left corner and size, pixels
  bool overlaps(const LabelBox& o) const;
};

struct LabelRequest {
  double cx = 0, cy = 0, r = 0;  // the point's centre and radius
  std::string text;
  std::string color;  // the text's colour in a column; "" the page's label colour
};

struct PlacedLabel {
  double x = 0, y = 0;    // the text's anchor and baseline
  bool end = false;       // text-anchor end (drawn left of x)
  bool leader = false;    // a line from the point to the text
  double lx = 0, ly = 0;  // the leader's end at the text
};

// Text height and an upper estimate of its width at the labels' font size.
constexpr double kLabelHeight = 10;
double label_width(const std::string& text);

// Places each request's label inside `area` (the whole chart) avoiding
// `taken` (boxes already drawn there, e.g. the legend) and the other points.
// Larger points are placed first. nullopt: no free place.
std::vector<std::optional<PlacedLabel>> place_labels(const std::vector<LabelRequest>& requests,
                                                     const LabelBox& area,
                                                     std::vector<LabelBox> taken);

// Places labels in a column starting at x = `column`, between `top` and
// `bottom`, each as near its point's height as the ones above allow.
std::vector<PlacedLabel> column_labels(const std::vector<LabelRequest>& requests, double column,
                                       double top, double bottom);

}  // namespace archcalc
