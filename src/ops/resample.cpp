#include "ops/resample.hpp"

#include "ops/weighted.hpp"

namespace archcalc {

Shape ChannelShuffle::infer(std::span<const Shape> in) const {
  if (in[0].dims.at(0) % groups != 0) {
    throw OpError("shuffle's " + std::to_string(in[0].dims[0]) + " channels do not divide into " +
                  std::to_string(groups) + " groups");
  }
  return in[0];
}

Shape Upsample::infer(std::span<const Shape> in) const {
  require_map(in[0]);
  Shape y = in[0];
  y.dims[1] = static_cast<std::int64_t>(mul(static_cast<Count>(y.dims[1]), scale, "height"));
  y.dims[2] = static_cast<std::int64_t>(mul(static_cast<Count>(y.dims[2]), scale, "width"));
  y.elements();  // checked
  return y;
}

void ConvTranspose::check(AttrReader& r) const {
  if (out % groups != 0) {
    r.fail("groups", "out (" + std::to_string(out) + ") must be divisible by groups (" +
                         std::to_string(groups) + ")");
  }
  auto below = [](std::int64_t op, std::int64_t s, std::int64_t d) { return op < s || op < d; };
  if (!below(output_pad.h, stride.h, dilation.h) || !below(output_pad.w, stride.w, dilation.w)) {
    r.fail("output_pad", "output_pad must be smaller than stride or dilation");
  }
}

Imported ConvTranspose::from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
  const std::int64_t out = layer.integer("num_output", std::nullopt, 1);
  layer.point_at("num_output");
  attrs.set_ints("out", {out});
  auto kernel = layer.hw("kernel", 1);
  if (kernel.empty()) layer.fail("", "missing 'kernel_size'");
  attrs.set_ints("kernel", kernel);
  auto stride = layer.hw("stride", 1);
  if (!stride.empty()) attrs.set_ints("stride", stride);
  auto pad = layer.hw("pad", 0);
  if (!pad.empty()) attrs.set_ints("pad", pad);
  auto dilation = layer.hw("dilation", 1);
  if (!dilation.empty()) attrs.set_ints("dilation", dilation);
  if (layer.has("group")) {
    const std::int64_t groups = layer.integer("group", 1, 1);
    layer.point_at("group");
    attrs.set_ints("groups", {groups});
  }
  layer.point_at("");
  attrs.set_bool("bias", layer.boolean("bias_term", true));
  caffe_axis_1(layer, "axis");
  return Imported::ok();
}

std::vector<ParamSpec> ConvTranspose::params(std::span<const Shape> in) const {
  const std::int64_t c = in[0].dims.at(0);
  const std::int64_t fan_in = c / groups * kernel.h * kernel.w;
  std::vector<ParamSpec> specs{
      {"weight", {c, out / groups, kernel.h, kernel.w}, ParamRole::kWeight, Init::kWeight, fan_in}};
  if (bias) specs.push_back({"bias", {out}, ParamRole::kBias, Init::kBias, fan_in});
  return specs;
}

Shape ConvTranspose::infer(std::span<const Shape> in) const {
  require_map(in[0]);
  if (in[0].dims[0] % groups != 0) {
    throw OpError("the input's " + std::to_string(in[0].dims[0]) +
                  " channels must be divisible by groups (" + std::to_string(groups) + ")");
  }
  auto size = [](std::int64_t n, std::int64_t s, std::int64_t p, std::int64_t d, std::int64_t k,
                 std::int64_t op) { return (n - 1) * s - 2 * p + d * (k - 1) + op + 1; };
  const std::int64_t h = size(in[0].h(), stride.h, pad.h, dilation.h, kernel.h, output_pad.h);
  const std::int64_t w = size(in[0].w(), stride.w, pad.w, dilation.w, kernel.w, output_pad.w);
  if (h < 1 || w < 1) {
    throw OpError("the padding crops the whole output (" + std::to_string(h) + "×" +
                  std::to_string(w) + ")");
  }
  Shape y{{out, h, w}};
  y.elements();  // checked
  return y;
}

Cost ConvTranspose::cost(std::span<const Shape> in, const Shape& y) const {
  Cost c;
  c.macs = mul(mul(in[0].elements(), static_cast<Count>(out / groups), "MACs"),
               static_cast<Count>(kernel.h * kernel.w), "MACs");
  if (bias) c.other_ops = y.elements();
  return c;
}

std::string ConvTranspose::label() const {
  std::string s = "conv_transpose " + std::to_string(kernel.h) + "×" + std::to_string(kernel.w);
  if (stride.h != 1 || stride.w != 1) {
    s += "/" + (stride.h == stride.w ? std::to_string(stride.h)
                                     : std::to_string(stride.h) + "×" + std::to_string(stride.w));
  }
  return s;
}

Backward ConvTranspose::backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
  return weighted_backward(cost(in, y).macs, bias ? y.elements() : 0, input_grad);
}

}  // namespace archcalc
