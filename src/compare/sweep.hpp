// Parameter sweeps: one network analyzed at every point of a grid of
// top-level parameter values, with the totals of each point, printed as a
// table, CSV, Markdown, JSON or an SVG line chart.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "graph/network.hpp"
#include "util/diag.hpp"

namespace archcalc {

// A top-level parameter and the values it takes, as written ("8", "16").
struct SweepAxis {
  std::string name;
  std::vector<std::string> values;
};

// One point of the grid: a value per axis, and the network's totals there.
struct SweepPoint {
  std::vector<std::string> values;
  Totals totals;
};

struct Sweep {
  std::string model, title, file;
  bool training = false;
  std::vector<SweepAxis> axes;
  std::vector<SweepPoint> points;  // the last axis varies fastest
};

// The most points a sweep may have (the product of the axes' sizes).
constexpr std::size_t kMaxSweepPoints = 10000;

// "NAME=V1,V2,..." → an axis; throws OpError when malformed.
SweepAxis parse_sweep_axis(const std::string& text);

// Loads and analyzes `file` at every point of the grid of `axes`. The first
// load's warnings go to `diag`. Throws InputError(s), each naming the point
// that failed, or OpError when the grid is empty, repeats a name or has more
// than kMaxSweepPoints points.
Sweep run_sweep(const std::string& file, const std::vector<SweepAxis>& axes, bool training,
                Diagnostics& diag);

// JSON schema version of `sweep_json`; bump on incompatible change.
constexpr int kSweepSchemaVersion = 1;

std::string sweep_table(const Sweep& s, bool units);
std::string sweep_csv(const Sweep& s);
std::string sweep_markdown(const Sweep& s, bool units);
nlohmann::ordered_json sweep_json(const Sweep& s);

// An SVG line chart of MACs and of params (two panels) against the first
// axis, one line per combination of the other axes' values.
std::string sweep_plot_svg(const Sweep& s);

}  // namespace archcalc
