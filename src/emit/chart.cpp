#include "emit/chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "emit/chart_labels.hpp"
#include "emit/diagram_style.hpp"

namespace archcalc {

namespace {

constexpr double kLeft = 78, kRight = 24, kTop = 44, kBottom = 52;
const char* kPalette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

std::string plain(double v) {
  return fmt::format("{:g}", v);
}

// An axis mapped onto pixels [p0, p1], with its ticks.
struct Scale {
  double lo = 0, hi = 1, p0 = 0, p1 = 1;
  bool log = false;
  std::vector<double> ticks;
  double at(double v) const {
    double f = log ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                   : (v - lo) / (hi - lo);
    return p0 + f * (p1 - p0);
  }
};

Scale scale_of(const ChartAxis& a, double min, double max, double p0, double p1) {
  Scale s;
  s.p0 = p0;
  s.p1 = p1;
  s.log = a.log;
  if (!(min <= max)) min = max = a.log ? 1 : 0;  // no data
  if (a.log) {
    min = std::max(min, 1e-300);
    max = std::max(max, min);
    double d0 = std::floor(std::log10(min) + 1e-9), d1 = std::ceil(std::log10(max) - 1e-9);
    if (d1 <= d0) d1 = d0 + 1;
    s.lo = std::pow(10, d0);
    s.hi = std::pow(10, d1);
    for (double d = d0; d <= d1 + 1e-9; ++d) {
      double v = std::pow(10, d);
      s.ticks.push_back(v);
      if (d1 - d0 <= 2 && d < d1) {
        s.ticks.push_back(2 * v);
        s.ticks.push_back(5 * v);
      }
    }
    std::sort(s.ticks.begin(), s.ticks.end());
    return s;
  }
  if (a.from_zero && min >= 0) {
    auto [top, step] = nice_scale(max);
    s.lo = 0;
    s.hi = top;
    for (double v = 0; v <= top + step / 2; v += step) s.ticks.push_back(v);
    return s;
  }
  double step = nice_scale(max > min ? max - min : std::max(std::abs(max), 1.0)).second;
  s.lo = std::floor(min / step + 1e-9) * step;
  s.hi = std::ceil(max / step - 1e-9) * step;
  if (s.hi <= s.lo) s.hi = s.lo + step;
  for (double v = s.lo; v <= s.hi + step / 2; v += step) s.ticks.push_back(v);
  return s;
}

std::string point_svg(const ChartPoint& p, double cx, double cy) {
  std::string tip = html_escape(p.tip);
  std::string dot = fmt::format(
      "<circle class=\"pt\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"{}\" "
      "fill-opacity=\"0.75\" stroke=\"#222222\" stroke-width=\"0.6\" data-net=\"{}\" "
      "data-x=\"{:.9g}\" data-y=\"{:.9g}\" data-tip=\"{}\"><title>{}</title></circle>",
      cx, cy, p.radius, p.color, html_escape(p.net), p.x, p.y, tip, tip);
  if (!p.href.empty()) dot = "<a href=\"" + html_escape(p.href) + "\">" + dot + "</a>";
  return dot + "\n";
}

// A label; in its point's colour when `colored` (a column of line ends,
// where the colour tells the lines apart).
std::string label_svg(const LabelRequest& q, const PlacedLabel& l, bool colored) {
  std::string out;
  if (l.leader) {
    double from = l.lx < q.cx ? q.cx - q.r : q.cx + q.r;
    out += fmt::format(
        "<line class=\"pt-leader\" x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" "
        "stroke=\"{}\" stroke-opacity=\"0.6\" stroke-width=\"0.6\"/>",
        from, q.cy, l.lx, l.ly, colored ? q.color : "#888888");
  }
  return out +
         fmt::format(
             "<text class=\"pt-label\" x=\"{:.1f}\" y=\"{:.1f}\" font-size=\"9\"{}{}>{}</text>\n",
             l.x, l.y, l.end ? " text-anchor=\"end\"" : "",
             colored ? " style=\"fill:" + q.color + "\"" : "", html_escape(q.text));
}

// Every label drawn, and a note on those left out.
std::string labels_svg(std::vector<LabelRequest> requests, std::vector<LabelBox> taken,
                       bool end_labels, double w, double h) {
  std::string out;
  std::size_t dropped = 0;
  if (end_labels) {
    std::erase_if(requests, [](const LabelRequest& q) { return q.text.empty(); });
    std::vector<PlacedLabel> placed =
        column_labels(requests, w - kRight + 12, kTop + kLabelHeight - 2, h - kBottom);
    for (std::size_t i = 0; i < requests.size(); ++i)
      out += label_svg(requests[i], placed[i], true);
  } else {
    LabelBox area{kLeft + 2, kTop, w - kLeft - 4, h - kBottom - kTop};
    auto placed = place_labels(requests, area, std::move(taken));
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (requests[i].text.empty()) continue;
      if (placed[i])
        out += label_svg(requests[i], *placed[i], false);
      else
        ++dropped;
    }
  }
  if (dropped) {
    out += fmt::format(
        "<text class=\"labels-left-out\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" "
        "font-size=\"9\" fill=\"#666666\" data-count=\"{}\">{} label{} left out where {} "
        "overlap; hover a point for its name</text>\n",
        w - kRight, h - 4, dropped, dropped, dropped == 1 ? "" : "s",
        dropped == 1 ? "it would" : "they would");
  }
  return out;
}

}  // namespace

const char* palette_color(std::size_t i) {
  return kPalette[i % std::size(kPalette)];
}

std::pair<double, double> nice_scale(double max) {
  if (max <= 0) return {1, 0.25};
  double raw = max / 4, mag = std::pow(10, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  return {std::ceil(max / step - 1e-9) * step, step};
}

namespace {

// A chart's <svg> element, white ground and title; `id` already escaped.
std::string svg_open(const std::string& id, double w, double h, std::size_t points,
                     const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"{0}\" width=\"{1}\" "
      "height=\"{2}\" viewBox=\"0 0 {1} {2}\" data-points=\"{3}\" "
      "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"11\">\n"
      "<rect width=\"{1}\" height=\"{2}\" fill=\"#ffffff\"/>\n"
      "<text x=\"{4:.1f}\" y=\"20\" text-anchor=\"middle\" font-size=\"14\" "
      "font-weight=\"bold\">{5}</text>\n",
      id, w, h, points, w / 2, html_escape(title));
}

}  // namespace

std::string scatter_svg(const ScatterChart& c) {
  const double inf = std::numeric_limits<double>::infinity();
  double x0 = inf, x1 = -inf, y0 = inf, y1 = -inf;
  for (const ChartPoint& p : c.points) {
    x0 = std::min(x0, p.x);
    x1 = std::max(x1, p.x);
    y0 = std::min(y0, p.y);
    y1 = std::max(y1, p.y);
  }
  for (const ChartLine& l : c.lines) {
    if (l.fit) continue;  // a fit line is cut to the points' range
    for (auto [x, y] : l.points) {
      x0 = std::min(x0, x);
      x1 = std::max(x1, x);
      y0 = std::min(y0, y);
      y1 = std::max(y1, y);
    }
  }
  // With end labels the svg widens by the widest label and grows to give
  // each label a row; the plot keeps its width.
  double widest = 0;
  std::size_t labelled = 0;
  for (const ChartPoint& p : c.points) {
    if (p.label.empty()) continue;
    widest = std::max(widest, label_width(p.label));
    ++labelled;
  }
  const double w = c.width;
  const double h =
      c.end_labels ? std::max(c.height, kTop + kBottom + 11 * static_cast<double>(labelled) + 10)
                   : c.height;
  const double svg_w = c.end_labels && labelled ? w + widest + 10 : w;
  Scale sx = scale_of(c.x, x0, x1, kLeft, w - kRight);
  Scale sy = scale_of(c.y, y0, y1, h - kBottom, kTop);
  auto fx = c.x.format ? c.x.format : plain;
  auto fy = c.y.format ? c.y.format : plain;
  std::string id = html_escape(c.id);
  std::string out = svg_open(id, svg_w, h, c.points.size(), c.title);
  out += fmt::format(
      "<clipPath id=\"clip-{0}\"><rect x=\"{1:.1f}\" y=\"{2:.1f}\" width=\"{3:.1f}\" "
      "height=\"{4:.1f}\"/></clipPath>\n",
      id, kLeft, kTop, w - kLeft - kRight, h - kTop - kBottom);
  for (double v : sy.ticks) {
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"#e4e4e4\"/>"
        "<text x=\"{3:.1f}\" y=\"{4:.1f}\" text-anchor=\"end\">{5}</text>\n",
        kLeft, sy.at(v), w - kRight, kLeft - 6, sy.at(v) + 4, html_escape(fy(v)));
  }
  for (double v : sx.ticks) {
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#e4e4e4\"/>"
        "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4}</text>\n",
        sx.at(v), kTop, h - kBottom, h - kBottom + 16, html_escape(fx(v)));
  }
  out += fmt::format(
      "<polyline points=\"{0:.1f},{1:.1f} {0:.1f},{2:.1f} {3:.1f},{2:.1f}\" fill=\"none\" "
      "stroke=\"#333333\"/>\n"
      "<text x=\"{4:.1f}\" y=\"{5:.1f}\" text-anchor=\"middle\" font-size=\"12\">{6}</text>\n"
      "<text transform=\"translate(16 {7:.1f}) rotate(-90)\" text-anchor=\"middle\" "
      "font-size=\"12\">{8}</text>\n",
      kLeft, kTop, h - kBottom, w - kRight, (kLeft + w - kRight) / 2, h - 12,
      html_escape(c.x.label), (kTop + h - kBottom) / 2, html_escape(c.y.label));
  int legend = 0;
  std::string legend_svg;
  double legend_w = 0;
  std::vector<LabelBox> taken;
  for (const ChartLine& l : c.lines) {
    std::string pts;
    for (auto [x, y] : l.points) {
      if ((sx.log && x <= 0) || (sy.log && y <= 0)) continue;
      pts += fmt::format("{}{:.1f},{:.1f}", pts.empty() ? "" : " ", sx.at(x), sy.at(y));
    }
    out += fmt::format(
        "<polyline class=\"line\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\"{} "
        "{}/>\n",
        pts, l.color, l.dashed ? " stroke-dasharray=\"5 4\"" : "",
        l.fit ? " clip-path=\"url(#clip-" + id + ")\"" : "");
    if (!l.label.empty()) {
      double ly = kTop + 6 + 15 * legend++;
      legend_svg += fmt::format(
          "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{2:.1f}\" y2=\"{1:.1f}\" stroke=\"{3}\" "
          "stroke-width=\"1.5\"{4}/><text x=\"{5:.1f}\" y=\"{6:.1f}\">{7}</text>\n",
          kLeft + 10, ly, kLeft + 34, l.color, l.dashed ? " stroke-dasharray=\"5 4\"" : "",
          kLeft + 40, ly + 4, html_escape(l.label));
      // The legend's 11 px text is 11/9 as wide as a label's.
      taken.push_back(LabelBox{kLeft + 8, ly - 7, 32 + label_width(l.label) * 11 / 9, 14});
      legend_w = std::max(legend_w, taken.back().w);
    }
  }
  if (legend) {  // over the lines, on a white ground
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" fill=\"#ffffff\" "
        "fill-opacity=\"0.85\"/>\n{}",
        kLeft + 6, kTop - 2, legend_w + 4, 15 * legend + 2, legend_svg);
  }
  std::vector<LabelRequest> requests;
  for (const ChartPoint& p : c.points) {
    out += point_svg(p, sx.at(p.x), sy.at(p.y));
    requests.push_back(LabelRequest{sx.at(p.x), sy.at(p.y), p.radius, p.label, p.color});
  }
  return out + labels_svg(requests, std::move(taken), c.end_labels, w, h) + "</svg>\n";
}

std::string bars_svg(const std::string& id, const std::string& title, const std::string& axis,
                     const std::vector<Bar>& bars) {
  constexpr double kRow = 16, kLabel = 170, kBarW = 380, kText = 110;
  double max = 0;
  for (const Bar& b : bars) max = std::max(max, b.value);
  auto [top, step] = nice_scale(max);
  const double w = kLabel + kBarW + kText, h = kTop + kRow * static_cast<double>(bars.size()) + 36;
  auto px = [&, top = top](double v) { return kLabel + v / top * kBarW; };
  std::string out = svg_open(html_escape(id), w, h, bars.size(), title);
  const double bottom = kTop + kRow * static_cast<double>(bars.size());
  for (double v = 0; v <= top + step / 2; v += step) {
    out += fmt::format(
        "<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#e4e4e4\"/>"
        "<text x=\"{0:.1f}\" y=\"{3:.1f}\" text-anchor=\"middle\">{4}</text>\n",
        px(v), kTop - 4, bottom, bottom + 14, plain(v));
  }
  out += fmt::format(
      "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"12\">{}"
      "</text>\n",
      kLabel + kBarW / 2, bottom + 30, html_escape(axis));
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    double y = kTop + kRow * static_cast<double>(i);
    std::string tip = html_escape(b.tip);
    std::string rect = fmt::format(
        "<rect class=\"pt\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "fill=\"{}\" data-net=\"{}\" data-y=\"{:.9g}\" data-tip=\"{}\"><title>{}</title></rect>",
        kLabel, y + 2, std::max(px(b.value) - kLabel, 0.5), kRow - 4, b.color, html_escape(b.net),
        b.value, tip, tip);
    if (!b.href.empty()) rect = "<a href=\"" + html_escape(b.href) + "\">" + rect + "</a>";
    out += fmt::format(
        "<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>{}"
        "<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>\n",
        kLabel - 6, y + kRow - 4, html_escape(b.label), rect, px(b.value) + 4, y + kRow - 4,
        html_escape(b.text));
  }
  return out + "</svg>\n";
}

}  // namespace archcalc
