#include "survey/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "emit/chart.hpp"
#include "emit/format.hpp"

namespace archcalc::survey {

namespace {

constexpr const char* kRunColor = "#2f7ab8";
constexpr const char* kOffColor = "#d62728";
constexpr const char* kAccColor = "#d9622b";

std::string run_tip(const Entry& e, const RunPoint& r) {
  return fmt::format("{} · batch {}: {} per pass, {} per image, {:.1f} images/s", net_tip(e),
                     r.batch, seconds_text(r.seconds), seconds_text(r.seconds_per_image()),
                     r.images_per_second());
}

std::string mib(double bytes) {
  return fmt::format("{:.1f} MiB", bytes / (1024.0 * 1024.0));
}

// Axis texts: 1.5G for MACs, 120 for images/s.
std::string si_text(double v) {
  if (v >= 1e9) return fmt::format("{:g}G", v / 1e9);
  if (v >= 1e6) return fmt::format("{:g}M", v / 1e6);
  if (v >= 1e3) return fmt::format("{:g}K", v / 1e3);
  return fmt::format("{:g}", v);
}

// Indices into s.nets sorted by `key`, largest first.
template <typename Key>
std::vector<std::size_t> sorted_by(const std::vector<std::size_t>& idx, Key key) {
  std::vector<std::size_t> out = idx;
  std::stable_sort(out.begin(), out.end(),
                   [&](std::size_t a, std::size_t b) { return key(a) > key(b); });
  return out;
}

}  // namespace

std::string net_tip(const Entry& e) {
  std::string t =
      fmt::format("{} · {} MACs · {} params", e.name, grouped(e.macs), grouped(e.params));
  if (e.top1) t += " · top-1 " + e.top1_text + "%";
  return t;
}

std::string accuracy_macs_chart(const Survey& s, const Summary& m) {
  ScatterChart c;
  c.id = "chart-accuracy-macs";
  c.title = "Top-1 accuracy against MACs (bubble area: params)";
  c.x = ChartAxis{"MACs (log scale)", true, true, si_text};
  c.y = ChartAxis{"top-1 %", false, false, {}};
  Count max_params = 1;
  for (std::size_t i : m.with_accuracy) max_params = std::max(max_params, s.nets[i].params);
  for (std::size_t i : m.with_accuracy) {
    const Entry& e = s.nets[i];
    ChartPoint p;
    p.x = static_cast<double>(e.macs);
    p.y = *e.top1;
    // Area proportional to params: the largest network's radius is 22 px.
    p.radius = std::max(
        2.0, 22 * std::sqrt(static_cast<double>(e.params) / static_cast<double>(max_params)));
    p.color = palette_color(i);
    p.net = e.name;
    p.tip = net_tip(e);
    p.href = e.report;
    p.label = e.name;
    c.points.push_back(p);
  }
  c.width = 900;
  c.height = 560;
  return scatter_svg(c);
}

std::string accuracy_bars(const Survey& s, const Summary& m) {
  std::vector<Bar> bars;
  for (std::size_t i : sorted_by(m.with_accuracy, [&](std::size_t k) { return *s.nets[k].top1; })) {
    const Entry& e = s.nets[i];
    bars.push_back(
        Bar{e.name, e.name, *e.top1, e.top1_text + "%", net_tip(e), e.report, kAccColor});
  }
  return bars_svg("chart-accuracy-bars", "Top-1 accuracy per network", "top-1 %", bars);
}

std::string time_macs_chart(const Survey& s, const Summary& m, std::size_t k) {
  const Summary::TimeAtBatch& t = m.time[k];
  ScatterChart c;
  c.id = fmt::format("chart-time-macs-{}", t.batch);
  c.title = fmt::format("Time of one pass against MACs, batch {}", t.batch);
  c.x = ChartAxis{fmt::format("GMACs per pass (MACs × {})", t.batch), false, true,
                  [](double v) { return fmt::format("{:g}", v); }};
  c.y = ChartAxis{"time per pass, ms", false, true, {}};
  // The five largest and every network off the line are labelled.
  std::vector<std::size_t> biggest =
      sorted_by(t.nets, [&](std::size_t i) { return static_cast<double>(s.nets[i].macs); });
  biggest.resize(std::min<std::size_t>(biggest.size(), 5));
  double max_x = 0;
  for (std::size_t i : t.nets) {
    const Entry& e = s.nets[i];
    const RunPoint& r = *e.run_at(t.batch);
    bool off = std::find(t.off.begin(), t.off.end(), i) != t.off.end();
    bool big = std::find(biggest.begin(), biggest.end(), i) != biggest.end();
    ChartPoint p;
    p.x = static_cast<double>(e.macs) * static_cast<double>(t.batch) / 1e9;
    p.y = r.seconds * 1e3;
    max_x = std::max(max_x, p.x);
    p.color = off ? kOffColor : kRunColor;
    p.net = e.name;
    p.tip = run_tip(e, r) + (off ? " · far off the line" : "");
    p.href = e.report;
    if (off || big) p.label = e.name;
    c.points.push_back(p);
  }
  if (t.fit) {
    const LineFit& f = t.fit->line;
    ChartLine l;
    l.fit = true;
    l.color = "#444444";
    // seconds = intercept + slope · MACs, drawn in ms against GMACs.
    for (double x : {0.0, max_x}) l.points.emplace_back(x, (f.intercept + f.slope * x * 1e9) * 1e3);
    l.label = fmt::format("least squares: {:.1f} GMAC/s, intercept {:.2f} ms, R² = {:.3f}",
                          t.fit->gmacs_per_second, f.intercept * 1e3, f.r2);
    c.lines.push_back(l);
  }
  c.width = 760;
  c.height = 480;
  return scatter_svg(c);
}

std::string time_batch_chart(const Survey& s) {
  ScatterChart c;
  c.id = "chart-time-batch";
  c.title = "Time per image against batch size";
  c.x = ChartAxis{"batch size (log scale)", true, true, {}};
  c.y = ChartAxis{"time per image, ms (log scale)", true, true, {}};
  for (std::size_t i = 0; i < s.nets.size(); ++i) {
    const Entry& e = s.nets[i];
    if (e.runs.empty()) continue;
    ChartLine l;
    l.color = palette_color(i);
    for (const RunPoint& r : e.runs) {
      ChartPoint p;
      p.x = static_cast<double>(r.batch);
      p.y = r.seconds_per_image() * 1e3;
      p.radius = 3;
      p.color = palette_color(i);
      p.net = e.name;
      p.tip = run_tip(e, r);
      p.href = e.report;
      if (&r == &e.runs.back()) p.label = e.name;
      l.points.emplace_back(p.x, p.y);
      c.points.push_back(p);
    }
    if (l.points.size() > 1) c.lines.push_back(l);
  }
  c.width = 760;
  c.height = 620;
  c.end_labels = true;
  return scatter_svg(c);
}

std::string memory_batch_chart(const Survey& s) {
  ScatterChart c;
  c.id = "chart-memory-batch";
  c.title = "Memory against batch size: measured (points) and predicted (dashed)";
  c.x = ChartAxis{"batch size (log scale)", true, true, {}};
  c.y = ChartAxis{"MiB (log scale)", true, true, {}};
  for (std::size_t i = 0; i < s.nets.size(); ++i) {
    const Entry& e = s.nets[i];
    if (e.runs.empty()) continue;
    ChartLine pred;
    pred.color = palette_color(i);
    pred.dashed = true;
    for (const RunPoint& r : e.runs) {
      double measured =
          static_cast<double>(r.rss_bytes ? *r.rss_bytes : r.executor_bytes.value_or(0));
      ChartPoint p;
      p.x = static_cast<double>(r.batch);
      // A run whose resident set did not grow is drawn at 0.1 MiB (the log axis has no 0).
      p.y = std::max(measured, 0.1 * 1024 * 1024) / (1024.0 * 1024.0);
      p.radius = 3;
      p.color = palette_color(i);
      p.net = e.name;
      p.tip = fmt::format(
          "{} · batch {}: resident set grew {} at its peak; executor: weights + activation "
          "high-water {}; predicted (weights + peak activations × batch) {}",
          e.name, r.batch, r.rss_bytes ? mib(static_cast<double>(*r.rss_bytes)) : "(unknown)",
          r.executor_bytes ? mib(static_cast<double>(*r.executor_bytes)) : "(not reported)",
          mib(static_cast<double>(r.predicted_bytes)));
      p.href = e.report;
      if (&r == &e.runs.back()) p.label = e.name;
      pred.points.emplace_back(p.x, static_cast<double>(r.predicted_bytes) / (1024.0 * 1024.0));
      c.points.push_back(p);
    }
    c.lines.push_back(pred);
  }
  c.width = 760;
  c.height = 620;
  c.end_labels = true;
  return scatter_svg(c);
}

std::string accuracy_speed_chart(const Survey& s, const Summary& m) {
  ScatterChart c;
  c.id = "chart-accuracy-speed";
  c.title = fmt::format("Top-1 accuracy against images per second, batch {} (bubble area: MACs)",
                        m.speed_batch);
  c.x = ChartAxis{"images per second", false, true, {}};
  c.y = ChartAxis{"top-1 %", false, false, {}};
  Count max_macs = 1;
  for (std::size_t i : m.speed_nets) max_macs = std::max(max_macs, s.nets[i].macs);
  double max_x = 0;
  for (std::size_t i : m.speed_nets) {
    const Entry& e = s.nets[i];
    const RunPoint& r = *e.run_at(m.speed_batch);
    ChartPoint p;
    p.x = r.images_per_second();
    p.y = *e.top1;
    max_x = std::max(max_x, p.x);
    p.radius =
        std::max(2.0, 18 * std::sqrt(static_cast<double>(e.macs) / static_cast<double>(max_macs)));
    p.color = palette_color(i);
    p.net = e.name;
    p.tip = run_tip(e, r);
    p.href = e.report;
    p.label = e.name;
    c.points.push_back(p);
  }
  if (m.hyperbola) {
    const HyperbolaFit& h = *m.hyperbola;
    ChartLine fit, bound;
    fit.fit = bound.fit = true;
    fit.color = "#444444";
    bound.color = "#888888";
    bound.dashed = true;
    for (double x : {0.0, max_x}) {
      fit.points.emplace_back(x, h.a - h.b * x);
      bound.points.emplace_back(x, h.upper_a - h.b * x);
    }
    fit.label = fmt::format("least squares: top-1 = {:.2f} − {:.4f} · images/s (R² = {:.3f})", h.a,
                            h.b, h.line.r2);
    bound.label = fmt::format("upper bound: top-1 = {:.2f} − {:.4f} · images/s", h.upper_a, h.b);
    c.lines.push_back(fit);
    c.lines.push_back(bound);
  }
  c.width = 900;
  c.height = 560;
  return scatter_svg(c);
}

std::string density_bars(const Survey& s, const Summary& m) {
  auto density = [&](std::size_t i) {
    return top1_per_mparams(*s.nets[i].top1, static_cast<double>(s.nets[i].params));
  };
  std::vector<Bar> bars;
  for (std::size_t i : sorted_by(m.with_accuracy, density)) {
    const Entry& e = s.nets[i];
    bars.push_back(Bar{e.name, e.name, density(i), fmt::format("{:.2f}", density(i)), net_tip(e),
                       e.report, "#3c9a5f"});
  }
  return bars_svg("chart-density", "Accuracy per parameter: top-1 % per million params",
                  "top-1 % / M params", bars);
}

}  // namespace archcalc::survey
