#include "survey/fit.hpp"

#include <algorithm>
#include <cmath>

namespace archcalc::survey {

std::optional<LineFit> fit_line(std::span<const double> x, std::span<const double> y) {
  const std::size_t n = x.size();
  if (n < 2 || y.size() != n) return std::nullopt;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0) return std::nullopt;
  LineFit f;
  f.n = n;
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  double sse = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double r = y[i] - (f.intercept + f.slope * x[i]);
    f.residuals.push_back(r);
    sse += r * r;
  }
  f.r2 = syy > 0 ? 1 - sse / syy : 1;
  f.residual_sd = n > 2 ? std::sqrt(sse / static_cast<double>(n - 2)) : 0;
  for (double r : f.residuals) f.standardized.push_back(f.residual_sd > 0 ? r / f.residual_sd : 0);
  return f;
}

std::vector<std::size_t> outliers(const LineFit& f) {
  std::vector<std::size_t> out;
  if (f.n < 4) return out;
  for (std::size_t i = 0; i < f.standardized.size(); ++i) {
    if (std::abs(f.standardized[i]) > kOutlierSd) out.push_back(i);
  }
  return out;
}

std::optional<TimeFit> fit_time(std::span<const double> macs, std::span<const double> seconds) {
  auto line = fit_line(macs, seconds);
  if (!line) return std::nullopt;
  TimeFit t{*line, 0};
  if (line->slope > 0) t.gmacs_per_second = 1 / (line->slope * 1e9);
  return t;
}

std::optional<HyperbolaFit> fit_hyperbola(std::span<const double> images_per_second,
                                          std::span<const double> top1) {
  auto line = fit_line(images_per_second, top1);
  if (!line) return std::nullopt;
  HyperbolaFit h{*line, line->intercept, -line->slope, line->intercept};
  for (std::size_t i = 0; i < top1.size(); ++i) {
    h.upper_a = std::max(h.upper_a, top1[i] + h.b * images_per_second[i]);
  }
  return h;
}

double top1_per_mparams(double top1, double params) {
  return params > 0 ? top1 / (params / 1e6) : 0;
}

}  // namespace archcalc::survey
