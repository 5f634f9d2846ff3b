// The parameter tensors each layer holds at run time, in the layouts PyTorch
// uses, their file names, and the seeded values they start with.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "exec/array.hpp"
#include "graph/network.hpp"

namespace archcalc::exec {

// How a parameter's starting values are drawn (uniform in each case).
enum class Init {
  kWeight,   // ±sqrt(6 / fan_in) (He uniform: keeps activations' scale through ReLUs)
  kBias,     // ±1 / sqrt(fan_in)
  kGamma,    // [0.5, 1.5)
  kBeta,     // [-0.5, 0.5)
  kMean,     // [-0.5, 0.5)
  kVariance  // [0.5, 1.5)
};

// One parameter tensor of a layer.
struct ParamSpec {
  std::string suffix;              // "weight", "bias", "running_mean", "running_var"
  std::vector<std::int64_t> dims;  // no batch dimension
  Init init = Init::kWeight;
  std::int64_t fan_in = 1;  // inputs per output, for kWeight and kBias
};

// The parameter tensors of `op` given its input shapes:
//   conv:      weight [K, C/groups, kh, kw], bias [K]
//   fc:        weight [out, in], bias [out]
//   batchnorm: weight (gamma) [C], bias (beta) [C], running_mean [C], running_var [C]
// and none for every other op. Throws OpError if the total differs from the
// op's counted params + buffers, so a kernel never runs with a part missing.
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
