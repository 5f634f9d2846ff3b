// The roofline pass (run only when a machine profile is given).
#pragma once

#include "base/machine.hpp"
#include "graph/network.hpp"

namespace archcalc {

// Needs: costs, memory. Adds: Network::machine and, for every layer,
// Layer::roofline at `batch` items: compute = 2·MACs·batch / peak_flops,
// memory = (batch × (input + output activation bytes) + weight bytes) /
// bandwidth, prediction = their maximum. Throws OpError when a count
// overflows 64 bits.
void roofline_pass(Network& net, const Machine& machine, Count batch = 1);

}  // namespace archcalc
