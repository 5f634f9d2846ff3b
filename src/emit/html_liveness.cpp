#include "emit/html_liveness.hpp"

#include <fmt/format.h>

#include "emit/diagram_style.hpp"
#include "emit/format.hpp"

namespace archcalc {

namespace {

constexpr double kWidth = 640, kHeight = 230;
constexpr double kLeft = 70, kRight = 12, kTop = 24, kBottom = 34;

}  // namespace

std::string liveness_figure(const std::vector<std::pair<std::string, Count>>& live, bool in_place,
                            Count bytes_per_element) {
  const Count bytes = bytes_per_element;
  if (live.empty()) return "";
  std::size_t peak = 0;
  for (std::size_t i = 0; i < live.size(); ++i) {
    if (live[i].second > live[peak].second) peak = i;
  }
  const double top = static_cast<double>(live[peak].second) * bytes;
  const double steps = static_cast<double>(live.size());
  const double w = kWidth - kLeft - kRight, h = kHeight - kTop - kBottom;
  auto x = [&](double step) { return kLeft + w * step / steps; };
  auto y = [&](Count elements) {
    return top > 0 ? kTop + h * (1 - static_cast<double>(elements) * bytes / top) : kTop + h;
  };
  // A step chart: each step holds its value over [i, i + 1).
  std::string path = fmt::format("M{:.1f},{:.1f}", x(0), y(0));
  std::string hover;
  for (std::size_t i = 0; i < live.size(); ++i) {
    double yi = y(live[i].second);
    path += fmt::format(" L{:.1f},{:.1f} L{:.1f},{:.1f}", x(i), yi, x(i + 1.0), yi);
    hover += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.2f}\" height=\"{:.1f}\" class=\"step\">"
        "<title>step {} · {} · {} bytes live</title></rect>",
        x(i), kTop, w / steps, h, i, html_escape(live[i].first), grouped(live[i].second * bytes));
  }
  path += fmt::format(" L{:.1f},{:.1f} Z", x(steps), y(0));
  const Count peak_bytes = live[peak].second * bytes;
  double px = x(peak + 0.5), py = y(live[peak].second);
  std::string svg = fmt::format(
      "<svg class=\"timeline\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"live activation "
      "bytes at each step\">"
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"axis\"/>"
      "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"axis\"/>"
      "<text x=\"{}\" y=\"{}\" class=\"tick\" text-anchor=\"end\">{}</text>"
      "<text x=\"{}\" y=\"{}\" class=\"tick\" text-anchor=\"end\">0</text>"
      "<text x=\"{}\" y=\"{}\" class=\"tick\" text-anchor=\"middle\">step (layers in run order, "
      "{} steps)</text>"
      "<path d=\"{}\" class=\"live\"/>"
      "<line x1=\"{:.1f}\" y1=\"{}\" x2=\"{:.1f}\" y2=\"{}\" class=\"peak\"/>"
      "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" class=\"peak\"/>"
      "<text x=\"{:.1f}\" y=\"{}\" class=\"peak\" text-anchor=\"{}\">peak {} bytes at {}</text>"
      "{}</svg>",
      kWidth, kHeight, kLeft, kTop, kLeft, kTop + h, kLeft, kTop + h, kLeft + w, kTop + h,
      kLeft - 6, kTop + 4, si(peak_bytes), kLeft - 6, kTop + h, kLeft + w / 2, kHeight - 8,
      live.size(), path, px, kTop, px, kTop + h, px, py, px, kTop - 8,
      px > kLeft + w / 2 ? "end" : "start", grouped(peak_bytes), html_escape(live[peak].first),
      hover);
  return fmt::format(
      "<figure class=\"chart\" id=\"liveness\" data-peak-bytes=\"{}\" data-peak-step=\"{}\" "
      "data-peak-layer=\"{}\" data-steps=\"{}\">"
      "<h3>Live activation memory <span class=\"total\">· bytes held at each step of the forward "
      "pass ({})</span></h3>{}"
      "<p class=\"legend\">A layer's output is live from its step until its last reader has run. "
      "The peak, {} bytes at step {} ({}), is the activation memory a forward pass needs.</p>"
      "</figure>\n",
      peak_bytes, peak, html_escape(live[peak].first), live.size(),
      in_place ? "activations in place" : "no op in place", svg, grouped(peak_bytes), peak,
      html_escape(live[peak].first));
}

}  // namespace archcalc
