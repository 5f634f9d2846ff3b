#include "ops/resample.hpp"

#include "ops/weighted.hpp"
#include "ops/window.hpp"

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

namespace {

bool half_pixel(const std::string& coords) {
  return coords == "half_pixel" || coords == "pytorch_half_pixel";
}

// The whole factor by which `to` is `from`, or 0.
std::int64_t whole_factor(double to, std::int64_t from) {
  if (from <= 0 || !(to >= static_cast<double>(from) && to <= 1e12)) return 0;  // NaN too
  const double f = to / static_cast<double>(from);
  const auto k = static_cast<std::int64_t>(f);
  return static_cast<double>(k) == f ? k : 0;
}

}  // namespace

Imported Upsample::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  const bool resize = n.type() == "Resize";
  // Upsample (opsets 7 to 9) takes asymmetric coordinates and floor.
  const std::string mode = n.text("mode", "nearest");
  const std::string coords =
      resize ? n.text("coordinate_transformation_mode", "half_pixel") : "asymmetric";
  const std::string nearest = resize ? n.text("nearest_mode", "round_prefer_floor") : "floor";
  if (mode == "linear" || mode == "bilinear") {
    if (!half_pixel(coords)) {
      const std::string what = resize ? "with coordinate_transformation_mode " + coords
                                      : "in Upsample, whose coordinates are asymmetric";
      return Imported::unsupported(
          "linear resampling " + what +
          " (upsample's bilinear is half_pixel or pytorch_half_pixel: align_corners=False)");
    }
    attrs.set_word("mode", "bilinear");
  } else if (mode == "nearest") {
    // Both repeat input pixel ⌊i / scale⌋ when the scale is whole.
    const bool repeats = (coords == "asymmetric" && nearest == "floor") ||
                         (half_pixel(coords) && nearest.starts_with("round_prefer_"));
    if (!repeats) {
      return Imported::unsupported("nearest resampling with coordinate_transformation_mode " +
                                   coords + " and nearest_mode " + nearest +
                                   " (upsample repeats each pixel: asymmetric with floor, or "
                                   "half_pixel with round_prefer_floor)");
    }
    attrs.set_word("mode", "nearest");
  } else {
    return Imported::unsupported(mode + " resampling (upsample is nearest or bilinear)");
  }
  if (n.has("axes")) return Imported::unsupported("a resize with 'axes'");
  if (n.text("keep_aspect_ratio_policy", "stretch") != "stretch") {
    return Imported::unsupported("a keep_aspect_ratio_policy other than stretch");
  }
  auto x = n.dims(0);
  if (!x || x->size() != 4 || (*x)[2] <= 0 || (*x)[3] <= 0) {
    return Imported::unsupported("the input is not N×C×H×W with a known H and W");
  }
  // Resize: X, roi, scales, sizes (X, scales before opset 11); Upsample: X, scales.
  const int scales_at = resize && n.inputs() > 2 ? 2 : 1;
  std::int64_t fh = 0, fw = 0;
  if (resize && n.inputs() > 3 && !n.input(3).empty()) {
    auto sizes = n.values(3, 8);
    if (!sizes) return Imported::unsupported("'sizes' is not a constant");
    if (sizes->size() != 4) return Imported::unsupported("'sizes' must have 4 values");
    for (int a : {0, 1}) {
      if ((*x)[a] > 0 && (*sizes)[a] != static_cast<double>((*x)[a])) {
        return Imported::unsupported("a resize of the batch or channel axis");
      }
    }
    fh = whole_factor((*sizes)[2], (*x)[2]);
    fw = whole_factor((*sizes)[3], (*x)[3]);
  } else if (n.inputs() > scales_at && !n.input(scales_at).empty()) {
    auto scales = n.values(scales_at, 8);
    if (!scales) return Imported::unsupported("'scales' is not a constant");
    if (scales->size() != 4) return Imported::unsupported("'scales' must have 4 values");
    if ((*scales)[0] != 1 || (*scales)[1] != 1) {
      return Imported::unsupported("a resize of the batch or channel axis");
    }
    fh = whole_factor((*scales)[2] * static_cast<double>((*x)[2]), (*x)[2]);
    fw = whole_factor((*scales)[3] * static_cast<double>((*x)[3]), (*x)[3]);
  } else {
    return Imported::unsupported("neither 'scales' nor 'sizes' is given as an input");
  }
  if (fh == 0 || fw == 0 || fh != fw) {
    return Imported::unsupported(
        "a resize of H and W by other than one whole factor (upsample multiplies both by it)");
  }
  attrs.set_ints("scale", {fh});
  return Imported::ok();
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

Imported ConvTranspose::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  auto w = n.dims(1);
  if (!w || !known_dims(*w)) {
    return Imported::unsupported("the weight '" + n.input(1) + "' has no known shape");
  }
  if (w->size() != 4) {
    return Imported::unsupported("a transposed convolution over " +
                                 std::to_string(w->size() < 2 ? 0 : w->size() - 2) +
                                 " axes (conv_transpose is 2-D)");
  }
  std::vector<std::int64_t> k(w->begin() + 2, w->end());
  auto given = n.ints("kernel_shape");
  if (!given.empty() && given != k) {
    return Imported::unsupported("'kernel_shape' disagrees with the weight");
  }
  const std::string auto_pad = n.text("auto_pad", "NOTSET");
  if (auto_pad != "NOTSET" && !auto_pad.empty()) {
    return Imported::unsupported("auto_pad " + auto_pad + " (give 'pads')");
  }
  if (n.has("output_shape")) {
    return Imported::unsupported("'output_shape' (give 'pads' and 'output_padding')");
  }
  attrs.set_ints("kernel", k);
  auto pair = [&](std::string_view onnx, const std::string& key) -> std::string {
    auto v = n.ints(onnx);
    if (v.empty()) return "";
    if (v.size() != 2) return "'" + std::string(onnx) + "' must have 2 values";
    attrs.set_ints(key, v);
    return "";
  };
  for (auto [onnx, key] : {std::pair{"strides", "stride"},
                           {"dilations", "dilation"},
                           {"output_padding", "output_pad"}}) {
    if (auto why = pair(onnx, key); !why.empty()) return Imported::unsupported(why);
  }
  auto pads = n.ints("pads");  // [top, left, bottom, right]
  if (!pads.empty()) {
    if (pads.size() != 4) return Imported::unsupported("'pads' must have 4 values");
    if (pads[0] != pads[2] || pads[1] != pads[3]) {
      return Imported::unsupported(
          "different 'pads' at the two ends of an axis (conv_transpose crops both alike)");
    }
    attrs.set_ints("pad", {pads[0], pads[1]});
  }
  const std::int64_t groups = n.integer("group", 1);
  if (groups < 1 || groups > (1 << 20) || (*w)[1] > (std::int64_t{1} << 40)) {
    return Imported::unsupported("'group' or the weight's dims out of range");
  }
  attrs.set_ints("groups", {groups});
  attrs.set_ints("out", {(*w)[1] * groups});
  attrs.set_bool("bias", n.inputs() > 2 && !n.input(2).empty());
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
  std::string s = "conv_transpose " + window_label(kernel, stride, dilation);
  if (groups != 1) s += " g" + std::to_string(groups);
  return s;
}

Backward ConvTranspose::backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
  return weighted_backward(cost(in, y).macs, bias ? y.elements() : 0, input_grad);
}

}  // namespace archcalc
