#include "passes/backward.hpp"

#include "passes/passes.hpp"

namespace archcalc {

void backward_pass(Network& net) {
  TrainingMemory m;
  for (Vertex v : net.order) net.layer(v).saved = false;
  for (Vertex v : net.order) {
    Layer& l = net.layer(v);
    try {
      std::vector<Vertex> in = net.inputs(v);
      bool input_grad = false;
      for (Vertex u : in) input_grad = input_grad || net.layer(u).needs_grad;
      l.needs_grad = input_grad || l.cost.params() > 0;
      l.backward = op_backward(l.op, net.input_shapes(v), l.out, input_grad);
      l.backward.macs = mul(l.backward.macs, net.batch, "backward MACs");
      l.backward.other_ops = mul(l.backward.other_ops, net.batch, "backward ops");
      auto readers = static_cast<Count>(boost::out_degree(v, net.graph));
      if (l.needs_grad && readers >= 2) {
        Count sums = mul(readers - 1, l.out_elements, "backward ops");
        l.backward.other_ops = add(l.backward.other_ops, sums, "backward ops");
      }
      if (l.backward.saves_input) {
        for (Vertex u : in) net.layer(u).saved = true;
      }
      if (l.backward.saves_output) l.saved = true;
    } catch (const OpError& e) {
      throw InputError(l.pos, layer_prefix(l) + e.what());
    }
    try {
      m.weight_bytes = add(m.weight_bytes, l.weight_bytes, "weight bytes");
      m.gradient_bytes = add(m.gradient_bytes, mul(l.cost.params(), net.bytes_per_element, "bytes"),
                             "gradient bytes");
    } catch (const OpError& e) {
      throw InputError(l.pos, layer_prefix(l) + "total " + e.what());
    }
  }
  try {
    for (Vertex v : net.order) {
      const Layer& l = net.layer(v);
      if (l.saved) m.saved_elements = add(m.saved_elements, l.out_elements, "saved activations");
    }
    m.saved_bytes = mul(m.saved_elements, net.bytes_per_element, "saved activation bytes");
    for (int o = 0; o < kOptimizers; ++o) {
      m.optimizer_bytes[o] = mul(m.gradient_bytes, optimizer_slots(static_cast<Optimizer>(o)),
                                 "optimizer state bytes");
    }
    m.total_bytes(Optimizer::kAdam);  // the largest: checked for overflow
  } catch (const OpError& e) {
    throw InputError(SourcePos{net.file, 0, 0}, std::string("training memory: ") + e.what());
  }
  net.training_memory = m;
}

}  // namespace archcalc
