#include "passes/passes.hpp"

namespace archcalc {

void memory_pass(Network& net) {
  for (Vertex v : net.order) {
    Layer& l = net.layer(v);
    try {
      l.out_elements = mul(l.out.elements(), net.batch, "activations");
      l.out_bytes = mul(l.out_elements, net.bytes_per_element, "activation bytes");
      l.weight_bytes =
          mul(add(l.cost.params(), l.cost.buffers), net.bytes_per_element, "weight bytes");
    } catch (const OpError& e) {
      throw InputError(l.pos, layer_prefix(l) + e.what());
    }
  }
}

}  // namespace archcalc
