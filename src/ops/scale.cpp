#include "ops/scale.hpp"

#include <fmt/format.h>

namespace archcalc {

Imported Scale::from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
  if (layer.type() == "Power") {
    const double power = layer.number("power", 1.0, -1e6, 1e6);
    if (power != 1.0) {
      layer.fail("power", fmt::format("power {} is not counted (archcalc has no power op; "
                                      "only power 1, a scale, maps)",
                                      power));
    }
    if (layer.number("shift", 0.0, -1e6, 1e6) != 0.0) {
      layer.fail("shift",
                 "a shift is not counted (archcalc's scale has no added constant; only "
                 "shift 0 maps)");
    }
    layer.point_at("scale");
    attrs.set_number("factor", layer.number("scale", 1.0, -1e6, 1e6));
    return Imported::ok();
  }
  caffe_axis_1(layer, "axis");
  if (layer.integer("num_axes", 1, -1) != 1) {
    layer.fail("num_axes", "only num_axes 1 (one learned value per channel) is supported");
  }
  if (layer.boolean("bias_term", false)) {
    layer.fail("bias_term",
               "a Scale with bias_term: true is supported only right after a BatchNorm "
               "layer (the pair counts as one batch norm); archcalc's scale has no bias");
  }
  attrs.set_bool("learned", true);
  return Imported::ok();
}

std::string Scale::label() const {
  return learned ? fmt::format("scale learned, axis {}", axis) : fmt::format("scale ×{}", factor);
}

}  // namespace archcalc
