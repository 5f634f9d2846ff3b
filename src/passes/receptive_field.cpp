#include "passes/receptive_field.hpp"

#include "passes/passes.hpp"

namespace archcalc {

void receptive_field_pass(Network& net) {
  for (Vertex v : net.order) {
    Layer& l = net.layer(v);
    l.field.reset();
    std::vector<Field> in;
    bool defined = true;
    for (Vertex u : net.inputs(v)) {
      const auto& f = net.layer(u).field;
      if (!f) defined = false;
      if (f) in.push_back(*f);
    }
    if (!defined) continue;
    try {
      l.field = op_field(l.op, in, net.input_shapes(v));
    } catch (const OpError& e) {
      throw InputError(l.pos, layer_prefix(l) + e.what());
    }
  }
}

}  // namespace archcalc
