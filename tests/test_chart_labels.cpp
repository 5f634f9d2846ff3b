// Chart point labels: beside their point where they fit, never over one
// another, over the legend or outside the chart; stacked in a column in the
// order of their points; the ones that find no place left out and counted.
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "emit/chart.hpp"
#include "emit/chart_labels.hpp"

using namespace archcalc;

namespace {

LabelBox box_of(const PlacedLabel& l, const std::string& text) {
  double w = label_width(text);
  return LabelBox{l.end ? l.x - w : l.x, l.y - kLabelHeight + 2, w, kLabelHeight};
}

}  // namespace

TEST_CASE("chart labels: width estimate", "[chart]") {
  // 5.6 px a lower-case letter or digit, 8 for capitals, m and w; UTF-8
  // continuation bytes count once per character.
  CHECK(label_width("vgg16") == Approx(28));
  CHECK(label_width("AmX") == Approx(24));
  CHECK(label_width("R²") == Approx(13.6));
}

TEST_CASE("chart labels: right of the point, else left, else above", "[chart]") {
  LabelBox area{0, 0, 200, 100};
  // "net" is 16.8 px wide. A point at x 50 takes its label on the right:
  // anchor 50 + 4 + 3 = 57, baseline 50 + 4.
  auto a = place_labels({{50, 50, 4, "net", ""}}, area, {});
  REQUIRE(a[0]);
  CHECK(a[0]->x == Approx(57));
  CHECK(a[0]->y == Approx(54));
  CHECK_FALSE(a[0]->end);
  // At x 190 the right side would end at 197 + 16.8 > 200: the label goes
  // left, anchored at its end, 190 − 7 = 183.
  auto b = place_labels({{190, 50, 4, "net", ""}}, area, {});
  REQUIRE(b[0]);
  CHECK(b[0]->end);
  CHECK(b[0]->x == Approx(183));
  // Both sides taken (a legend box over the row): above the point, centred.
  auto c = place_labels({{100, 50, 4, "net", ""}}, area, {LabelBox{0, 46, 200, 10}});
  REQUIRE(c[0]);
  CHECK_FALSE(c[0]->leader);
  CHECK(c[0]->x == Approx(100 - 16.8 / 2));
  CHECK(c[0]->y == Approx(43));
}

TEST_CASE("chart labels: a crowd never overlaps and drops what cannot fit", "[chart]") {
  // Forty points on one spot: every placed label is inside the box and none
  // overlaps another. 24 find a place: right, left, above and below the
  // point, and the 24 places moved up or down 1 to 6 rows on either side
  // less the 4 one row away, which touch the labels above and below.
  LabelBox area{0, 0, 300, 200};
  std::vector<LabelRequest> q;
  for (int i = 0; i < 40; ++i) q.push_back({150, 100, 3, "resnet" + std::to_string(i), ""});
  auto placed = place_labels(q, area, {});
  std::vector<LabelBox> boxes;
  for (std::size_t i = 0; i < q.size(); ++i) {
    if (!placed[i]) continue;
    LabelBox b = box_of(*placed[i], q[i].text);
    CHECK(b.x >= 0);
    CHECK(b.x + b.w <= 300);
    CHECK(b.y >= 0);
    CHECK(b.y + b.h <= 200);
    for (const LabelBox& o : boxes) CHECK_FALSE(b.overlaps(o));
    boxes.push_back(b);
  }
  CHECK(boxes.size() == 24);
}

TEST_CASE("chart labels: a column keeps its points' order and spacing", "[chart]") {
  // Three points at heights 50, 52, 300: baselines 54, 65 (pushed below the
  // first by one 11 px row), 304. A stack running past the bottom is pushed up.
  auto c = column_labels({{10, 52, 3, "b", ""}, {10, 50, 3, "a", ""}, {10, 300, 3, "c", ""}}, 500,
                         20, 400);
  REQUIRE(c.size() == 3);
  CHECK(c[1].y == Approx(54));
  CHECK(c[0].y == Approx(65));
  CHECK(c[2].y == Approx(304));
  CHECK(c[0].x == 500);
  CHECK(c[0].leader);
  auto d = column_labels({{10, 398, 3, "a", ""}, {10, 399, 3, "b", ""}}, 500, 20, 400);
  CHECK(d[1].y == Approx(400));
  CHECK(d[0].y == Approx(389));
}

TEST_CASE("chart labels: a scatter chart's labels in the svg", "[chart]") {
  ScatterChart c;
  c.id = "t";
  c.x = ChartAxis{"x", false, true, {}};
  c.y = ChartAxis{"y", false, true, {}};
  // Thirty labelled points on one spot: some labels are left out, and the
  // chart says how many.
  for (int i = 0; i < 30; ++i) {
    ChartPoint p;
    p.x = 5;
    p.y = 5;
    p.net = p.label = "net" + std::to_string(i);
    c.points.push_back(p);
  }
  std::string svg = scatter_svg(c);
  std::size_t drawn = count_of(svg, "class=\"pt-label\"");
  std::smatch m;
  REQUIRE(
      std::regex_search(svg, m, std::regex("data-count=\"([0-9]+)\">([0-9]+) labels left out")));
  CHECK(drawn + std::stoul(m[1]) == 30);
  CHECK(m[1] == m[2]);
  CHECK(drawn > 10);
  // As end labels every one is drawn, in a column right of the 640 px plot;
  // the svg widens by the widest label ("net29", 28 px) and 10 px.
  c.end_labels = true;
  svg = scatter_svg(c);
  drawn = count_of(svg, "class=\"pt-label\"");
  CHECK(drawn == 30);
  CHECK(svg.find("labels left out") == std::string::npos);
  CHECK(svg.find("width=\"678\"") != std::string::npos);
}
