// Convolution over 1 spatial axis (conv1d: C×L) or 3 (conv3d: C×D×H×W), as
// PyTorch's nn.Conv1d and nn.Conv3d: stride, padding per side, dilation,
// groups. `kernel`, `stride` and `dilation` take one value (every axis) or
// one per axis; `pad` also a begin and an end per axis.
#pragma once

#include "ops/op_base.hpp"
#include "ops/window_nd.hpp"

namespace archcalc {

template <std::size_t N>
struct ConvNd {
  static constexpr std::string_view kName = N == 1 ? "conv1d" : "conv3d";
  static constexpr int kSpatialAxes = N;  // the axes after the channels of its input
  static constexpr std::string_view kAxes = N == 1 ? "L" : "D, H and W";
  static constexpr std::string_view kInput = N == 1 ? "C×L" : "C×D×H×W";
  static constexpr Category kCategory = Category::kLinear;
  static constexpr MacKind kMacKind = MacKind::kConv;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "bias adds", kOtherOps = "1 per output element";
  static constexpr std::string_view kBackwardOps = "bias gradient 1 per output element";
  static constexpr std::array<std::string_view, 1> kOnnx{"Conv"};

  std::int64_t out = 1;
  std::vector<std::int64_t> kernel{1}, stride{1}, pad{0}, dilation{1};
  std::int64_t groups = 1;
  bool bias = true;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.integer("out", s.out, std::nullopt, 1);
    v.sizes("kernel", s.kernel, std::nullopt, 1, N,
            N == 1 ? std::vector<std::int64_t>{3} : std::vector<std::int64_t>{1, 3, 3});
    v.sizes("stride", s.stride, std::vector<std::int64_t>{1}, 1, N, {2});
    v.sizes("pad", s.pad, std::vector<std::int64_t>{0}, 0, 2 * N, {1});
    v.sizes("dilation", s.dilation, std::vector<std::int64_t>{1}, 1, N, {2});
    v.integer("groups", s.groups, 1, 1);
    v.boolean("bias", s.bias, true);
  }
  // Counts of values per axis; out divisible by groups.
  void check(AttrReader& r) const;
  // A weight of N + 2 dims (the 2-D conv takes 4).
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  // weight [out, C_in/groups, k…], bias [out].
  std::vector<ParamSpec> params(std::span<const Shape> in) const;
  Shape infer(std::span<const Shape> in) const;
  // MACs: output elements · (C_in/g) · Πk; bias adds as other ops.
  Cost cost(std::span<const Shape> in, const Shape& out) const;
  std::string label() const;
  // conv3d: the window over D, H and W with the leading padding. conv1d:
  // none (a C×L input has no field).
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape>) const {
    if constexpr (N == 3) return window_field(in[0], window());
    return std::nullopt;
  }
  static constexpr bool kInPlace = false;
  // As conv: weight gradient = forward MACs, input gradient = forward MACs
  // (when needed), bias gradient 1 per output element. Saves its input.
  Backward backward(std::span<const Shape> in, const Shape& out, bool input_grad) const;
  // The window resolved on 3 axes (a 1-D one on the last).
  Window3 window() const;
};

using Conv1d = ConvNd<1>;
using Conv3d = ConvNd<3>;

}  // namespace archcalc
