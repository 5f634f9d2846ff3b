// The analysis passes, run in order by `analyze`. Each reads what earlier
// passes wrote onto the network and adds its own annotation; each throws
// InputError with the offending layer's position when the input is invalid.
#pragma once

#include "graph/network.hpp"

namespace archcalc {

// Needs: structure. Adds: Network::order (topological, as written);
// propagates train_only downstream. Errors: wrong input counts, cycles.
void validate_pass(Network& net);

// Needs: order. Adds: Layer::out. Errors: shape mismatches, windows larger
// than their padded input, sizes that overflow.
void shapes_pass(Network& net);

// Needs: shapes. Adds: Layer::cost. Errors: counts that overflow 64 bits.
void costs_pass(Network& net);

// Needs: shapes. Adds: Layer::out_elements.
void memory_pass(Network& net);

// Needs: costs, memory. Adds: BlockInstance::inference and ::training,
// Network::training_only.
void rollup_pass(Network& net);

// Runs every pass above in order, with receptive_field_pass after shapes and
// liveness_pass and backward_pass after memory (their own headers).
void analyze(Network& net);

}  // namespace archcalc
