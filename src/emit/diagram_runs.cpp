#include "emit/diagram_runs.hpp"

#include <set>
#include <string>

namespace archcalc {

namespace {

bool same_cost(const Cost& a, const Cost& b) {
  return a.weights == b.weights && a.bias == b.bias && a.affine == b.affine &&
         a.buffers == b.buffers && a.macs == b.macs && a.other_ops == b.other_ops;
}

bool same_totals(const Totals& a, const Totals& b) {
  return same_cost(a.cost, b.cost) && a.activation_elements == b.activation_elements &&
         a.activation_bytes == b.activation_bytes && a.weight_bytes == b.weight_bytes &&
         a.layers == b.layers && a.weighted_layers == b.weighted_layers;
}

// Block `b`'s enclosing instances, outermost first, `b` last (empty for the root).
std::vector<int> chain_of(const Network& net, int b) {
  std::vector<int> chain;
  for (; b > 0; b = net.blocks[b].parent) chain.insert(chain.begin(), b);
  return chain;
}

// Per block: the ops of its layers in order, with their key attributes
// ("conv 1×7" is not "conv 7×1", though both cost the same).
std::vector<std::string> op_lists(const Network& net, bool training) {
  std::vector<std::string> ops(net.blocks.size());
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if (l.train_only && !training) continue;
    std::string label = op_label(l.op) + "\n";
    for (int b = l.block; b > 0; b = net.blocks[b].parent) ops[b] += label;
  }
  return ops;
}

// What crosses each block's border.
struct Borders {
  // Per block: the sibling instances its tensors leave to (0: a layer of the
  // parent itself; -1: past the parent).
  std::vector<std::set<int>> exits;
  // Per block: the sibling instances its tensors come from (same codes).
  std::vector<std::set<int>> entries;
  // Per block: the shapes of the tensors entering it.
  std::vector<std::set<std::vector<std::int64_t>>> entry_shapes;
};

Borders borders(const Network& net, bool training) {
  std::size_t n = net.blocks.size();
  Borders b{std::vector<std::set<int>>(n), std::vector<std::set<int>>(n),
            std::vector<std::set<std::vector<std::int64_t>>>(n)};
  std::vector<std::vector<int>> chains(n);
  for (std::size_t i = 0; i < n; ++i) chains[i] = chain_of(net, static_cast<int>(i));
  for (Vertex w : net.order) {
    if (net.layer(w).train_only && !training) continue;
    const std::vector<int>& cw = chains[net.layer(w).block];
    for (Vertex u : net.inputs(w)) {
      if (net.layer(u).train_only && !training) continue;
      const std::vector<int>& cu = chains[net.layer(u).block];
      std::size_t k = 0;
      while (k < cu.size() && k < cw.size() && cu[k] == cw[k]) ++k;
      for (std::size_t i = k; i < cu.size(); ++i) {
        b.exits[cu[i]].insert(i == k ? (k < cw.size() ? cw[k] : 0) : -1);
      }
      for (std::size_t j = k; j < cw.size(); ++j) {
        b.entries[cw[j]].insert(j == k ? (k < cu.size() ? cu[k] : 0) : -1);
        b.entry_shapes[cw[j]].insert(net.layer(u).out.dims);
      }
    }
  }
  return b;
}

// Whether instance `b` repeats instance `a` right after it.
bool repeats(const Network& net, const Borders& br, const std::vector<std::string>& ops, int a,
             int b) {
  const BlockInstance &x = net.blocks[a], &y = net.blocks[b];
  if (x.parent != y.parent || x.definition != y.definition || !x.output || !y.output) return false;
  if (!same_totals(x.inference, y.inference) || !same_totals(x.training, y.training)) return false;
  if ((x.inference.layers == 0) != (y.inference.layers == 0) || ops[a] != ops[b]) return false;
  if (br.exits[a] != std::set<int>{b} || br.entries[b] != std::set<int>{a}) return false;
  const std::vector<std::int64_t>& out = net.layer(*x.output).out.dims;
  return br.entry_shapes[a] == std::set<std::vector<std::int64_t>>{out};
}

}  // namespace

bool BlockRuns::hidden(const Network& net, Vertex v) const {
  for (int b = net.layer(v).block; b > 0; b = net.blocks[b].parent) {
    if (leader[b] != b) return true;
  }
  return false;
}

BlockRuns find_block_runs(const Network& net, bool training, bool fold) {
  std::size_t n = net.blocks.size();
  BlockRuns r{std::vector<int>(n), std::vector<int>(n), std::vector<int>(n, 1)};
  for (std::size_t i = 0; i < n; ++i) r.leader[i] = r.last[i] = static_cast<int>(i);
  if (!fold) return r;
  Borders br = borders(net, training);
  std::vector<std::string> ops = op_lists(net, training);
  for (const BlockInstance& parent : net.blocks) {
    for (std::size_t i = 1; i < parent.children.size(); ++i) {
      int a = parent.children[i - 1], b = parent.children[i];
      if (!repeats(net, br, ops, a, b)) continue;
      int l = r.leader[a];
      r.leader[b] = l;
      r.last[l] = b;
      r.count[l] += 1;
    }
  }
  return r;
}

}  // namespace archcalc
