#include "graph/network.hpp"

#include <algorithm>

namespace archcalc {

Totals& Totals::operator+=(const Totals& o) {
  cost += o.cost;
  activation_elements = add(activation_elements, o.activation_elements, "activations");
  activation_bytes = add(activation_bytes, o.activation_bytes, "activation bytes");
  weight_bytes = add(weight_bytes, o.weight_bytes, "weight bytes");
  layers += o.layers;
  weighted_layers += o.weighted_layers;
  backward_macs = add(backward_macs, o.backward_macs, "backward MACs");
  backward_other_ops = add(backward_other_ops, o.backward_other_ops, "backward ops");
  saved_elements = add(saved_elements, o.saved_elements, "saved activations");
  return *this;
}

std::vector<Vertex> Network::inputs(Vertex v) const {
  std::vector<std::pair<int, Vertex>> edges;
  for (auto [it, end] = boost::in_edges(v, graph); it != end; ++it) {
    edges.emplace_back(graph[*it].port, boost::source(*it, graph));
  }
  std::sort(edges.begin(), edges.end());
  std::vector<Vertex> out;
  for (auto& e : edges) out.push_back(e.second);
  return out;
}

std::vector<Shape> Network::input_shapes(Vertex v) const {
  std::vector<Shape> out;
  for (Vertex u : inputs(v)) out.push_back(graph[u].out);
  return out;
}

Totals layer_totals(const Layer& l) {
  Totals t;
  t.cost = l.cost;
  t.activation_elements = l.out_elements;
  t.activation_bytes = l.out_bytes;
  t.weight_bytes = l.weight_bytes;
  t.layers = 1;
  t.weighted_layers = op_weighted(l.op) ? 1 : 0;
  t.backward_macs = l.backward.macs;
  t.backward_other_ops = l.backward.other_ops;
  t.saved_elements = l.saved ? l.out_elements : 0;
  return t;
}

bool block_within(const Network& net, int b, int ancestor) {
  while (b >= 0) {
    if (b == ancestor) return true;
    b = net.blocks[b].parent;
  }
  return false;
}

std::string layer_prefix(const Layer& layer) {
  return std::string(op_name(layer.op)) + " '" + layer.name + "': ";
}

}  // namespace archcalc
