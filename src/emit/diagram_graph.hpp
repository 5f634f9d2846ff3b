// The graph a diagram draws, built from annotations only: one node per
// visible layer or folded block, one edge per distinct producer → consumer
// pair, unfolded blocks as clusters. Runs of identical blocks (one feeding
// only the next, the shape unchanged) are drawn once, marked ×N, at every
// depth: folded, as one node; unfolded, as one cluster holding the first
// instance. In compact mode batch norms and activations are drawn inside the
// node that produces their input, and a block that is one layer with its
// batch norm and activation is drawn as one node showing that layer's op.
#pragma once

#include <optional>
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
  // kBlock: the block's one layer that is not a batch norm or activation, if
  // it has exactly one (its op is what the node shows).
  std::optional<Vertex> principal;
  // Layers drawn inside this node (compact): batch norms and activations
  // after `layer` (kLayer) or after `principal` (kBlock), in order.
  std::vector<Vertex> absorbed;
  int cluster = 0;  // the innermost unfolded block containing the node (0: none)
  bool train_only = false;
};

struct DiagramEdge {
  int from = 0, to = 0;  // indices into DiagramGraph::nodes
  Shape shape;           // the tensor carried (the producing node's output)
  bool train_only = false;
};

// An unfolded block drawn as a cluster: `block` is the first instance of a
// run of `count` identical ones ending at `last`.
struct DiagramCluster {
  int block = 0, last = 0, count = 1;
};

struct DiagramGraph {
  std::vector<DiagramNode> nodes;        // in topological order
  std::vector<DiagramEdge> edges;        // in the order of their consumers, then ports
  std::vector<DiagramCluster> clusters;  // in first-use order
  int folded_blocks = 0;                 // blocks drawn as one node because of the depth
  // Per layer (vertex): the node that draws it (a hidden instance's layer:
  // its counterpart's node), or -1 when it is left out.
  std::vector<int> layer_node;
};

struct DiagramShape {
  int depth = -1;  // blocks nested deeper than this fold into one node; -1: none fold
  bool training = true;
  bool fold_repeats = true;
  bool compact = false;
};

DiagramGraph build_diagram_graph(const Network& net, const DiagramShape& shape);

// Whether compact mode draws `op` inside the node of its input's producer.
bool diagram_absorbs(const Op& op);

// The deepest block nesting in `net` (0: no blocks); --depth at this shows every layer.
int max_block_depth(const Network& net);

// The most nodes on one path from an input to an output (the picture's height, in nodes).
int longest_path(const DiagramGraph& g);

}  // namespace archcalc
