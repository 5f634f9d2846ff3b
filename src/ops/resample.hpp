// Ops that move or resample a C×H×W map: ShuffleNet's channel shuffle,
// upsampling (nearest, bilinear) and the transposed convolution.
#pragma once

#include "ops/op_base.hpp"
#include "ops/window.hpp"

namespace archcalc {

// The channels as `groups` × (C / groups), transposed (ShuffleNet): output
// channel j · groups + i is input channel i · (C / groups) + j. No operations.
struct ChannelShuffle {
  static constexpr std::string_view kName = "shuffle";
  static constexpr Category kCategory = Category::kReshape;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "", kOtherOps = "", kBackwardOps = "0";
  std::int64_t groups = 2;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.integer("groups", s.groups, std::nullopt, 1);
  }
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::string label() const { return "shuffle " + std::to_string(groups); }
  // Across channels only: the input's field.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape>) const {
    return in[0];
  }
  static constexpr bool kInPlace = false;
  Backward backward(std::span<const Shape>, const Shape&, bool) const { return {}; }
};

// H and W times `scale`: each output pixel the nearest input pixel, or
// (`mode: bilinear`) interpolated from the 4 around it (PyTorch's
// align_corners=False). Other ops: nearest none; bilinear 4 per output element.
struct Upsample {
  static constexpr std::string_view kName = "upsample";
  static constexpr Category kCategory = Category::kPooling;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "bilinear upsampling",
                                    kOtherOps = "4 per output element, nearest none";
  static constexpr std::string_view kBackwardOps = "1 per output element, 4 bilinear";
  static constexpr std::array<std::string_view, 2> kOnnx{"Resize", "Upsample"};
  std::int64_t scale = 2;
  bool bilinear = false;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.integer("scale", s.scale, std::nullopt, 1);
    v.word("mode", s.bilinear, {"nearest", "bilinear"}, false);
  }
  // Resize (or Upsample) of H and W by one whole factor, from scales or
  // sizes; nearest as PyTorch's, linear with half-pixel coordinates
  // (align_corners=False). Anything else is unsupported, with the reason.
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape>, const Shape& y) const {
    return Cost{.other_ops = bilinear ? mul(y.elements(), 4, "other ops") : 0};
  }
  std::string label() const {
    return std::string(bilinear ? "bilinear" : "nearest") + " ×" + std::to_string(scale);
  }
  // A finer grid over the same pixels: the jump divides by `scale`, which a
  // whole-pixel field cannot hold; none.
  std::optional<Field> field(std::span<const Field>, std::span<const Shape>) const {
    return std::nullopt;
  }
  static constexpr bool kInPlace = false;
  // The gradient gathered back: as many ops as the forward (nearest: 1 per
  // output element, the sums).
  Backward backward(std::span<const Shape>, const Shape& y, bool input_grad) const {
    if (!input_grad) return {};
    return Backward{.other_ops = mul(y.elements(), bilinear ? 4 : 1, "backward ops")};
  }
};

// The transposed convolution (nn.ConvTranspose2d): every input pixel scatters
// a kernel-sized window onto the output, `stride` apart; `pad` crops the
// output, `output_pad` extends its bottom and right.
// H_out = (H − 1)·stride − 2·pad + dilation·(k − 1) + output_pad + 1.
// MACs: input elements · (out / groups) · kh · kw.
struct ConvTranspose {
  static constexpr std::string_view kName = "conv_transpose";
  static constexpr Category kCategory = Category::kLinear;
  static constexpr MacKind kMacKind = MacKind::kConv;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "bias adds", kOtherOps = "1 per output element";
  static constexpr std::string_view kBackwardOps = "bias gradient 1 per output element";
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"Deconvolution", "convolution_param"}};
  static constexpr std::array<std::string_view, 1> kOnnx{"ConvTranspose"};
  std::int64_t out = 1;
  Hw kernel, stride{1, 1};
  Hw pad{0, 0}, output_pad{0, 0}, dilation{1, 1};
  std::int64_t groups = 1;
  bool bias = true;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.integer("out", s.out, std::nullopt, 1);
    v.pair("kernel", s.kernel, std::nullopt, 1);
    v.pair("stride", s.stride, Hw{1, 1}, 1);
    v.pair("pad", s.pad, Hw{0, 0}, 0);
    v.pair("output_pad", s.output_pad, Hw{0, 0}, 0);
    v.pair("dilation", s.dilation, Hw{1, 1}, 1);
    v.integer("groups", s.groups, 1, 1);
    v.boolean("bias", s.bias, true);
  }
  // out and the input channels divisible by groups; output_pad below stride or dilation.
  void check(AttrReader& r) const;
  // Caffe's Deconvolution: convolution_param as for Convolution, the padding
  // one value per axis (Caffe crops it from both sides), no output_pad.
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs);
  // ONNX's ConvTranspose over H and W: the same padding at both ends of an
  // axis, output_padding; not auto_pad or output_shape.
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  // weight [C_in, out/groups, kh, kw] (PyTorch's layout), bias [out].
  std::vector<ParamSpec> params(std::span<const Shape> in) const;
  Shape infer(std::span<const Shape> in) const;
  Cost cost(std::span<const Shape> in, const Shape& y) const;
  std::string label() const;
  // A finer grid: none (see Upsample).
  std::optional<Field> field(std::span<const Field>, std::span<const Shape>) const {
    return std::nullopt;
  }
  static constexpr bool kInPlace = false;
  // As conv: weight gradient = forward MACs, input gradient = forward MACs
  // (when needed); bias gradient 1 per output element. Saves its input.
  Backward backward(std::span<const Shape> in, const Shape& y, bool input_grad) const;
};

}  // namespace archcalc
