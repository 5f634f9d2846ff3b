// libFuzzer target: bytes → ONNX importer (protobuf parse, then node
// translation) → every pass → the table, CSV, JSON and DOT emitters.
// Any input must end in a result or in InputError(s) whose lines all read
// `fuzz.onnx: error: ...` (ONNX has no line:col); anything else (a crash,
// another exception, a sanitizer report, a malformed message) is a finding.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "emit/dot.hpp"
#include "emit/report.hpp"
#include "io/onnx/onnx_import.hpp"
#include "passes/passes.hpp"

namespace {

// True if `line` reads `fuzz.onnx: error: <text>` (or the note that more
// errors were left out, which has the same form).
bool is_diagnostic(const std::string& line) {
  const std::string head = "fuzz.onnx: error: ";
  return line.size() > head.size() && line.compare(0, head.size(), head) == 0;
}

// Aborts (a finding) unless every line of `text` is a diagnostic.
void require_diagnostic_lines(const std::string& text) {
  std::size_t start = 0;
  for (;;) {
    std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? end : end - start);
    if (!is_diagnostic(line)) {
      std::fprintf(stderr, "malformed diagnostic line: %s\n", line.c_str());
      std::abort();
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

// The emitters, with options picked from `seed` (the input's size).
void emit_some(const archcalc::Network& net, std::size_t seed) {
  archcalc::ReportOptions ro;
  ro.depth = static_cast<int>(seed % 3) - 1;
  ro.training = (seed / 3) % 2 == 1;
  ro.units = (seed / 6) % 2 == 1;
  ro.fields = (seed / 12) % 2 == 1;
  ro.in_place = (seed / 24) % 2 == 1;
  (void)archcalc::emit_table(net, ro);
  (void)archcalc::emit_csv(net, ro);
  (void)archcalc::analysis_json(net, ro).dump(2);
  archcalc::DiagramOptions d;
  d.depth = ro.depth;
  d.training = ro.training;
  (void)archcalc::emit_dot(net, d);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  archcalc::Diagnostics diag;
  archcalc::OnnxOptions options;
  options.allow_unknown = size % 2 == 1;  // both paths, one per input
  try {
    archcalc::Network net = archcalc::import_onnx_bytes(bytes, "fuzz.onnx", options, diag);
    // Under ASan, UBSan and coverage a layer's passes cost about 1 ms: a graph
    // of more than 2,000 layers (the importer allows 200,000, as the YAML
    // loader does) is imported but not analyzed, to stay inside the timeout.
    if (boost::num_vertices(net.graph) > 2000) return 0;
    archcalc::analyze(net);
    emit_some(net, size);
  } catch (const archcalc::InputErrors& e) {
    require_diagnostic_lines(e.what());
  } catch (const archcalc::InputError& e) {
    require_diagnostic_lines(e.render());
  }
  return 0;
}
