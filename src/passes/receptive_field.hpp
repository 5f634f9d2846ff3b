// The receptive-field pass: what part of the network input one output unit
// of every layer sees.
#pragma once

#include "graph/network.hpp"

namespace archcalc {

// Needs: shapes. Adds: Layer::field, each op's `field` hook applied in order
// to its inputs' fields; none where an input has none (vector networks).
// Errors: a field that overflows 64 bits.
void receptive_field_pass(Network& net);

}  // namespace archcalc
