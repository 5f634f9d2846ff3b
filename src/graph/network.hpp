// The network: a Boost.Graph with one vertex per layer and one edge per
// tensor, plus the tree of block instances that layers belong to. The loader
// fills in the structure; passes add annotations; emitters only read.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/cost.hpp"
#include "base/machine.hpp"
#include "base/shape.hpp"
#include "ops/ops.hpp"
#include "util/diag.hpp"

namespace archcalc {

// Counts summed over a set of layers.
// Bytes per stored element by default: fp32.
constexpr Count kBytesPerElement = 4;

struct Totals {
  Cost cost;
  Count activation_elements = 0;  // sum of the layers' output elements
  Count activation_bytes = 0;     // the same at fp32
  Count weight_bytes = 0;         // params + buffers at fp32
  Count layers = 0;
  Count weighted_layers = 0;  // conv and fc: the network's depth
  // The forward MACs by kind (MacKind): convolutions, fc and linear layers,
  // products of two activations. They add up to cost.macs.
  Count conv_macs = 0, linear_macs = 0, matmul_macs = 0;
  Count backward_macs = 0;       // MACs of the backward pass (see Backward)
  Count backward_other_ops = 0;  // other ops of the backward pass
  Count saved_elements = 0;      // layer outputs kept for the backward pass
  // Forward + backward MACs: one training step at batch 1.
  Count step_macs() const { return add(cost.macs, backward_macs, "step MACs"); }
  Count step_other_ops() const { return add(cost.other_ops, backward_other_ops, "step ops"); }
  Totals& operator+=(const Totals& o);
};

struct Layer {
  // Structure, from the loader.
  std::string name;  // full path: "inception_3a/b1"
  Op op;
  SourcePos pos;
  int block = 0;            // innermost block instance (index into Network::blocks; 0 = root)
  bool train_only = false;  // as written; the validate pass propagates it downstream
  std::optional<double> loss_weight;  // as written: the weight of this output's loss (aux heads)

  // Annotations, from the passes.
  Shape out;                         // shapes pass
  Cost cost;                         // costs pass
  Count out_elements = 0;            // memory pass: output tensor elements
  Count out_bytes = 0;               // memory pass: output tensor bytes at fp32
  Count weight_bytes = 0;            // memory pass: params + buffers bytes at fp32
  std::optional<Field> field;        // receptive-field pass; none for vector networks
  Backward backward;                 // backward pass: gradient cost (see Backward)
  bool needs_grad = false;           // backward pass: the output depends on a trainable parameter
  bool saved = false;                // backward pass: the output is kept for some layer's backward
  std::optional<Roofline> roofline;  // roofline pass, when a machine profile is given
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
  // ImageNet accuracy in percent, as written ("71.878"), and where it is from.
  std::optional<double> top1, top5;
  std::string top1_text, top5_text, accuracy_source;
  // Non-empty when the file's figures were left out because they describe
  // another member of the family: "--set width=0.5 changes the network".
  std::string withheld;
  bool has_accuracy() const { return top1 || top5; }
  // "top-1 71.878%, top-5 90.286%"; "" when neither is given.
  std::string accuracy_text() const {
    std::string s;
    if (top1) s = "top-1 " + top1_text + "%";
    if (top5) s += (s.empty() ? "" : ", ") + std::string("top-5 ") + top5_text + "%";
    return s;
  }
};

// True when `ours` is what a figure of `value` published to `unit` can stand
// for: equal when exact; within one unit of the last digit when rounded
// (either rounded to nearest or truncated, as papers do both).
inline bool published_agrees(Count value, Count unit, Count ours) {
  if (unit <= 1) return value == ours;
  Count diff = value > ours ? value - ours : ours - value;
  return diff < unit;
}

// The largest sum of activations live at once over one inference forward
// pass in Network::order (the executor's order): a tensor is live from the
// step that produces it until its last consumer has run (the network's
// outputs until the end).
struct PeakMemory {
  Count elements = 0;        // the peak, in elements
  Count bytes = 0;           // the same at fp32
  std::optional<Vertex> at;  // the first step (layer) at which it occurs
  Count weight_bytes = 0;    // params + buffers of the layers run
  Count total_bytes() const { return add(weight_bytes, bytes, "peak memory"); }
};

// Optimizers whose per-parameter state the training report sizes.
enum class Optimizer { kSgd, kMomentum, kAdam };
constexpr int kOptimizers = 3;
// State values kept per trainable parameter: SGD 0, momentum 1 (velocity), Adam 2 (m, v).
constexpr Count optimizer_slots(Optimizer o) {
  return o == Optimizer::kSgd ? 0 : o == Optimizer::kMomentum ? 1 : 2;
}

// Memory of one training step at batch 1, fp32 (training graph: auxiliary
// heads included).
struct TrainingMemory {
  Count saved_elements = 0;  // layer outputs (and inputs) some backward rule reads, each once
  Count saved_bytes = 0;
  Count weight_bytes = 0;                   // params + buffers
  Count gradient_bytes = 0;                 // one gradient per trainable parameter
  Count optimizer_bytes[kOptimizers] = {};  // by Optimizer
  // Weights + gradients + optimizer state + saved activations.
  Count total_bytes(Optimizer o) const {
    Count t = add(weight_bytes, gradient_bytes, "training memory");
    t = add(t, optimizer_bytes[static_cast<int>(o)], "training memory");
    return add(t, saved_bytes, "training memory");
  }
};

struct Network {
  std::string name, title, file;
  Graph graph;
  std::vector<BlockInstance> blocks{BlockInstance{}};
  Published published;
  // The file's `variants`: other members of its family, each a name and the
  // parameter values (as written) that make it.
  struct Variant {
    std::string name;
    std::vector<std::pair<std::string, std::string>> set;
  };
  std::vector<Variant> variants;
  std::optional<Machine> machine;  // roofline pass: the profile its predictions use
  // Set when an importer sized layers from the file's input shape (Caffe's
  // Slice, Crop, Reshape, Interp): their layers' names, and --input refuses.
  std::vector<std::string> sized_at_import;
  // What an importer says about the figures beside its warnings: why params
  // differ from the exporting framework's (ONNX from PyTorch).
  std::vector<std::string> notes;

  // How the passes count: samples per pass (MACs, other ops, activations and
  // the backward pass scale with it; params and weights do not) and bytes per
  // stored element (4: fp32, 2: fp16/bf16, 1: int8).
  Count batch = 1;
  Count bytes_per_element = kBytesPerElement;
  std::string dtype = "fp32";  // the element type's name: fp32, fp16, bf16, int8

  // From the rollup pass: the training-only layers' totals.
  Totals training_only;

  // From the liveness pass: the inference peak, activations kept apart
  // ([0]) or run in place where they may be ([1]).
  PeakMemory peak[2];
  // From the backward pass.
  TrainingMemory training_memory;

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

// "<op> '<layer>': " — the prefix of every message about a layer.
std::string layer_prefix(const Layer& layer);

}  // namespace archcalc
