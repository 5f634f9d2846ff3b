// The SVG line chart of a sweep, written directly: two panels (MACs, params)
// sharing the x axis of the first swept parameter.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "compare/sweep.hpp"
#include "emit/chart.hpp"
#include "emit/diagram_style.hpp"
#include "emit/format.hpp"

namespace archcalc {

namespace {

constexpr double kPanelW = 460, kPanelH = 340, kLeft = 80, kRight = 30, kTop = 70, kBottom = 60;

std::optional<double> as_number(const std::string& s) {
  long long v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return static_cast<double>(v);
}

struct Series {
  std::string label;                // "w=2, d=3", or "" for a single line
  std::vector<std::size_t> points;  // indices into Sweep::points, in the first axis' order
};

std::vector<Series> series_of(const Sweep& s) {
  std::vector<Series> out;
  std::map<std::vector<std::string>, std::size_t> index;
  for (std::size_t p = 0; p < s.points.size(); ++p) {
    std::vector<std::string> rest(s.points[p].values.begin() + 1, s.points[p].values.end());
    auto [it, fresh] = index.try_emplace(rest, out.size());
    if (fresh) {
      Series one;
      for (std::size_t a = 1; a < s.axes.size(); ++a) {
        one.label += (a > 1 ? ", " : "") + s.axes[a].name + "=" + rest[a - 1];
      }
      out.push_back(one);
    }
    out[it->second].points.push_back(p);
  }
  return out;
}

}  // namespace

std::string sweep_plot_svg(const Sweep& s) {
  const SweepAxis& axis = s.axes.front();
  // x positions in [0, 1]: by value when every value is an integer, else evenly.
  std::vector<double> pos;
  std::vector<std::optional<double>> nums;
  for (const auto& v : axis.values) nums.push_back(as_number(v));
  bool numeric = std::all_of(nums.begin(), nums.end(), [](auto& n) { return n.has_value(); });
  double lo = numeric ? **std::min_element(nums.begin(), nums.end()) : 0;
  double hi = numeric ? **std::max_element(nums.begin(), nums.end())
                      : static_cast<double>(axis.values.size() - 1);
  for (std::size_t i = 0; i < axis.values.size(); ++i) {
    double x = numeric ? *nums[i] : static_cast<double>(i);
    pos.push_back(hi > lo ? (x - lo) / (hi - lo) : 0.5);
  }
  std::map<std::string, double> x_of;
  for (std::size_t i = 0; i < axis.values.size(); ++i) x_of[axis.values[i]] = pos[i];

  std::vector<Series> series = series_of(s);
  double width = 2 * kPanelW, height = kPanelH;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} "
      "{1}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
      "<rect width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n"
      "<text x=\"{2}\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">{3}: "
      "MACs and params against {4}</text>\n",
      width, height, width / 2, html_escape(s.model), html_escape(axis.name));
  struct Panel {
    const char* name;
    Count (*get)(const Totals&);
  };
  const Panel panels[] = {{"MACs", [](const Totals& t) { return t.cost.macs; }},
                          {"params", [](const Totals& t) { return t.cost.params(); }}};
  for (int k = 0; k < 2; ++k) {
    double x0 = k * kPanelW + kLeft, x1 = (k + 1) * kPanelW - kRight;
    double y0 = height - kBottom, y1 = kTop;
    Count max = 0;
    for (const auto& p : s.points) max = std::max(max, panels[k].get(p.totals));
    auto [top, step] = nice_scale(static_cast<double>(max));
    auto px = [&](double f) { return x0 + f * (x1 - x0); };
    auto py = [&, top = top](double v) { return y0 - v / top * (y0 - y1); };
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"14\">{}"
        "</text>\n",
        (x0 + x1) / 2, y1 - 14, panels[k].name);
    for (double v = 0; v <= top + step / 2; v += step) {
      out += fmt::format(
          "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#e0e0e0\"/>\n"
          "<text x=\"{3:.1f}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
          x0, py(v), x1, x0 - 6, py(v) + 4, si(static_cast<Count>(std::llround(v))));
    }
    for (std::size_t i = 0; i < axis.values.size(); ++i) {
      out += fmt::format(
          "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#333333\"/>\n"
          "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4}</text>\n",
          px(pos[i]), y0, y0 + 5, y0 + 19, html_escape(axis.values[i]));
    }
    out += fmt::format(
        "<polyline points=\"{0:.1f},{1:.1f} {0:.1f},{2:.1f} {3:.1f},{2:.1f}\" fill=\"none\" "
        "stroke=\"#333333\"/>\n<text x=\"{4:.1f}\" y=\"{5:.1f}\" "
        "text-anchor=\"middle\">{6}</text>\n",
        x0, y1, y0, x1, (x0 + x1) / 2, y0 + 40, html_escape(axis.name));
    for (std::size_t n = 0; n < series.size(); ++n) {
      const char* color = palette_color(n);
      std::string line, dots;
      for (std::size_t p : series[n].points) {
        double x = px(x_of.at(s.points[p].values[0]));
        double y = py(static_cast<double>(panels[k].get(s.points[p].totals)));
        line += fmt::format("{}{:.1f},{:.1f}", line.empty() ? "" : " ", x, y);
        dots += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3.5\" fill=\"{}\"/>\n", x, y,
                            color);
      }
      out +=
          fmt::format("<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>\n",
                      line, color) +
          dots;
      if (!series[n].label.empty()) {
        double ly = y1 + 4 + 16 * static_cast<double>(n);
        out += fmt::format(
            "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"{3}\" "
            "stroke-width=\"2\"/>\n<text x=\"{4:.1f}\" y=\"{5:.1f}\">{6}</text>\n",
            x0 + 10, ly, x0 + 30, color, x0 + 36, ly + 4, html_escape(series[n].label));
      }
    }
  }
  return out + "</svg>\n";
}

}  // namespace archcalc
