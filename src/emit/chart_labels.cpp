#include "emit/chart_labels.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace archcalc {

namespace {

constexpr double kGap = 3;       // between a point's edge and its label
constexpr double kRowStep = 11;  // vertical step of displaced and stacked labels

// The box of a text whose baseline is at y, its anchor at x.
LabelBox text_box(double x, double y, double w, bool end) {
  return LabelBox{end ? x - w : x, y - kLabelHeight + 2, w, kLabelHeight};
}

bool inside(const LabelBox& b, const LabelBox& area) {
  return b.x >= area.x && b.y >= area.y && b.x + b.w <= area.x + area.w &&
         b.y + b.h <= area.y + area.h;
}

// How much of a point's circle (as its square) the box covers.
double covered(const LabelBox& b, const LabelRequest& p) {
  double dx = std::min(b.x + b.w, p.cx + p.r) - std::max(b.x, p.cx - p.r);
  double dy = std::min(b.y + b.h, p.cy + p.r) - std::max(b.y, p.cy - p.r);
  return dx > 0 && dy > 0 ? dx * dy : 0;
}

}  // namespace

bool LabelBox::overlaps(const LabelBox& o) const {
  return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
}

double label_width(const std::string& text) {
  // Helvetica at the labels' 9 px: lower-case letters, digits and '_' are at
  // most 5.6 px wide; UTF-8 continuation bytes add nothing.
  double w = 0;
  for (unsigned char ch : text) {
    if ((ch & 0xC0) == 0x80) continue;
    w += (ch >= 'A' && ch <= 'Z') || ch == 'm' || ch == 'w' ? 8 : 5.6;
  }
  return w;
}

std::vector<std::optional<PlacedLabel>> place_labels(const std::vector<LabelRequest>& requests,
                                                     const LabelBox& area,
                                                     std::vector<LabelBox> taken) {
  std::vector<std::optional<PlacedLabel>> out(requests.size());
  std::vector<std::size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return requests[a].r > requests[b].r; });
  for (std::size_t i : order) {
    const LabelRequest& q = requests[i];
    if (q.text.empty()) continue;
    double w = label_width(q.text);
    // Beside the point first, then above and below, then moved up or down a
    // row at a time with a leader line.
    std::vector<PlacedLabel> candidates = {
        {q.cx + q.r + kGap, q.cy + 4, false, false, 0, 0},
        {q.cx - q.r - kGap, q.cy + 4, true, false, 0, 0},
        {q.cx - w / 2, q.cy - q.r - kGap, false, false, 0, 0},
        {q.cx - w / 2, q.cy + q.r + kGap + kLabelHeight - 2, false, false, 0, 0},
    };
    for (int k = 1; k <= 6; ++k) {
      for (int sign : {-1, 1}) {
        double y = q.cy + 4 + sign * k * kRowStep;
        candidates.push_back({q.cx + q.r + 3 * kGap, y, false, true, q.cx + q.r + 3 * kGap, y - 3});
        candidates.push_back({q.cx - q.r - 3 * kGap, y, true, true, q.cx - q.r - 3 * kGap, y - 3});
      }
    }
    double best = 1e300;
    for (const PlacedLabel& c : candidates) {
      LabelBox b = text_box(c.x, c.y, w, c.end);
      if (!inside(b, area)) continue;
      if (std::any_of(taken.begin(), taken.end(), [&](const LabelBox& t) { return t.overlaps(b); }))
        continue;
      double cost = 0;
      for (std::size_t j = 0; j < requests.size(); ++j) {
        if (j != i) cost += covered(b, requests[j]);
      }
      if (cost < best - 1e-9) {
        best = cost;
        out[i] = c;
      }
      if (cost == 0) break;  // candidates come in order of preference
    }
    if (out[i]) taken.push_back(text_box(out[i]->x, out[i]->y, w, out[i]->end));
  }
  return out;
}

std::vector<PlacedLabel> column_labels(const std::vector<LabelRequest>& requests, double column,
                                       double top, double bottom) {
  std::vector<std::size_t> order(requests.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return requests[a].cy < requests[b].cy; });
  // Baselines: each at its point's height, pushed down below the one above,
  // then the whole stack pushed up from the bottom where it runs over.
  std::vector<double> y(requests.size());
  double step = requests.empty()
                    ? kRowStep
                    : std::min(kRowStep, (bottom - top) / static_cast<double>(requests.size()));
  double prev = top - step;
  for (std::size_t i : order) prev = y[i] = std::max(requests[i].cy + 4, prev + step);
  double next = bottom + step;
  for (auto it = order.rbegin(); it != order.rend(); ++it)
    next = y[*it] = std::min(y[*it], next - step);
  std::vector<PlacedLabel> out(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    out[i] = PlacedLabel{column, y[i], false, true, column - 2, y[i] - 3};
  }
  return out;
}

}  // namespace archcalc
