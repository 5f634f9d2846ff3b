// The parameter tensors an op declares: names, shapes in PyTorch's layouts,
// what they count as, and how the executor initialises them. The counted
// params and buffers, the executor's weight tensors and the `.npy` file names
// all derive from these declarations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/cost.hpp"

namespace archcalc {

// What a parameter counts as in Cost.
enum class ParamRole {
  kWeight,  // Cost::weights (trainable)
  kBias,    // Cost::bias (trainable)
  kAffine,  // Cost::affine (trainable: a normalization's scale and shift)
  kBuffer,  // Cost::buffers (not trainable: running statistics)
};

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
  ParamRole role = ParamRole::kWeight;
  Init init = Init::kWeight;
  std::int64_t fan_in = 1;  // inputs per output, for kWeight and kBias
};

// Adds the elements of `specs` to the param and buffer counts of `c`
// (checked: OpError naming the count that overflows).
void count_params(Cost& c, const std::vector<ParamSpec>& specs);

}  // namespace archcalc
