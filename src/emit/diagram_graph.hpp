// The graph a diagram draws: one node per visible layer or folded block (runs
// of identical folded blocks merged into one node marked ×N), one edge per
// distinct producer → consumer pair. Built from annotations only.
#pragma once

#include <string>
#include <vector>

#include "graph/network.hpp"

namespace archcalc {

struct DiagramNode {
  enum class Kind { kLayer, kBlock };
  Kind kind = Kind::kLayer;
  Vertex layer = 0;  // kLayer: the layer
  int block = 0;     // kBlock: the folded block instance (the first of a run)
  int last = 0;      // kBlock: the last block instance of the run
  int count = 1;     // kBlock: how many identical instances this node stands for
  int cluster = 0;   // the innermost unfolded block containing the node (0: none)
  bool train_only = false;
};

struct DiagramEdge {
  int from = 0, to = 0;  // indices into DiagramGraph::nodes
  Shape shape;           // the tensor carried (the producing layer's output)
  bool train_only = false;
};

struct DiagramGraph {
  std::vector<DiagramNode> nodes;  // in topological order
  std::vector<DiagramEdge> edges;  // in the order of their consumers, then ports
  std::vector<int> clusters;       // unfolded block instances holding a node, in first-use order
};

// Nodes and edges for blocks folded past `depth` (-1: none fold), with
// training-only layers when `training`, and runs of identical folded blocks
// merged when `fold_repeats`.
DiagramGraph build_diagram_graph(const Network& net, int depth, bool training, bool fold_repeats);

}  // namespace archcalc
