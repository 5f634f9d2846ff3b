#include "emit/diagram_graph.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "emit/diagram_runs.hpp"

namespace archcalc {

bool diagram_absorbs(const Op& op) {
  static const std::set<std::string_view> kDrawnInside = {"batchnorm",  "relu",    "relu6",
                                                          "leaky_relu", "sigmoid", "tanh"};
  return kDrawnInside.count(op_name(op)) > 0;
}

int max_block_depth(const Network& net) {
  int d = 0;
  for (const BlockInstance& b : net.blocks) d = std::max(d, b.depth);
  return d;
}

int longest_path(const DiagramGraph& g) {
  std::vector<int> len(g.nodes.size(), 1);
  // Edges are in the order of their consumers, and nodes in topological order.
  std::vector<std::vector<int>> preds(g.nodes.size());
  for (const DiagramEdge& e : g.edges) preds[e.to].push_back(e.from);
  int best = g.nodes.empty() ? 0 : 1;
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    for (int p : preds[i]) len[i] = std::max(len[i], len[p] + 1);
    best = std::max(best, len[i]);
  }
  return best;
}

namespace {

class Builder {
 public:
  Builder(const Network& net, const DiagramShape& s)
      : net_(net), s_(s), runs_(find_block_runs(net, s.training, s.fold_repeats)) {
    for (Vertex v : net.order) {
      if (visible(v)) by_name_[net.layer(v).name] = v;
    }
    count_principals();
  }

  DiagramGraph build() {
    for (Vertex v : net_.order) {
      if (visible(v)) place(v);
    }
    std::set<std::pair<int, int>> seen;
    for (Vertex w : net_.order) {
      if (!visible(w)) continue;
      for (Vertex u : net_.inputs(w)) {
        if (net_.layer(u).train_only && !s_.training) continue;
        auto from = node_of_.find(shown(u));
        if (from == node_of_.end()) continue;
        int to = node_of_.at(w);
        if (from->second == to || !seen.insert({from->second, to}).second) continue;
        const Layer& src = net_.layer(u);
        g_.edges.push_back({from->second, to, src.out, src.train_only || net_.layer(w).train_only});
      }
    }
    g_.layer_node.assign(boost::num_vertices(net_.graph), -1);
    for (Vertex v : net_.order) {
      if (net_.layer(v).train_only && !s_.training) continue;
      auto it = node_of_.find(shown(v));
      if (it != node_of_.end()) g_.layer_node[v] = it->second;
    }
    return std::move(g_);
  }

 private:
  bool visible(Vertex v) const {
    return (s_.training || !net_.layer(v).train_only) && !runs_.hidden(net_, v);
  }

  // The layer drawn for `u`: itself, or its counterpart in the first instance
  // of the run it is hidden in.
  Vertex shown(Vertex u) const {
    int outer = 0;
    for (int b = net_.layer(u).block; b > 0; b = net_.blocks[b].parent) {
      if (runs_.leader[b] != b) outer = b;
    }
    if (!outer) return u;
    const std::string& from = net_.blocks[outer].name;
    std::string name =
        net_.blocks[runs_.leader[outer]].name + net_.layer(u).name.substr(from.size());
    auto it = by_name_.find(name);
    return it == by_name_.end() ? u : it->second;
  }

  // Per block: its visible layers that are not drawn inside another one.
  void count_principals() {
    principals_.assign(net_.blocks.size(), 0);
    first_principal_.assign(net_.blocks.size(), std::nullopt);
    first_layer_.assign(net_.blocks.size(), std::nullopt);
    for (Vertex v : net_.order) {
      if (!visible(v)) continue;
      for (int b = net_.layer(v).block; b > 0 && !first_layer_[b]; b = net_.blocks[b].parent) {
        first_layer_[b] = v;
      }
      if (diagram_absorbs(net_.layer(v).op)) continue;
      for (int b = net_.layer(v).block; b > 0; b = net_.blocks[b].parent) {
        if (principals_[b]++ == 0) first_principal_[b] = v;
      }
    }
  }

  // A block drawn as one node: folded past the depth, or (compact) one layer
  // with its batch norm and activation.
  bool folds(int b, bool* by_depth) const {
    *by_depth = s_.depth >= 0 && net_.blocks[b].depth > s_.depth;
    return *by_depth || (s_.compact && principals_[b] == 1 &&
                         first_principal_[b] == first_layer_[b] && net_.blocks[b].output);
  }

  void place(Vertex v) {
    const Layer& l = net_.layer(v);
    std::vector<int> chain;  // outermost first
    for (int b = l.block; b > 0; b = net_.blocks[b].parent) chain.insert(chain.begin(), b);
    int folded = 0, cluster = 0;
    bool by_depth = false;
    for (int b : chain) {
      if (folds(b, &by_depth)) {
        folded = b;
        break;
      }
      cluster = b;
      if (clusters_.insert(b).second) {
        g_.clusters.push_back({b, runs_.last[b], runs_.count[b]});
      }
    }
    if (folded) {
      auto [it, fresh] = block_node_.try_emplace(folded, static_cast<int>(g_.nodes.size()));
      if (fresh) {
        DiagramNode n;
        n.kind = DiagramNode::Kind::kBlock;
        n.block = folded;
        n.last = runs_.last[folded];
        n.count = runs_.count[folded];
        n.cluster = cluster;
        n.train_only = net_.blocks[folded].inference.layers == 0;
        if (principals_[folded] == 1) n.principal = first_principal_[folded];
        g_.nodes.push_back(n);
        if (by_depth) ++g_.folded_blocks;
      }
      DiagramNode& n = g_.nodes[it->second];
      if (n.principal && v != *n.principal && diagram_absorbs(l.op)) n.absorbed.push_back(v);
      node_of_[v] = it->second;
      return;
    }
    if (s_.compact && diagram_absorbs(l.op)) {
      std::vector<Vertex> in = net_.inputs(v);
      if (in.size() == 1) {
        auto it = node_of_.find(shown(in[0]));
        if (it != node_of_.end() && absorbable_into(it->second, in[0], cluster)) {
          g_.nodes[it->second].absorbed.push_back(v);
          node_of_[v] = it->second;
          return;
        }
      }
    }
    DiagramNode n;
    n.layer = v;
    n.cluster = cluster;
    n.train_only = l.train_only;
    node_of_[v] = static_cast<int>(g_.nodes.size());
    g_.nodes.push_back(n);
  }

  // Whether node `i`, which produces `u`, can draw its only consumer inside.
  bool absorbable_into(int i, Vertex u, int cluster) const {
    const DiagramNode& n = g_.nodes[i];
    if (n.kind != DiagramNode::Kind::kLayer || n.cluster != cluster) return false;
    if (std::holds_alternative<Input>(net_.layer(n.layer).op)) return false;
    if (!n.absorbed.empty() ? n.absorbed.back() != u : n.layer != u) return false;
    int consumers = 0;
    for (auto [it, end] = boost::out_edges(u, net_.graph); it != end; ++it) {
      if (visible(boost::target(*it, net_.graph))) ++consumers;
    }
    return consumers == 1;
  }

  const Network& net_;
  const DiagramShape& s_;
  BlockRuns runs_;
  std::unordered_map<std::string, Vertex> by_name_;
  std::vector<int> principals_;
  std::vector<std::optional<Vertex>> first_principal_;
  std::vector<std::optional<Vertex>> first_layer_;
  DiagramGraph g_;
  std::map<Vertex, int> node_of_;
  std::map<int, int> block_node_;
  std::set<int> clusters_;
};

}  // namespace

DiagramGraph build_diagram_graph(const Network& net, const DiagramShape& shape) {
  return Builder(net, shape).build();
}

}  // namespace archcalc
