#include "ops/norm.hpp"

#include <algorithm>

#include "ops/reduce.hpp"

namespace archcalc {

std::vector<ParamSpec> LayerNorm::params(std::span<const Shape> in) const {
  if (!affine) return {};
  std::vector<std::int64_t> dims;
  for (std::size_t a : resolve_axes(axes, in[0].rank())) dims.push_back(in[0].dims[a]);
  return {{"weight", dims, ParamRole::kAffine, Init::kGamma},
          {"bias", dims, ParamRole::kAffine, Init::kBeta}};
}

Shape LayerNorm::infer(std::span<const Shape> in) const {
  std::vector<std::size_t> r = resolve_axes(axes, in[0].rank());
  if (!std::is_sorted(r.begin(), r.end())) {
    throw OpError("layernorm's axes " + axes_text(axes) + " must be in increasing order");
  }
  return in[0];
}

std::optional<Field> LayerNorm::field(std::span<const Field> in,
                                      std::span<const Shape> shapes) const {
  return reduced_field(in[0], shapes[0], axes);
}

Shape GroupNorm::infer(std::span<const Shape> in) const {
  if (in[0].rank() < 2) throw OpError("groupnorm needs channels and positions, got " + in[0].str());
  if (in[0].dims[0] % groups != 0) {
    throw OpError("groupnorm's " + std::to_string(in[0].dims[0]) + " channels do not divide into " +
                  std::to_string(groups) + " groups");
  }
  return in[0];
}

Shape InstanceNorm::infer(std::span<const Shape> in) const {
  if (in[0].rank() < 2) {
    throw OpError("instancenorm needs channels and positions, got " + in[0].str());
  }
  return in[0];
}

}  // namespace archcalc
