#include "exec/params.hpp"

#include <cmath>

namespace archcalc::exec {

namespace {

// FNV-1a: a fixed, portable hash of the tensor's name.
std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char ch : s) h = (h ^ ch) * 0x100000001b3ull;
  return h;
}

}  // namespace

std::vector<ParamSpec> param_specs(const Op& op, std::span<const Shape> in, const Cost& cost) {
  std::vector<ParamSpec> specs = op_params(op, in);
  Count elements = 0;
  for (const auto& s : specs) elements = add(elements, Shape{s.dims}.elements(), "params");
  if (elements != add(cost.params(), cost.buffers, "params")) {
    throw OpError("the executor's parameter tensors (" + std::to_string(elements) +
                  " elements) disagree with the counted params and buffers (" +
                  std::to_string(cost.params() + cost.buffers) + ")");
  }
  return specs;
}

std::string layer_stem(const std::string& layer_name) {
  std::string s = layer_name;
  for (char& ch : s) {
    if (ch == '/') ch = '.';
  }
  return s;
}

std::string param_file_name(const std::string& layer_name, const std::string& suffix) {
  return layer_stem(layer_name) + "." + suffix + ".npy";
}

void fill_uniform(Array& t, float lo, float hi, std::uint64_t seed, const std::string& key) {
  // SplitMix64 (Steele, Lea & Flood 2014): a fixed sequence on every platform.
  std::uint64_t state = seed ^ fnv1a(key);
  const float width = hi - lo;
  float* v = t.data();
  for (std::size_t i = 0, n = t.size(); i < n; ++i) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    // The top 24 bits give a float in [0, 1) exactly.
    v[i] = lo + width * (static_cast<float>(z >> 40) * 0x1p-24f);
  }
}

void fill_param(Array& t, const ParamSpec& spec, std::uint64_t seed, const std::string& key) {
  const auto fan_in = static_cast<float>(spec.fan_in);
  switch (spec.init) {
    case Init::kWeight: {
      const float b = std::sqrt(6.0f / fan_in);
      return fill_uniform(t, -b, b, seed, key);
    }
    case Init::kBias: {
      const float b = 1.0f / std::sqrt(fan_in);
      return fill_uniform(t, -b, b, seed, key);
    }
    case Init::kGamma:
    case Init::kVariance:
      return fill_uniform(t, 0.5f, 1.5f, seed, key);
    case Init::kBeta:
    case Init::kMean:
      return fill_uniform(t, -0.5f, 0.5f, seed, key);
  }
}

}  // namespace archcalc::exec
