#include "passes/passes.hpp"

namespace archcalc {

void costs_pass(Network& net) {
  for (Vertex v : net.order) {
    Layer& l = net.layer(v);
    try {
      l.cost = op_cost(l.op, net.input_shapes(v), l.out);
    } catch (const OpError& e) {
      throw InputError(l.pos, layer_prefix(l) + e.what());
    }
  }
}

}  // namespace archcalc
