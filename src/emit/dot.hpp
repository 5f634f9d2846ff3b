// Diagrams: the network as a Graphviz DOT graph (a node per layer or folded
// block, an edge per tensor labelled with its shape, blocks as clusters), and
// its rendering to SVG, PNG or PDF through Graphviz's library. Read-only on
// the network's annotations.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "graph/network.hpp"

namespace archcalc {

// What shades the nodes: each node's share of the network's total.
enum class DiagramColor { kNone, kMacs, kParams, kMemory };

struct DiagramOptions {
  int depth = -1;            // blocks nested deeper than this fold into one node; -1: none fold
  bool training = true;      // draw training-only layers (dashed); false leaves them out
  bool fold_repeats = true;  // a chain of identical folded blocks becomes one node marked ×N
  DiagramColor color = DiagramColor::kNone;
  bool left_to_right = false;  // rankdir LR instead of TB
  bool units = false;          // K/M/G instead of exact figures
};

// "none", "macs", "params" or "memory" (activation bytes); nullopt otherwise.
std::optional<DiagramColor> parse_diagram_color(std::string_view name);

// DOT source for `net`; the same network and options give the same bytes.
std::string emit_dot(const Network& net, const DiagramOptions& opts);

// Lays out DOT source with Graphviz's dot engine and renders it in `format`
// ("svg", "png" or "pdf"); returns the file's bytes. Throws std::runtime_error
// with Graphviz's message when it fails.
std::string render_graphviz(const std::string& dot, const std::string& format);

}  // namespace archcalc
