// libFuzzer target: bytes → YAML loader → graph → every pass → every emitter
// (table, Markdown, CSV, JSON, DOT, HTML).
// Any input must end in a result or in InputError(s) whose lines all read
// `file:line:col: error: ...`, with warnings as single `warning:` lines;
// anything else (a crash, another exception, a sanitizer report, a malformed
// message) is a finding.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "emit/dot.hpp"
#include "emit/html.hpp"
#include "emit/report.hpp"
#include "io/loader.hpp"
#include "passes/passes.hpp"

namespace {

// True if `line` reads `fuzz.yaml:LINE:COL: <severity>: <text>`, or is the
// note that more errors were left out.
bool is_diagnostic(const std::string& line, const std::string& severity) {
  if (line.starts_with("fuzz.yaml: error: ") && line.ends_with(" more errors not shown"))
    return true;
  std::size_t i = std::string("fuzz.yaml:").size();
  if (line.compare(0, i, "fuzz.yaml:") != 0) return false;
  for (int part = 0; part < 2; ++part) {
    std::size_t digits = 0;
    while (i < line.size() && std::isdigit(static_cast<unsigned char>(line[i]))) ++i, ++digits;
    if (digits == 0 || i >= line.size() || line[i] != ':') return false;
    ++i;
  }
  const std::string tag = " " + severity + ": ";
  return line.compare(i, tag.size(), tag) == 0 && line.size() > i + tag.size();
}

// Aborts (a finding) unless every line of `text` is a diagnostic.
void require_diagnostic_lines(const std::string& text, const std::string& severity = "error") {
  std::size_t start = 0;
  for (;;) {
    std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? end : end - start);
    if (!is_diagnostic(line, severity)) {
      std::fprintf(stderr, "malformed diagnostic line: %s\n", line.c_str());
      std::abort();
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

// Every emitter, with report and diagram options picked from `seed` (the
// input's size): one combination per input keeps executions fast. Graphviz's
// own layout (render_graphviz) is left out: the DOT text is what archcalc
// writes.
void emit_all(const archcalc::Network& net, std::size_t seed) {
  archcalc::ReportOptions ro;
  ro.depth = static_cast<int>(seed % 3) - 1;
  ro.training = (seed / 3) % 2 == 1;
  ro.units = (seed / 6) % 2 == 1;
  ro.fields = (seed / 12) % 2 == 1;
  ro.in_place = (seed / 24) % 2 == 1;
  ro.optimizer = static_cast<archcalc::Optimizer>((seed / 48) % 3);
  (void)archcalc::emit_table(net, ro);
  (void)archcalc::emit_markdown(net, ro);
  (void)archcalc::emit_csv(net, ro);
  (void)archcalc::analysis_json(net, ro).dump(2);
  archcalc::DiagramOptions d;
  d.depth = ro.depth;
  d.training = ro.training;
  d.fold_repeats = (seed / 6) % 2 == 0;
  d.color = static_cast<archcalc::DiagramColor>((seed / 12) % 4);
  d.units = ro.units;
  (void)archcalc::emit_dot(net, d);
  archcalc::HtmlOptions h;
  h.report = ro;
  (void)archcalc::emit_html(net, h);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  archcalc::Diagnostics diag;
  // 2,000 layers at most (the product allows 200,000, tested in
  // tests/test_limits.cpp): under ASan, UBSan and coverage a layer costs about
  // 1 ms, and a unit must stay well inside the 10-second timeout.
  archcalc::LoadOptions options;
  options.max_layers = 2000;
  try {
    archcalc::Network net = archcalc::load_network_text(text, "fuzz.yaml", options, diag);
    archcalc::analyze(net);
    emit_all(net, size);
  } catch (const archcalc::InputErrors& e) {
    require_diagnostic_lines(e.what());
  } catch (const archcalc::InputError& e) {
    require_diagnostic_lines(e.render());
  }
  for (const auto& w : diag.warnings()) require_diagnostic_lines(w, "warning");
  return 0;
}
