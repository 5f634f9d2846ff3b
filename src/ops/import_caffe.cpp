#include "ops/import_caffe.hpp"

namespace archcalc {

void caffe_window(CaffeMessage& layer, AttrWriter& attrs, bool kernel_required) {
  auto kernel = layer.hw("kernel", 1);
  if (kernel.empty() && kernel_required) layer.fail("", "missing 'kernel_size'");
  if (!kernel.empty()) attrs.set_ints("kernel", kernel);
  auto stride = layer.hw("stride", 1);
  attrs.set_ints("stride", stride.empty() ? std::vector<std::int64_t>{1, 1} : stride);
  auto pad = layer.hw("pad", 0);
  if (!pad.empty()) {
    attrs.set_padding("pad", Padding{Padding::Mode::kExplicit, pad[0], pad[0], pad[1], pad[1]});
  }
}

void caffe_axis_1(const CaffeMessage& layer, std::string_view field) {
  if (layer.has(field) && layer.integer(field, 1, -4) != 1) {
    layer.fail(field, "'" + std::string(field) + "' other than 1 (channels) is not supported");
  }
}

}  // namespace archcalc
