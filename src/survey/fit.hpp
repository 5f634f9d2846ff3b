// The fits of a survey: least squares of a line, and what the survey derives
// from it (effective GMAC/s, networks far off the line, the hyperbola of
// accuracy against speed). Plain arithmetic on doubles; docs/survey.md states
// every formula.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace archcalc::survey {

// y ≈ intercept + slope · x by ordinary least squares.
struct LineFit {
  std::size_t n = 0;
  double slope = 0, intercept = 0;
  // Coefficient of determination 1 − SSE/SST (SSE = Σ residual², SST = Σ (y − ȳ)²);
  // 1 when SST is 0.
  double r2 = 0;
  // Residual standard error sqrt(SSE / (n − 2)); 0 when n = 2.
  double residual_sd = 0;
  std::vector<double> residuals;     // y − (intercept + slope · x), in input order
  std::vector<double> standardized;  // residual / residual_sd (0 when residual_sd is 0)
};

// The least-squares line through (x[i], y[i]). nullopt with fewer than two
// points, different lengths, or every x equal (no slope).
std::optional<LineFit> fit_line(std::span<const double> x, std::span<const double> y);

// A point is far off the line when its standardized residual exceeds this in
// absolute value (about 5% of points of a normal error would).
constexpr double kOutlierSd = 2.0;

// Indices of the points far off the line (|standardized| > kOutlierSd), in
// input order; none with fewer than four points (two degrees of freedom left
// are too few to call one point off).
std::vector<std::size_t> outliers(const LineFit& f);

// The time of one pass against its MACs: seconds = intercept + slope · MACs.
struct TimeFit {
  LineFit line;
  double gmacs_per_second = 0;  // 1 / (slope · 10⁹): the machine's effective rate; 0 when slope ≤ 0
};
std::optional<TimeFit> fit_time(std::span<const double> macs, std::span<const double> seconds);

// Accuracy against speed, the paper's hyperbola: top-1 = a − b · (images/s),
// i.e. time per image = 1 / (images/s) = b / (a − top-1), a hyperbola in time
// with its asymptote at top-1 = a. `upper_a` moves the line up to the highest
// point (a' = max(top-1 + b · images/s)): the bound no network crosses.
struct HyperbolaFit {
  LineFit line;  // top-1 against images/s
  double a = 0, b = 0, upper_a = 0;
};
std::optional<HyperbolaFit> fit_hyperbola(std::span<const double> images_per_second,
                                          std::span<const double> top1);

// Top-1 (percent) per million parameters: "information density".
double top1_per_mparams(double top1, double params);

}  // namespace archcalc::survey
