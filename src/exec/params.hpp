// The parameter tensors each layer holds at run time (declared by its op,
// ops/params.hpp), their file names, and the seeded values they start with.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "exec/array.hpp"
#include "graph/network.hpp"

namespace archcalc::exec {

using archcalc::Init;
using archcalc::ParamSpec;

// The parameter tensors of `op` given its input shapes, as the op declares
// them (op_params). Throws OpError if their total differs from `cost`'s
// params + buffers (a cost computed for other shapes), so a kernel never runs
// with a part missing.
std::vector<ParamSpec> param_specs(const Op& op, std::span<const Shape> in, const Cost& cost);

// The file stem of a layer: its path with '/' mapped to '.', e.g.
// "inception_3a/b1" → "inception_3a.b1".
std::string layer_stem(const std::string& layer_name);
// "<stem>.<suffix>.npy", e.g. "conv1.weight.npy".
std::string param_file_name(const std::string& layer_name, const std::string& suffix);

// Fills `t` with the values `spec` starts with, from a stream determined by
// `seed` and `key` alone (the same on every machine and build).
void fill_param(Array& t, const ParamSpec& spec, std::uint64_t seed, const std::string& key);
// Fills `t` uniformly in [lo, hi) from the stream for `seed` and `key`.
void fill_uniform(Array& t, float lo, float hi, std::uint64_t seed, const std::string& key);

}  // namespace archcalc::exec
