// The backward pass: what one training step's backward half costs, and the
// memory a training step holds.
#pragma once

#include "graph/network.hpp"

namespace archcalc {

// Needs: costs, memory. Over the training graph (auxiliary heads included):
// adds Layer::needs_grad (the output depends on a trainable parameter, as
// autograd decides), Layer::backward (the op's `backward` hook, asked for an
// input gradient only where an input needs one, plus (k − 1) adds per element
// where k ≥ 2 layers read an output that needs a gradient), Layer::saved (an
// output some backward rule reads), and Network::training_memory.
// Errors: counts that overflow 64 bits.
void backward_pass(Network& net);

}  // namespace archcalc
