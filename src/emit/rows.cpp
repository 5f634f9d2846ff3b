#include <set>

#include "emit/report.hpp"

namespace archcalc {

const std::vector<std::string>& conventions() {
  static const std::vector<std::string> text = {
      "MACs: multiply-accumulates of conv and fc layers only "
      "(conv: H_out·W_out·C_out·C_in/groups·k_h·k_w; fc: in·out); FLOPs = 2 × MACs.",
      "Other ops, counted apart: bias adds (1 per output element), activations (1 per element), "
      "pooling (output elements × window), batch norm (2 per element), LRN (size + 3 per "
      "element), element-wise add (inputs − 1 per element), softmax (3 per element).",
      "Params: trainable weights + bias + batch-norm γ/β; batch-norm running mean/var are "
      "buffers, reported apart. Memory at fp32 (4 bytes per element); batch size 1.",
  };
  return text;
}

Totals training_only_totals(const Network& net) {
  return net.training_only;
}

namespace {

Row block_row(const Network& net, int b, bool training, bool folded) {
  const BlockInstance& blk = net.blocks[b];
  const Totals& t = training ? blk.training : blk.inference;
  Row r;
  r.kind = Row::Kind::kBlock;
  r.name = blk.name;
  r.op = blk.definition;
  r.depth = blk.depth - 1;
  r.folded = folded;
  r.train_only = blk.inference.layers == 0;
  if (blk.output) r.out = net.layer(*blk.output).out;
  r.cost = t.cost;
  r.out_elements = t.activation_elements;
  r.out_bytes = t.activation_bytes;
  r.weight_bytes = t.weight_bytes;
  r.layers = t.layers;
  return r;
}

}  // namespace

std::vector<Row> build_rows(const Network& net, const ReportOptions& opts) {
  std::vector<Row> rows;
  std::set<int> emitted;
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if (l.train_only && !opts.training) continue;
    // Blocks from the outermost down to the layer's own.
    std::vector<int> chain;
    for (int b = l.block; b > 0; b = net.blocks[b].parent) chain.insert(chain.begin(), b);
    bool hidden = false;
    for (int b : chain) {
      int depth = net.blocks[b].depth;
      bool fold = opts.depth >= 0 && depth > opts.depth;
      if (!emitted.count(b)) {
        emitted.insert(b);
        rows.push_back(block_row(net, b, opts.training, fold));
      }
      if (fold) {
        hidden = true;
        break;
      }
    }
    if (hidden) continue;
    Row r;
    r.name = l.name;
    r.op = op_label(l.op);
    r.depth = static_cast<int>(chain.size());
    r.train_only = l.train_only;
    r.out = l.out;
    r.cost = l.cost;
    r.out_elements = l.out_elements;
    r.out_bytes = l.out_bytes;
    r.weight_bytes = l.weight_bytes;
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace archcalc
