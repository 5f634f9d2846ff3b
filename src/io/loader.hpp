// Loads a network from the YAML format (docs/format.md) into a Network:
// vertices, edges and the block tree, every layer with its file position.
// No pass has run yet.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "graph/network.hpp"
#include "util/diag.hpp"

namespace archcalc {

// Hard limits on what a file may make the loader do.
struct LoadLimits {
  static constexpr std::size_t kMaxFileBytes = 16 << 20;              // YAML and prototxt
  static constexpr std::size_t kMaxOnnxBytes = std::size_t{1} << 30;  // weights included
  static constexpr std::size_t kMaxLayers = 200000;
  static constexpr std::int64_t kMaxRepeat = 10000;
  static constexpr int kMaxBlockDepth = 64;
};

struct LoadOptions {
  // `--set NAME=VALUE`: overrides of top-level params, applied in order.
  std::vector<std::pair<std::string, std::string>> overrides;
  // ONNX: unsupported ops become uncounted `unknown` layers instead of an error.
  bool allow_unknown = false;
  // YAML: the most layers a file may make (at most LoadLimits::kMaxLayers;
  // lower in the fuzz targets, whose sanitizer builds run ~20× slower); the
  // expansion cap is twice this.
  std::size_t max_layers = LoadLimits::kMaxLayers;
};

// Reads and loads `path`: YAML, or by its extension a Caffe .prototxt
// (io/prototxt) or an .onnx model (io/onnx). Warnings go to `diag`; errors
// throw InputError(s).
Network load_network_file(const std::string& path, const LoadOptions& options, Diagnostics& diag);

// Loads YAML text; `file` names it in messages.
Network load_network_text(const std::string& text, const std::string& file,
                          const LoadOptions& options, Diagnostics& diag);

}  // namespace archcalc
