#include "survey/page.hpp"

#include <fmt/format.h>

#include <cmath>

#include "emit/diagram_style.hpp"
#include "emit/format.hpp"
#include "survey/charts.hpp"

namespace archcalc::survey {

namespace {

constexpr const char* kReportStyle =
#include "emit/html/report.css.inc"
    ;
constexpr const char* kStyle =
#include "survey/page/survey.css.inc"
    ;
constexpr const char* kScript =
#include "survey/page/survey.js.inc"
    ;

std::string esc(const std::string& s) {
  return html_escape(s);
}

std::string names_of(const Survey& s, const std::vector<std::size_t>& idx) {
  std::string out;
  for (std::size_t i : idx) out += (out.empty() ? "" : ", ") + esc(s.nets[i].name);
  return out;
}

std::string settings_text(const Survey& s) {
  const Settings& set = s.settings;
  if (!set.run) return "counts only (--no-run): no network was run";
  std::string batches;
  for (auto b : set.batches) batches += (batches.empty() ? "" : ", ") + std::to_string(b);
  return fmt::format(
      "backend {} · {} thread{} · batch {} · median of {} timed passes after {} warm-up (a "
      "first pass over {:g} s is the run's time) · {} · runs took {}",
      set.backend, set.threads, set.threads == 1 ? "" : "s", batches, set.repeat, set.warmup,
      set.long_pass, set.machine, seconds_text(s.run_seconds));
}

// What is left out of which chart, and why.
std::string notes(const Survey& s, const Summary& m) {
  std::string out;
  if (s.interrupted) {
    out +=
        "<p class=\"warn\" id=\"interrupted\">Interrupted (Ctrl-C): the page shows what was "
        "measured before; networks not reached are drawn in the count charts only.</p>\n";
  }
  if (!m.without_accuracy.empty()) {
    out +=
        "<p class=\"note\" id=\"without-accuracy\">Without a published top-1 (drawn in the "
        "count and time charts, left out of the accuracy ones): " +
        names_of(s, m.without_accuracy) + ".</p>\n";
  }
  std::string not_run;
  for (const Entry& e : s.nets) {
    if (e.not_run.empty()) continue;
    not_run += "<li><b>" + esc(e.name) + "</b>: " + esc(e.not_run) + "</li>";
  }
  if (!not_run.empty()) {
    out +=
        "<div class=\"note\" id=\"not-run\">Not run (left out of the time and memory charts "
        "where a batch is missing):<ul>" +
        not_run + "</ul></div>\n";
  }
  return out;
}

std::string time_fit_text(const Survey& s, const Summary::TimeAtBatch& t) {
  if (!t.fit) {
    return fmt::format("<p class=\"fit\">Batch {}: fewer than two networks ran; no line.</p>\n",
                       t.batch);
  }
  const LineFit& f = t.fit->line;
  std::string off;
  for (std::size_t k = 0; k < t.nets.size(); ++k) {
    if (std::abs(f.standardized[k]) <= kOutlierSd || f.n < 4) continue;
    off += fmt::format("{}{} ({:+.1f} ms, {:+.2f} sd)", off.empty() ? "" : ", ",
                       esc(s.nets[t.nets[k]].name), f.residuals[k] * 1e3, f.standardized[k]);
  }
  return fmt::format(
      "<p class=\"fit\" id=\"fit-{0}\" data-slope=\"{1:.9g}\" data-intercept=\"{2:.9g}\" "
      "data-r2=\"{3:.9g}\">Batch {0}, {4} networks: time = {5:.3f} ms + MACs / (<b>{6:.2f} "
      "GMAC/s</b>), <b>R² = {3:.4f}</b>; residual standard error {7:.2f} ms. Far off the line "
      "(|standardized residual| &gt; {8:g}): {9}.</p>\n",
      t.batch, f.slope, f.intercept, f.r2, f.n, f.intercept * 1e3, t.fit->gmacs_per_second,
      f.residual_sd * 1e3, kOutlierSd, off.empty() ? "none" : off);
}

std::string hyperbola_text(const Summary& m) {
  if (!m.hyperbola)
    return "<p class=\"fit\">Fewer than two networks with a top-1 ran: no fit.</p>\n";
  const HyperbolaFit& h = *m.hyperbola;
  return fmt::format(
      "<p class=\"fit\" id=\"fit-hyperbola\" data-a=\"{0:.9g}\" data-b=\"{1:.9g}\" "
      "data-upper=\"{2:.9g}\">{3} networks: top-1 = {0:.2f} − {1:.4f} · images/s (R² = "
      "{4:.3f}), i.e. time per image = {1:.4f} / ({0:.2f} − top-1) s: a hyperbola whose "
      "asymptote is top-1 = {0:.2f}%. The dashed bound, moved up to the highest network, "
      "reaches {2:.2f}%.</p>\n",
      h.a, h.b, h.upper_a, h.line.n, h.line.r2);
}

std::string table(const Survey& s) {
  std::string head =
      "<tr><th>network</th><th class=\"num\">params</th><th "
      "class=\"num\">MACs</th><th class=\"num\">top-1</th><th "
      "class=\"num\">top-1 / M params</th>";
  for (auto b : s.settings.batches) {
    head += fmt::format(
        "<th class=\"num\">batch {0}: time</th><th class=\"num\">images/s</th>"
        "<th class=\"num\">memory measured / predicted</th>",
        b);
  }
  std::string out =
      "<table class=\"nets\" id=\"networks\"><thead>" + head + "</tr></thead><tbody>\n";
  for (const Entry& e : s.nets) {
    std::string name = e.report.empty()
                           ? esc(e.name)
                           : "<a href=\"" + esc(e.report) + "\">" + esc(e.name) + "</a>";
    out += fmt::format(
        "<tr data-net=\"{}\"><td title=\"{}\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
        esc(e.name), esc(e.title), name, grouped(e.params), grouped(e.macs),
        e.top1 ? e.top1_text + "%" : "—",
        e.top1 ? fmt::format("{:.2f}", top1_per_mparams(*e.top1, static_cast<double>(e.params)))
               : "—");
    for (auto b : s.settings.batches) {
      const RunPoint* r = e.run_at(b);
      if (!r) {
        out += "<td class=\"num\">—</td><td class=\"num\">—</td><td class=\"num\">—</td>";
        continue;
      }
      auto mibs = [](Count v) { return fmt::format("{:.1f}", static_cast<double>(v) / 1048576.0); };
      out += fmt::format(
          "<td class=\"num\">{}</td><td class=\"num\">{:.1f}</td><td class=\"num\">{} / {} "
          "MiB</td>",
          seconds_text(r->seconds), r->images_per_second(),
          r->rss_bytes ? mibs(*r->rss_bytes) : mibs(r->executor_bytes.value_or(0)),
          mibs(r->predicted_bytes));
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

}  // namespace

std::string survey_html(const Survey& s, const Summary& m) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>archcalc survey</title>\n<style>" +
      std::string(kReportStyle) + kStyle + "</style>\n</head>\n<body>\n<div id=\"tip\"></div>\n";
  out += fmt::format(
      "<header><h1>archcalc survey: accuracy, operations, time and memory of {} networks</h1>\n"
      "<p class=\"meta\">{}</p>\n<nav><a href=\"#accuracy\">accuracy and MACs</a><a "
      "href=\"#time\">time and MACs</a><a href=\"#batch\">batch size</a><a "
      "href=\"#speed\">accuracy and speed</a><a href=\"#networks\">table</a><a "
      "href=\"survey.json\">survey.json</a><a href=\"survey.csv\">survey.csv</a></nav></header>\n"
      "<main>\n",
      s.nets.size(), esc(settings_text(s)));
  out += notes(s, m);
  out +=
      "<section id=\"accuracy\"><h2>Accuracy against operations</h2>\n<div class=\"chart-row\">" +
      accuracy_macs_chart(s, m) + accuracy_bars(s, m) + "</div></section>\n";
  out += "<section id=\"time\"><h2>Measured time against operations</h2>\n";
  if (!s.settings.run) {
    out += "<p class=\"note\">Not run (--no-run): no times.</p>\n";
  } else {
    out +=
        "<p class=\"note\">Each point is the median time of one forward pass of the whole "
        "batch. The line is the least-squares fit time = intercept + MACs × slope; 1/slope "
        "is the machine's effective rate. Red points are far off the line.</p>\n";
    for (std::size_t k = 0; k < m.time.size(); ++k) {
      out += time_macs_chart(s, m, k) + time_fit_text(s, m.time[k]);
    }
  }
  out += "</section>\n<section id=\"batch\"><h2>Batch size: time per image and memory</h2>\n";
  if (s.settings.run) {
    out +=
        "<p class=\"note\">Measured memory is the growth of this process's resident set at "
        "its peak during the run (Linux VmHWM, reset before each run, less the resident set "
        "before it); the dashed lines are archcalc's prediction, weights + peak activations × "
        "batch. The executor's own count (weights + its activation high-water mark) is in the "
        "hover text and in survey.json.</p>\n<div class=\"chart-row\">" +
        time_batch_chart(s) + memory_batch_chart(s) + "</div>\n";
  } else {
    out += "<p class=\"note\">Not run (--no-run).</p>\n";
  }
  out += "</section>\n<section id=\"speed\"><h2>Accuracy against speed, and per parameter</h2>\n";
  if (s.settings.run) out += accuracy_speed_chart(s, m) + hyperbola_text(m);
  out += "<div class=\"chart-row\">" + density_bars(s, m) + "</div></section>\n";
  out += "<section><h2>Every network</h2>\n" + table(s) + "</section>\n</main>\n";
  out += "<script>" + std::string(kScript) + "</script>\n</body></html>\n";
  return out;
}

}  // namespace archcalc::survey
