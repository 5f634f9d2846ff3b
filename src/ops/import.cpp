#include "ops/import.hpp"

#include <algorithm>

namespace archcalc {

bool known_dims(const std::vector<std::int64_t>& d) {
  return std::all_of(d.begin(), d.end(), [](std::int64_t x) { return x > 0; });
}

std::string onnx_window(const OnnxNode& n, AttrWriter& attrs,
                        const std::vector<std::int64_t>& kernel) {
  if (kernel.size() != 2) return "only 2-D windows are supported";
  attrs.set_ints("kernel", kernel);
  auto strides = n.ints("strides");
  if (strides.empty()) strides = {1, 1};
  if (strides.size() != 2) return "'strides' must have 2 values";
  attrs.set_ints("stride", strides);
  std::string auto_pad = n.text("auto_pad", "NOTSET");
  auto pads = n.ints("pads");
  if (auto_pad == "SAME_UPPER") {
    attrs.set_padding("pad", Padding{Padding::Mode::kSame, 0, 0, 0, 0});
  } else if (auto_pad == "VALID") {
    attrs.set_padding("pad", Padding{Padding::Mode::kValid, 0, 0, 0, 0});
  } else if (auto_pad == "NOTSET" || auto_pad.empty()) {
    if (!pads.empty() && pads.size() != 4) return "'pads' must have 4 values";
    if (!pads.empty()) {  // ONNX order: [top, left, bottom, right]
      if (*std::min_element(pads.begin(), pads.end()) < 0) return "negative 'pads'";
      attrs.set_padding("pad",
                        Padding{Padding::Mode::kExplicit, pads[0], pads[2], pads[1], pads[3]});
    }
  } else {
    return "auto_pad " + auto_pad + " is not supported";
  }
  return "";
}

std::string onnx_window_nd(const OnnxNode& n, AttrWriter& attrs,
                           const std::vector<std::int64_t>& kernel) {
  const std::size_t axes = kernel.size();
  attrs.set_ints("kernel", kernel);
  auto strides = n.ints("strides");
  if (!strides.empty() && strides.size() != axes) {
    return "'strides' must have " + std::to_string(axes) + " values";
  }
  if (!strides.empty()) attrs.set_ints("stride", strides);
  std::string auto_pad = n.text("auto_pad", "NOTSET");
  if (auto_pad == "VALID") return "";
  if (auto_pad != "NOTSET" && !auto_pad.empty()) {
    return "auto_pad " + auto_pad + " is not supported";
  }
  auto pads = n.ints("pads");
  if (pads.empty()) return "";
  if (pads.size() != 2 * axes) return "'pads' must have " + std::to_string(2 * axes) + " values";
  if (*std::min_element(pads.begin(), pads.end()) < 0) return "negative 'pads'";
  std::vector<std::int64_t> sides;  // ONNX order: every begin, then every end
  for (std::size_t i = 0; i < axes; ++i) sides.insert(sides.end(), {pads[i], pads[i + axes]});
  attrs.set_ints("pad", sides);
  return "";
}

}  // namespace archcalc
