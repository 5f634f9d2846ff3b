// 2-D convolution with per-side padding, dilation and groups.
#pragma once

#include "ops/op_base.hpp"
#include "ops/window.hpp"

namespace archcalc {

struct Conv {
  static constexpr std::string_view kName = "conv";
  static constexpr Category kCategory = Category::kLinear;
  static constexpr MacKind kMacKind = MacKind::kConv;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "bias adds", kOtherOps = "1 per output element";
  static constexpr std::string_view kBackwardOps = "bias gradient 1 per output element";
  static constexpr std::array<std::string_view, 1> kOnnx{"Conv"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"Convolution", "convolution_param"}};

  std::int64_t out = 1;  // output channels
  Hw kernel, stride, dilation;
  Padding pad;
  std::int64_t groups = 1;
  bool bias = true;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.integer("out", s.out, std::nullopt, 1);
    v.pair("kernel", s.kernel, std::nullopt, 1);
    v.pair("stride", s.stride, Hw{1, 1}, 1);
    v.padding("pad", s.pad);
    v.pair("dilation", s.dilation, Hw{1, 1}, 1);
    v.integer("groups", s.groups, 1, 1);
    v.boolean("bias", s.bias, true);
  }
  // out divisible by groups.
  void check(AttrReader& r) const;
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs);
  // weight [out, C_in/groups, kh, kw], bias [out].
  std::vector<ParamSpec> params(std::span<const Shape> in) const;
  // C_out × H_out × W_out.
  Shape infer(std::span<const Shape> in) const;
  // MACs H_out·W_out·C_out·(C_in/g)·kh·kw; bias adds as other ops.
  Cost cost(std::span<const Shape> in, const Shape& out) const;
  std::string label() const;
  // A window of kernel/stride/dilation with the top/left padding.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const;
  static constexpr bool kInPlace = false;
  // Weight gradient = forward MACs, input gradient = forward MACs (when needed);
  // bias gradient 1 other op per output element. Saves its input.
  Backward backward(std::span<const Shape> in, const Shape& out, bool input_grad) const;
  // Padding resolved for this input.
  Pads pads(const Shape& in) const {
    return resolve_pads(pad, in.h(), in.w(), kernel, stride, dilation);
  }
};

}  // namespace archcalc
