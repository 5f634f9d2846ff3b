#include "passes/passes.hpp"

namespace archcalc {

void rollup_pass(Network& net) {
  for (auto& b : net.blocks) b.inference = b.training = Totals{};
  net.training_only = Totals{};
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if (std::holds_alternative<Input>(l.op)) continue;  // inputs are not layers
    Totals t = layer_totals(l);
    try {
      if (l.train_only) net.training_only += t;
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
