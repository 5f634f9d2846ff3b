// The text of a diagram node: name, op (with the batch norms and
// activations drawn inside it), output shape, params and MACs.
#pragma once

#include <string>

#include "emit/diagram_graph.hpp"

namespace archcalc {

struct LabelOptions {
  bool training = false;  // block totals of the training graph
  bool units = false;     // K/M/G instead of exact figures
  bool compact = false;   // a block drawn as its one layer leaves out its definition line
};

// The full path of a layer or block without its enclosing blocks.
std::string local_name(const std::string& path);

// The HTML-like label of node `n` (one instance's figures for a ×N node).
std::string node_label(const Network& net, const DiagramNode& n, const LabelOptions& o);

// What the node draws: its output shape, and its cost (one instance).
Shape node_shape(const Network& net, const DiagramNode& n);
Cost node_cost(const Network& net, const DiagramNode& n, bool training);

}  // namespace archcalc
