#include "compare/sweep.hpp"

#include <set>

#include "io/loader.hpp"
#include "passes/passes.hpp"

namespace archcalc {

SweepAxis parse_sweep_axis(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw OpError("--set expects NAME=V1,V2,..., got '" + text + "'");
  }
  SweepAxis axis;
  axis.name = text.substr(0, eq);
  std::string rest = text.substr(eq + 1);
  std::size_t start = 0;
  while (true) {
    auto comma = rest.find(',', start);
    std::string value = rest.substr(start, comma == std::string::npos ? comma : comma - start);
    if (value.empty()) throw OpError("--set " + axis.name + ": an empty value in '" + rest + "'");
    axis.values.push_back(value);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return axis;
}

namespace {

std::string point_text(const std::vector<SweepAxis>& axes, const std::vector<std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < axes.size(); ++i) {
    out += (i ? ", " : "") + axes[i].name + "=" + values[i];
  }
  return out;
}

InputError at_point(const InputError& e, const std::string& point) {
  return InputError(e.pos(), std::string(e.what()) + " (at " + point + ")");
}

}  // namespace

Sweep run_sweep(const std::string& file, const std::vector<SweepAxis>& axes, bool training,
                Diagnostics& diag) {
  if (axes.empty()) throw OpError("give at least one --set NAME=V1,V2,...");
  std::set<std::string> names;
  std::size_t points = 1;
  for (const SweepAxis& a : axes) {
    if (!names.insert(a.name).second) throw OpError("--set " + a.name + " is given twice");
    points *= a.values.size();
    if (points > kMaxSweepPoints) {
      throw OpError("the grid has more than " + std::to_string(kMaxSweepPoints) + " points");
    }
  }
  Sweep s;
  s.file = file;
  s.training = training;
  s.axes = axes;
  std::vector<std::size_t> index(axes.size(), 0);
  for (std::size_t p = 0; p < points; ++p) {
    LoadOptions options;
    SweepPoint point;
    for (std::size_t i = 0; i < axes.size(); ++i) {
      point.values.push_back(axes[i].values[index[i]]);
      options.overrides.emplace_back(axes[i].name, point.values.back());
    }
    Diagnostics local;
    try {
      Network net = load_network_file(file, options, p == 0 ? diag : local);
      analyze(net);
      if (p == 0) {
        s.model = net.name;
        s.title = net.title;
      }
      point.totals = net.totals(training);
    } catch (const InputError& e) {
      throw at_point(e, point_text(axes, point.values));
    } catch (const InputErrors& e) {
      std::vector<InputError> errors;
      for (const auto& one : e.errors())
        errors.push_back(at_point(one, point_text(axes, point.values)));
      throw InputErrors(std::move(errors));
    }
    s.points.push_back(std::move(point));
    // Advance the odometer: the last axis fastest.
    for (std::size_t i = axes.size(); i-- > 0;) {
      if (++index[i] < axes[i].values.size()) break;
      index[i] = 0;
    }
  }
  return s;
}

}  // namespace archcalc
