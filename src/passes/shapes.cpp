#include "passes/passes.hpp"

namespace archcalc {

void shapes_pass(Network& net) {
  for (Vertex v : net.order) {
    Layer& l = net.layer(v);
    try {
      l.out = op_infer(l.op, net.input_shapes(v));
      l.out.elements();  // the output must be countable
    } catch (const OpError& e) {
      throw InputError(l.pos, layer_prefix(l) + e.what());
    }
  }
}

}  // namespace archcalc
