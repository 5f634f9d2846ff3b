#include <boost/graph/depth_first_search.hpp>
#include <queue>

#include "passes/passes.hpp"

namespace archcalc {

namespace {

struct CycleFound {
  Vertex from, to;
};

// Records DFS tree parents; throws CycleFound on the first back edge.
struct CycleVisitor : boost::default_dfs_visitor {
  std::vector<Vertex>* parent;
  void tree_edge(Graph::edge_descriptor e, const Graph& g) const {
    (*parent)[boost::target(e, g)] = boost::source(e, g);
  }
  void back_edge(Graph::edge_descriptor e, const Graph& g) const {
    throw CycleFound{boost::source(e, g), boost::target(e, g)};
  }
};

void check_arity(const Network& net) {
  for (auto [it, end] = boost::vertices(net.graph); it != end; ++it) {
    const Layer& l = net.layer(*it);
    int n = static_cast<int>(boost::in_degree(*it, net.graph));
    int lo = op_min_inputs(l.op), hi = op_max_inputs(l.op);
    if (n < lo) {
      throw InputError(l.pos, layer_prefix(l) + "needs at least " + std::to_string(lo) +
                                  (lo == 1 ? " input" : " inputs") + ", got " + std::to_string(n));
    }
    if (hi != kUnbounded && n > hi) {
      throw InputError(l.pos, layer_prefix(l) + "takes " + std::to_string(hi) +
                                  (hi == 1 ? " input" : " inputs") + ", got " + std::to_string(n));
    }
  }
}

void check_acyclic(const Network& net) {
  std::size_t n = boost::num_vertices(net.graph);
  std::vector<Vertex> parent(n);
  std::vector<boost::default_color_type> colors(n);
  CycleVisitor vis;
  vis.parent = &parent;
  try {
    boost::depth_first_search(net.graph,
                              boost::visitor(vis).color_map(boost::make_iterator_property_map(
                                  colors.begin(), boost::get(boost::vertex_index, net.graph))));
  } catch (const CycleFound& c) {
    // The cycle: c.to → ... → c.from → c.to along tree edges.
    std::vector<std::string> names{net.layer(c.to).name};
    std::vector<Vertex> path;
    for (Vertex v = c.from; v != c.to && path.size() < n; v = parent[v]) path.push_back(v);
    for (auto it = path.rbegin(); it != path.rend(); ++it) names.push_back(net.layer(*it).name);
    names.push_back(net.layer(c.to).name);
    std::string chain;
    for (const auto& s : names) chain += (chain.empty() ? "" : " -> ") + s;
    const Layer& at = net.layer(c.to);
    throw InputError(at.pos, layer_prefix(at) + "the layers form a cycle: " + chain);
  }
}

// Kahn's algorithm, taking the earliest-written ready layer first.
std::vector<Vertex> written_topological_order(const Network& net) {
  std::size_t n = boost::num_vertices(net.graph);
  std::vector<std::size_t> pending(n);
  std::priority_queue<Vertex, std::vector<Vertex>, std::greater<>> ready;
  for (Vertex v = 0; v < n; ++v) {
    pending[v] = boost::in_degree(v, net.graph);
    if (pending[v] == 0) ready.push(v);
  }
  std::vector<Vertex> order;
  order.reserve(n);
  while (!ready.empty()) {
    Vertex v = ready.top();
    ready.pop();
    order.push_back(v);
    for (auto [it, end] = boost::out_edges(v, net.graph); it != end; ++it) {
      Vertex w = boost::target(*it, net.graph);
      if (--pending[w] == 0) ready.push(w);
    }
  }
  return order;
}

}  // namespace

void validate_pass(Network& net) {
  check_arity(net);
  check_acyclic(net);
  net.order = written_topological_order(net);
  for (Vertex v : net.order) {
    for (Vertex u : net.inputs(v)) {
      if (net.layer(u).train_only) net.layer(v).train_only = true;
    }
  }
}

}  // namespace archcalc
