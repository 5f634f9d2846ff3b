#include "passes/passes.hpp"

namespace archcalc {

void rollup_pass(Network& net) {
  for (auto& b : net.blocks) b.inference = b.training = Totals{};
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if (std::holds_alternative<Input>(l.op)) continue;  // inputs are not layers
    Totals t;
    t.cost = l.cost;
    t.activation_elements = l.out_elements;
    t.activation_bytes = l.out_bytes;
    t.weight_bytes = l.weight_bytes;
    t.layers = 1;
    t.weighted_layers = op_weighted(l.op) ? 1 : 0;
    try {
      for (int b = l.block; b >= 0; b = net.blocks[b].parent) {
        net.blocks[b].training += t;
        if (!l.train_only) net.blocks[b].inference += t;
      }
    } catch (const OpError& e) {
      throw InputError(l.pos, layer_prefix(l) + "total " + e.what());
    }
  }
}

}  // namespace archcalc
