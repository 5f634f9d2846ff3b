// `archcalc survey`: the fits against values computed by hand on small
// synthetic data, the summary's lists, and the command's JSON, CSV and page
// with the exact counts and published accuracies of the bundled networks.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "helpers.hpp"
#include "survey/fit.hpp"
#include "survey/survey.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("survey fits: least squares of a line, by hand", "[survey]") {
  // x = 1..4, y = 2, 3, 5, 6. x̄ = 2.5, ȳ = 4; Sxx = 2.25 + 0.25 + 0.25 + 2.25 = 5;
  // Sxy = (−1.5)(−2) + (−0.5)(−1) + (0.5)(1) + (1.5)(2) = 7. slope = 7/5 = 1.4,
  // intercept = 4 − 1.4 · 2.5 = 0.5. Fitted 1.9, 3.3, 4.7, 6.1: residuals 0.1,
  // −0.3, 0.3, −0.1; SSE = 0.01 + 0.09 + 0.09 + 0.01 = 0.2; SST = 4 + 1 + 1 + 4 = 10;
  // R² = 1 − 0.2/10 = 0.98; residual sd = sqrt(0.2 / 2) = 0.316227766;
  // standardized = residual / sd = 0.316227766, −0.948683298, 0.948683298, −0.316227766.
  std::vector<double> x{1, 2, 3, 4}, y{2, 3, 5, 6};
  auto f = survey::fit_line(x, y);
  REQUIRE(f);
  CHECK(f->n == 4);
  CHECK(f->slope == Approx(1.4).epsilon(1e-12));
  CHECK(f->intercept == Approx(0.5).epsilon(1e-12));
  CHECK(f->r2 == Approx(0.98).epsilon(1e-12));
  CHECK(f->residual_sd == Approx(0.316227766).epsilon(1e-9));
  REQUIRE(f->residuals.size() == 4);
  CHECK(f->residuals[1] == Approx(-0.3).epsilon(1e-9));
  CHECK(f->standardized[0] == Approx(0.316227766).epsilon(1e-9));
  CHECK(f->standardized[2] == Approx(0.948683298).epsilon(1e-9));
  CHECK(survey::outliers(*f).empty());  // no |z| above 2

  // A line through every point: y = 3 + 2x, R² 1, no residual.
  std::vector<double> ex{0, 1, 2}, ey{3, 5, 7};
  auto e = survey::fit_line(ex, ey);
  REQUIRE(e);
  CHECK(e->slope == Approx(2).epsilon(1e-12));
  CHECK(e->intercept == Approx(3).epsilon(1e-12));
  CHECK(e->r2 == 1.0);
  CHECK(e->residual_sd == Approx(0).margin(1e-12));

  // No line: one point, or every x equal.
  std::vector<double> one{1}, same{2, 2, 2}, ys{1, 2, 3};
  CHECK_FALSE(survey::fit_line(one, one));
  CHECK_FALSE(survey::fit_line(same, ys));
}

TEST_CASE("survey fits: a network far off the line, by hand", "[survey]") {
  // x = 1..9, y = x except y = 14 at x = 5 (the mean of x, so Sxy does not
  // change): slope 1; ȳ = 54/9 = 6, intercept = 6 − 5 = 1. Residuals −1 at the
  // eight others and 14 − 6 = 8 at x = 5: SSE = 8 + 64 = 72, sd = sqrt(72/7) =
  // 3.207134903; standardized 8/3.2071 = 2.494438258 (above 2: far off) and
  // −1/3.2071 = −0.311804782. SST = 25+16+9+4+0+1+4+9 + 64 = 132: R² = 1 − 72/132 = 0.454545...
  std::vector<double> x{1, 2, 3, 4, 5, 6, 7, 8, 9}, y{1, 2, 3, 4, 14, 6, 7, 8, 9};
  auto f = survey::fit_line(x, y);
  REQUIRE(f);
  CHECK(f->slope == Approx(1).epsilon(1e-12));
  CHECK(f->intercept == Approx(1).epsilon(1e-12));
  CHECK(f->residual_sd == Approx(3.207134903).epsilon(1e-9));
  CHECK(f->standardized[4] == Approx(2.494438258).epsilon(1e-9));
  CHECK(f->standardized[0] == Approx(-0.311804782).epsilon(1e-9));
  CHECK(f->r2 == Approx(0.454545454545).epsilon(1e-9));
  CHECK(survey::outliers(*f) == std::vector<std::size_t>{4});
  // Three points leave one degree of freedom: nobody is called off the line.
  std::vector<double> x3{1, 2, 3}, y3{1, 5, 3};
  CHECK(survey::outliers(*survey::fit_line(x3, y3)).empty());
}

TEST_CASE("survey fits: effective GMAC/s, the hyperbola, accuracy per parameter", "[survey]") {
  // 1, 2 and 4 GMACs in 11, 21 and 41 ms: 10 ms per GMAC (slope 1e-11 s/MAC,
  // 1 / (1e-11 · 1e9) = 100 GMAC/s) plus 1 ms.
  std::vector<double> macs{1e9, 2e9, 4e9}, sec{0.011, 0.021, 0.041};
  auto t = survey::fit_time(macs, sec);
  REQUIRE(t);
  CHECK(t->line.slope == Approx(1e-11).epsilon(1e-9));
  CHECK(t->line.intercept == Approx(0.001).epsilon(1e-9));
  CHECK(t->gmacs_per_second == Approx(100).epsilon(1e-9));
  CHECK(t->line.r2 == Approx(1).epsilon(1e-12));

  // images/s 10, 20, 30 with top-1 80, 76, 70: x̄ = 20, ȳ = 226/3; Sxx = 200,
  // Sxy = (−10)(14/3) + 0 + (10)(−16/3) = −100: slope −0.5, so b = 0.5 and
  // a = 226/3 + 0.5 · 20 = 85.3333. The bound: max(80 + 5, 76 + 10, 70 + 15) = 86.
  // Time per image = b / (a − top-1): 0.5 / (85.3333 − 80) = 0.09375 s.
  std::vector<double> ips{10, 20, 30}, top1{80, 76, 70};
  auto h = survey::fit_hyperbola(ips, top1);
  REQUIRE(h);
  CHECK(h->b == Approx(0.5).epsilon(1e-12));
  CHECK(h->a == Approx(85.333333333).epsilon(1e-9));
  CHECK(h->upper_a == Approx(86).epsilon(1e-12));

  // ResNet-50: 76.130 / 25.557032 M params = 2.978827901.
  CHECK(survey::top1_per_mparams(76.13, 25'557'032) == Approx(2.978827901).epsilon(1e-9));
}

TEST_CASE("survey summary: fits per batch, networks with and without accuracy", "[survey]") {
  survey::Survey s;
  s.settings.batches = {1, 4};
  auto net = [](const char* name, Count macs, std::optional<double> top1) {
    survey::Entry e;
    e.name = name;
    e.macs = macs;
    e.params = 1'000'000;
    e.top1 = top1;
    return e;
  };
  s.nets = {net("a", 1'000'000'000, 70), net("b", 2'000'000'000, 75), net("c", 4'000'000'000, {})};
  auto run = [](std::int64_t batch, double seconds) {
    survey::RunPoint r;
    r.batch = batch;
    r.timed = 1;
    r.seconds = seconds;
    return r;
  };
  // Batch 1: 11, 21, 41 ms (100 GMAC/s + 1 ms); batch 4 only for a and b.
  double b1[] = {0.011, 0.021, 0.041};
  for (int i = 0; i < 3; ++i) s.nets[i].runs.push_back(run(1, b1[i]));
  s.nets[0].runs.push_back(run(4, 0.041));
  s.nets[1].runs.push_back(run(4, 0.081));
  survey::Summary m = survey::summarize(s);
  CHECK(m.with_accuracy == std::vector<std::size_t>{0, 1});
  CHECK(m.without_accuracy == std::vector<std::size_t>{2});
  REQUIRE(m.time.size() == 2);
  CHECK(m.time[0].nets.size() == 3);
  CHECK(m.time[0].fit->gmacs_per_second == Approx(100).epsilon(1e-9));
  // Batch 4: 4 and 8 GMACs per pass in 41 and 81 ms: 100 GMAC/s and 1 ms again.
  CHECK(m.time[1].nets == std::vector<std::size_t>{0, 1});
  CHECK(m.time[1].fit->gmacs_per_second == Approx(100).epsilon(1e-9));
  CHECK(m.time[1].fit->line.intercept == Approx(0.001).epsilon(1e-9));
  // The accuracy fit at batch 1: a (1/0.011 images/s, 70) and b (1/0.021, 75).
  CHECK(m.speed_nets == std::vector<std::size_t>{0, 1});
  REQUIRE(m.hyperbola);
}
