// Helpers for the import tests: analyze prototxt text, convert through the
// CLI and read the YAML back.
#pragma once

#include <filesystem>

#include "helpers.hpp"
#include "io/prototxt/caffe_import.hpp"

namespace archcalc::test {

// Imports and analyzes prototxt text named `file` in messages.
inline Network analyzed_prototxt(const std::string& text,
                                 const std::string& file = "test.prototxt") {
  Diagnostics diag;
  Network net = import_caffe_text(text, file, diag);
  analyze(net);
  return net;
}

// `archcalc convert SRC -o <temp>.yaml`, then the YAML analyzed.
inline Network converted(const std::string& src, std::vector<std::string> extra = {}) {
  auto out = std::filesystem::temp_directory_path() /
             ("archcalc_convert_" + std::filesystem::path(src).stem().string() + ".yaml");
  std::vector<std::string> args{"convert", src, "-o", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  CliResult r = run_cli(args);
  if (r.code != 0) throw std::runtime_error("convert failed: " + r.err);
  Diagnostics diag;
  Network net = load_network_file(out.string(), LoadOptions{}, diag);
  analyze(net);
  std::filesystem::remove(out);
  return net;
}

// Params, MACs, other ops and buffers of both modes agree.
inline bool same_totals(const Network& a, const Network& b) {
  for (bool training : {false, true}) {
    const Cost& x = a.totals(training).cost;
    const Cost& y = b.totals(training).cost;
    if (x.weights != y.weights || x.bias != y.bias || x.affine != y.affine ||
        x.buffers != y.buffers || x.macs != y.macs || x.other_ops != y.other_ops ||
        a.totals(training).activation_elements != b.totals(training).activation_elements) {
      return false;
    }
  }
  return true;
}

}  // namespace archcalc::test
