// Layer normalization over chosen axes (the last by default, as nn.LayerNorm;
// `axes: [0]` normalizes the channels at each position of a C×H×W map, as
// ConvNeXt's LayerNorm2d), with a learned scale and shift of the normalized
// axes' shape (`affine: false`: none).
#pragma once

#include "ops/axes.hpp"
#include "ops/op_base.hpp"

namespace archcalc {

struct LayerNorm {
  static constexpr std::string_view kName = "layernorm";
  static constexpr Category kCategory = Category::kNormalization;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  // Statistics at inference too: mean (1), variance (2), normalization (2);
  // the affine scale and shift 2 more.
  static constexpr std::string_view kCountedAs = "layer norm",
                                    kOtherOps = "5 per element, 7 with affine";
  static constexpr std::string_view kBackwardOps = "3 per element (γ/β, when affine) + 8 (input)";
  std::vector<std::int64_t> axes{-1};
  double eps = 1e-5;
  bool affine = true;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.ints("axes", s.axes, std::vector<std::int64_t>{-1},
           -static_cast<std::int64_t>(kMaxListLength), {0});
    v.number("eps", s.eps, 1e-5, 0.0, 1.0);
    v.boolean("affine", s.affine, true);
  }
  // weight (γ) and bias (β), each of the normalized axes' shape.
  std::vector<ParamSpec> params(std::span<const Shape> in) const;
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape>, const Shape& y) const {
    return Cost{.other_ops = mul(y.elements(), affine ? 7 : 5, "other ops")};
  }
  std::string label() const { return "layernorm " + axes_text(axes); }
  // Normalizing across a map's H or W reads the whole map.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const;
  static constexpr bool kInPlace = false;
  // γ/β gradients 3 other ops per element (as batch norm's); the input
  // gradient 8 more (when needed). Saves its input.
  Backward backward(std::span<const Shape>, const Shape& y, bool input_grad) const {
    const Count per = (affine ? 3 : 0) + (input_grad ? 8 : 0);
    return Backward{.other_ops = mul(y.elements(), per, "backward ops"), .saves_input = per > 0};
  }
};

}  // namespace archcalc

namespace archcalc {

// Group normalization (Wu & He, 2018): the channels of a C×… input in
// `groups` groups, each normalized over its channels and every position, with
// a learned scale and shift per channel (`affine`). Instance normalization
// is the case of one channel per group (`instancenorm`, PyTorch's default
// without affine). Other ops as layer norm's.
template <class Self>
struct ChannelGroupNorm {
  static constexpr Category kCategory = Category::kNormalization;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "group and instance norm",
                                    kOtherOps = "5 per element, 7 with affine";
  static constexpr std::string_view kBackwardOps = "3 per element (γ/β, when affine) + 8 (input)";
  // γ and β per channel.
  std::vector<ParamSpec> params(std::span<const Shape> in) const {
    if (!static_cast<const Self&>(*this).affine) return {};
    const std::int64_t c = in[0].dims.at(0);
    return {{"weight", {c}, ParamRole::kAffine, Init::kGamma},
            {"bias", {c}, ParamRole::kAffine, Init::kBeta}};
  }
  Cost cost(std::span<const Shape>, const Shape& y) const {
    return Cost{.other_ops =
                    mul(y.elements(), static_cast<const Self&>(*this).affine ? 7 : 5, "other ops")};
  }
  // The statistics read the whole map: a global field.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const {
    if (!shapes[0].is_map()) return in[0];
    return global_field(in[0], shapes[0]);
  }
  static constexpr bool kInPlace = false;
  // As layer norm's: γ/β 3 per element, the input gradient 8 more.
  Backward backward(std::span<const Shape>, const Shape& y, bool input_grad) const {
    const Count per = (static_cast<const Self&>(*this).affine ? 3 : 0) + (input_grad ? 8 : 0);
    return Backward{.other_ops = mul(y.elements(), per, "backward ops"), .saves_input = per > 0};
  }
};

struct GroupNorm : ChannelGroupNorm<GroupNorm> {
  static constexpr std::string_view kName = "groupnorm";
  std::int64_t groups = 1;
  double eps = 1e-5;
  bool affine = true;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.integer("groups", s.groups, std::nullopt, 1);
    v.number("eps", s.eps, 1e-5, 0.0, 1.0);
    v.boolean("affine", s.affine, true);
  }
  // The channels divide into the groups.
  Shape infer(std::span<const Shape> in) const;
  std::string label() const { return "groupnorm " + std::to_string(groups); }
};

struct InstanceNorm : ChannelGroupNorm<InstanceNorm> {
  static constexpr std::string_view kName = "instancenorm";
  static constexpr std::array<std::string_view, 1> kOnnx{"InstanceNormalization"};
  double eps = 1e-5;
  bool affine = false;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.number("eps", s.eps, 1e-5, 0.0, 1.0);
    v.boolean("affine", s.affine, false);
  }
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs) {
    attrs.set_number("eps", n.real("epsilon", 1e-5));
    attrs.set_bool("affine", true);  // ONNX's scale and B inputs
    return Imported::ok();
  }
  Shape infer(std::span<const Shape> in) const;
  std::string label() const { return "instancenorm"; }
};

}  // namespace archcalc
