// The network: a Boost.Graph with one vertex per layer and one edge per
// tensor, plus the tree of block instances that layers belong to. The loader
// fills in the structure; passes add annotations; emitters only read.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "graph/cost.hpp"
#include "graph/shape.hpp"
#include "ops/ops.hpp"
#include "util/diag.hpp"

namespace archcalc {

// Counts summed over a set of layers.
// Bytes per stored element: the analysis assumes fp32.
constexpr Count kBytesPerElement = 4;

struct Totals {
  Cost cost;
  Count activation_elements = 0;  // sum of the layers' output elements
  Count activation_bytes = 0;     // the same at fp32
  Count weight_bytes = 0;         // params + buffers at fp32
  Count layers = 0;
  Count weighted_layers = 0;  // conv and fc: the network's depth
  Totals& operator+=(const Totals& o);
};

struct Layer {
  // Structure, from the loader.
  std::string name;  // full path: "inception_3a/b1"
  Op op;
  SourcePos pos;
  int block = 0;            // innermost block instance (index into Network::blocks; 0 = root)
  bool train_only = false;  // as written; the validate pass propagates it downstream

  // Annotations, from the passes.
  Shape out;               // shapes pass
  Cost cost;               // costs pass
  Count out_elements = 0;  // memory pass: output tensor elements
  Count out_bytes = 0;     // memory pass: output tensor bytes at fp32
  Count weight_bytes = 0;  // memory pass: params + buffers bytes at fp32
};

// One edge per tensor; `port` orders a layer's inputs (concat order).
struct Tensor {
  int port = 0;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, Layer, Tensor>;
using Vertex = Graph::vertex_descriptor;

// An instance of a block (or the network itself, at index 0).
struct BlockInstance {
  std::string name;        // full path: "inception_3a"; "" for the root
  std::string definition;  // block type name: "inception"
  int parent = -1;
  int depth = 0;  // root 0, top-level instances 1, ...
  SourcePos pos;
  std::vector<int> children;
  // Roll-ups, from the rollup pass: over the block's layers, excluding
  // training-only ones (inference) and including them (training).
  Totals inference, training;
  std::optional<Vertex> output;  // its last layer
};

// What a file says it is checked against. A figure is exact (unit 1) or
// published rounded ("3.8G": value 3,800,000,000, unit 100,000,000).
struct Published {
  std::optional<Count> params, macs;
  Count params_unit = 1, macs_unit = 1;  // place value of the last published digit
  std::string params_text, macs_text;    // as written: "3.8G"
  std::string source, note;
};

// True when `ours` is what a figure of `value` published to `unit` can stand
// for: equal when exact; within one unit of the last digit when rounded
// (either rounded to nearest or truncated, as papers do both).
inline bool published_agrees(Count value, Count unit, Count ours) {
  if (unit <= 1) return value == ours;
  Count diff = value > ours ? value - ours : ours - value;
  return diff < unit;
}

struct Network {
  std::string name, title, file;
  Graph graph;
  std::vector<BlockInstance> blocks{BlockInstance{}};
  Published published;

  // From the rollup pass: the training-only layers' totals.
  Totals training_only;

  // From the validate pass: every layer in topological order (inputs first,
  // ties broken by the order written).
  std::vector<Vertex> order;

  Layer& layer(Vertex v) { return graph[v]; }
  const Layer& layer(Vertex v) const { return graph[v]; }
  // Input shapes of `v`, ordered by port.
  std::vector<Shape> input_shapes(Vertex v) const;
  // Producers of `v`'s inputs, ordered by port.
  std::vector<Vertex> inputs(Vertex v) const;
  // Totals for the whole network in the given mode.
  const Totals& totals(bool training) const {
    return training ? blocks[0].training : blocks[0].inference;
  }
};

// One layer's counts as Totals (a layer of 1, weighted if conv or fc).
Totals layer_totals(const Layer& l);

// `b` equals `ancestor` or lies inside it.
bool block_within(const Network& net, int b, int ancestor);

}  // namespace archcalc
