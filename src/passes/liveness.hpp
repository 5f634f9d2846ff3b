// The liveness pass: peak activation memory of an inference forward pass.
#pragma once

#include "graph/network.hpp"

namespace archcalc {

// The inference layers in the order a forward pass runs them (Network::order
// without training-only layers; inputs included): the executor's order.
std::vector<Vertex> inference_steps(const Network& net);

// The elements of activations live at each step of inference_steps(net):
// a tensor from the step that makes it to its last reader. With `in_place`,
// as peak_memory counts them.
std::vector<Count> live_elements(const Network& net, bool in_place);

// The peak of live activations over inference_steps(net). With `in_place`,
// an op that may (its kInPlace: activations, dropout) writes over its input
// when it is that input's last reader, sharing its buffer.
PeakMemory peak_memory(const Network& net, bool in_place);

// Needs: memory. Adds: Network::peak[0] (no op in place) and peak[1] (in place).
// Errors: a peak that overflows 64 bits; weights that do, at the layer where
// their sum overflows ("total weight bytes").
void liveness_pass(Network& net);

}  // namespace archcalc
