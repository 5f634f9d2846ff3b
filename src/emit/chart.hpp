// SVG charts written directly, for the sweep plot and the survey page: the
// palette, round axis scales (linear and logarithmic), scatter plots with
// lines, and horizontal bars. Every point or bar is one element of class
// "pt" carrying data-net, data-x and data-y, a hover text (<title> and
// data-tip) and, when given, a link.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace archcalc {

// Ten distinguishable colours (matplotlib's "tab10"), cycled.
const char* palette_color(std::size_t i);

// A round upper bound for an axis from 0 to `max` and its tick step (about
// four steps): 0.9 → {1, 0.25}; 1234 → {1500, 500}.
std::pair<double, double> nice_scale(double max);

struct ChartAxis {
  std::string label;
  bool log = false;       // decades; every value must then be positive
  bool from_zero = true;  // linear: start at 0 (else at a round value below the least)
  std::function<std::string(double)> format;  // tick text; default "{:g}"
};

struct ChartPoint {
  double x = 0, y = 0;
  double radius = 4;  // pixels
  std::string color = "#1f77b4";
  std::string net;    // data-net: what the point stands for
  std::string tip;    // hover text
  std::string href;   // link target; "" none
  std::string label;  // drawn beside the point where it fits; "" none
};

struct ChartLine {
  std::vector<std::pair<double, double>> points;  // data coordinates, in drawing order
  std::string color = "#333333";
  bool dashed = false;
  bool fit = false;   // a fitted line: cut to the plot, it does not widen the axes
  std::string label;  // legend text; "" none
};

struct ScatterChart {
  std::string id, title;
  ChartAxis x, y;
  std::vector<ChartPoint> points;
  std::vector<ChartLine> lines;
  double width = 640, height = 420;
  // Labels in a column right of the plot (the svg widens to fit them and
  // grows taller when they need more rows), joined to their points by
  // leader lines: for labels on the last points of lines.
  bool end_labels = false;
};

// The chart as an <svg> element (inline in HTML: no XML prolog).
std::string scatter_svg(const ScatterChart& c);

struct Bar {
  std::string net, label;  // data-net; the text left of the bar
  double value = 0;
  std::string text;  // printed after the bar
  std::string tip, href;
  std::string color = "#1f77b4";
};

// Horizontal bars from 0, one row each, in the order given.
std::string bars_svg(const std::string& id, const std::string& title, const std::string& axis,
                     const std::vector<Bar>& bars);

}  // namespace archcalc
