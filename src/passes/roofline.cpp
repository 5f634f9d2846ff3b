// The roofline pass: each layer's predicted time on a machine, from its MACs
// and the bytes it moves.
#include "passes/roofline.hpp"

#include "passes/passes.hpp"

namespace archcalc {

void roofline_pass(Network& net, const Machine& machine, Count batch) {
  net.machine = machine;
  for (Vertex v : net.order) {
    Layer& l = net.layer(v);
    Count activations = l.out_bytes;
    for (Vertex u : net.inputs(v)) activations = add(activations, net.layer(u).out_bytes, "bytes");
    const Count bytes = add(mul(activations, batch, "bytes"), l.weight_bytes, "bytes");
    Roofline r;
    r.flops = mul(mul(l.cost.macs, batch, "MACs"), 2, "FLOPs");
    r.bytes = bytes;
    r.compute_seconds = static_cast<double>(r.flops) / machine.peak_flops;
    r.memory_seconds = static_cast<double>(r.bytes) / machine.bandwidth;
    l.roofline = r;
  }
}

}  // namespace archcalc
