#include "passes/passes.hpp"

namespace archcalc {

void costs_pass(Network& net) {
  for (Vertex v : net.order) {
    Layer& l = net.layer(v);
    try {
      l.cost = op_cost(l.op, net.input_shapes(v), l.out);
      l.cost.macs = mul(l.cost.macs, net.batch, "MACs");
      l.cost.other_ops = mul(l.cost.other_ops, net.batch, "other ops");
    } catch (const OpError& e) {
      throw InputError(l.pos, layer_prefix(l) + e.what());
    }
  }
}

}  // namespace archcalc
