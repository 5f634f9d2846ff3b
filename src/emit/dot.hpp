// Diagrams: the network as a Graphviz DOT graph (a node per layer or folded
// block, an edge per tensor, blocks as clusters), and its rendering to SVG,
// PNG or PDF through Graphviz's library. Read-only on the network's annotations.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emit/diagram_graph.hpp"
#include "graph/network.hpp"

namespace archcalc {

// What shades the nodes: each node's share of the network's total.
enum class DiagramColor { kNone, kMacs, kParams, kMemory };

// Readability limits of a chosen depth: at most this many nodes, and this
// many on the longest path.
constexpr int kReadableNodes = 90;
constexpr int kReadablePath = 45;
// Networks of more layers than this are drawn compact unless asked otherwise.
constexpr Count kCompactLayers = 50;

struct DiagramOptions {
  // Blocks nested deeper than this fold into one node; -1: none fold;
  // nullopt: the deepest that stays readable (kReadableNodes, kReadablePath).
  std::optional<int> depth;
  bool training = false;     // draw training-only layers (dashed); false leaves them out
  bool fold_repeats = true;  // a run of identical blocks is drawn once, marked ×N
  // Batch norms and activations inside their input's node, no shapes on edges;
  // nullopt: for networks of more than kCompactLayers layers.
  std::optional<bool> compact;
  DiagramColor color = DiagramColor::kNone;
  bool left_to_right = false;  // rankdir LR instead of TB
  bool units = false;          // K/M/G instead of exact figures
  int dpi = 0;                 // PNG resolution; 0: Graphviz's 96
};

// "none", "macs", "params" or "memory" (activation bytes); nullopt otherwise.
std::optional<DiagramColor> parse_diagram_color(std::string_view name);

// The depth and mode a diagram is drawn at, with a note on what a chosen
// depth folded and how to unfold it ("" when nothing was chosen or folded).
struct DiagramPlan {
  DiagramShape shape;
  std::string note;
};
DiagramPlan plan_diagram(const Network& net, const DiagramOptions& opts);

// DOT source for `net` drawn as `plan` says; the same input gives the same bytes.
std::string emit_dot(const Network& net, const DiagramOptions& opts, const DiagramPlan& plan);
std::string emit_dot(const Network& net, const DiagramOptions& opts);

// For each layer the diagram draws, its full name and the SVG id of the node
// drawing it ("n:" and the node's DOT name), in network order.
std::vector<std::pair<std::string, std::string>> diagram_node_ids(const Network& net,
                                                                  const DiagramPlan& plan);

// Lays out DOT source with Graphviz's dot engine and renders it in `format`
// ("svg", "png", "pdf" or "plain"); returns the file's bytes. Throws
// std::runtime_error with Graphviz's message when it fails.
std::string render_graphviz(const std::string& dot, const std::string& format);

}  // namespace archcalc
