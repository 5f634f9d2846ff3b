#include "emit/diagram_graph.hpp"

#include <map>
#include <set>

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

Shape block_output(const Network& net, int b) {
  const auto& out = net.blocks[b].output;
  return out ? net.layer(*out).out : Shape{};
}

// Folded block nodes `a` → `b` repeat each other: `a` feeds only `b`, `b` is
// fed only by `a`, both are instances of one definition with equal totals,
// and `a` maps its input shape to itself (so `b` sees what `a` saw).
bool repeats(const Network& net, const DiagramGraph& g, int a, int b) {
  const DiagramNode &na = g.nodes[a], &nb = g.nodes[b];
  if (na.kind != DiagramNode::Kind::kBlock || nb.kind != DiagramNode::Kind::kBlock) return false;
  if (na.cluster != nb.cluster || na.train_only != nb.train_only) return false;
  const BlockInstance &ba = net.blocks[na.block], &bb = net.blocks[nb.block];
  if (ba.definition != bb.definition || !same_totals(ba.inference, bb.inference) ||
      !same_totals(ba.training, bb.training)) {
    return false;
  }
  Shape out = block_output(net, na.block);
  if (out != block_output(net, nb.block)) return false;
  for (const DiagramEdge& e : g.edges) {
    if (e.from == a && e.to != b) return false;
    if (e.to == b && e.from != a) return false;
    if (e.to == a && e.shape != out) return false;
  }
  return true;
}

void add_edge(DiagramGraph& g, std::set<std::pair<int, int>>& seen, DiagramEdge e) {
  if (e.from == e.to || !seen.insert({e.from, e.to}).second) return;
  g.edges.push_back(std::move(e));
}

// Merges runs of repeating folded blocks into their first node.
DiagramGraph fold_runs(const Network& net, const DiagramGraph& g) {
  std::vector<int> leader(g.nodes.size());
  for (std::size_t i = 0; i < g.nodes.size(); ++i) leader[i] = static_cast<int>(i);
  for (const DiagramEdge& e : g.edges) {
    if (repeats(net, g, e.from, e.to)) leader[e.to] = leader[e.from];
  }
  DiagramGraph out;
  std::vector<int> index(g.nodes.size(), -1);
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    int l = leader[i];
    if (l == static_cast<int>(i)) {
      index[i] = static_cast<int>(out.nodes.size());
      out.nodes.push_back(g.nodes[i]);
    } else {
      DiagramNode& n = out.nodes[index[l]];
      n.count += 1;
      n.last = g.nodes[i].block;
      index[i] = index[l];
    }
  }
  std::set<std::pair<int, int>> seen;
  for (const DiagramEdge& e : g.edges) {
    add_edge(out, seen, {index[e.from], index[e.to], e.shape, e.train_only});
  }
  out.clusters = g.clusters;
  return out;
}

}  // namespace

DiagramGraph build_diagram_graph(const Network& net, int depth, bool training, bool fold_repeats) {
  DiagramGraph g;
  std::map<Vertex, int> node_of;
  std::map<int, int> block_node;
  std::set<int> clusters;
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if (l.train_only && !training) continue;
    std::vector<int> chain;  // outermost first
    for (int b = l.block; b > 0; b = net.blocks[b].parent) chain.insert(chain.begin(), b);
    int folded = 0, cluster = 0;
    for (int b : chain) {
      if (depth >= 0 && net.blocks[b].depth > depth) {
        folded = b;
        break;
      }
      cluster = b;
      if (clusters.insert(b).second) g.clusters.push_back(b);
    }
    if (folded) {
      auto [it, fresh] = block_node.try_emplace(folded, static_cast<int>(g.nodes.size()));
      if (fresh) {
        DiagramNode n;
        n.kind = DiagramNode::Kind::kBlock;
        n.block = n.last = folded;
        n.cluster = cluster;
        n.train_only = net.blocks[folded].inference.layers == 0;
        g.nodes.push_back(n);
      }
      node_of[v] = it->second;
    } else {
      DiagramNode n;
      n.layer = v;
      n.cluster = cluster;
      n.train_only = l.train_only;
      node_of[v] = static_cast<int>(g.nodes.size());
      g.nodes.push_back(n);
    }
  }
  std::set<std::pair<int, int>> seen;
  for (Vertex v : net.order) {
    auto to = node_of.find(v);
    if (to == node_of.end()) continue;
    for (Vertex u : net.inputs(v)) {
      auto from = node_of.find(u);
      if (from == node_of.end()) continue;
      const Layer& src = net.layer(u);
      add_edge(g, seen,
               {from->second, to->second, src.out, src.train_only || net.layer(v).train_only});
    }
  }
  return fold_repeats ? fold_runs(net, g) : g;
}

}  // namespace archcalc
