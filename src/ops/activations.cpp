#include "ops/activations.hpp"

namespace archcalc {

namespace {

// Clip's bounds, from its attributes (opset < 11) or constant inputs 1 and 2;
// nullopt in `error` when they are not constants.
struct ClipBounds {
  std::optional<double> lo, hi;
  bool constant = true;
};

ClipBounds clip_bounds(const OnnxNode& n) {
  ClipBounds b;
  if (n.has("min")) b.lo = n.real("min", 0);
  if (n.has("max")) b.hi = n.real("max", 0);
  for (int i : {1, 2}) {
    if (n.input(i).empty()) continue;
    auto v = n.values(i, 1);
    if (!v || v->size() != 1) {
      b.constant = false;
      return b;
    }
    (i == 1 ? b.lo : b.hi) = (*v)[0];
  }
  return b;
}

}  // namespace

Imported Relu::from_onnx(const OnnxNode& n, AttrWriter&) {
  if (n.type() != "Clip") return Imported::ok();
  ClipBounds b = clip_bounds(n);
  if (!b.constant) return Imported::unsupported("Clip bounds that are not constants");
  if (b.lo == 0.0 && !b.hi) return Imported::ok();
  return Imported::declined("ReLU (min 0)");
}

Imported Relu::from_caffe(CaffeMessage& layer, AttrWriter&) {
  if (layer.number("negative_slope", 0.0, -1e6, 1e6) == 0.0) return Imported::ok();
  return Imported::declined("ReLU (negative_slope 0)");
}

Imported Relu6::from_onnx(const OnnxNode& n, AttrWriter&) {
  ClipBounds b = clip_bounds(n);
  if (!b.constant) return Imported::unsupported("Clip bounds that are not constants");
  if (b.lo == 0.0 && b.hi == 6.0) return Imported::ok();
  return Imported::declined("ReLU6 (min 0, max 6)");
}

}  // namespace archcalc
