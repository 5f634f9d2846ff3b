#include "ops/layout.hpp"

#include <algorithm>
#include <charconv>

namespace archcalc {

Shape Reshape::infer(std::span<const Shape> in) const {
  const Count total = in[0].elements();
  Count known = 1;
  std::size_t free = shape.size();
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      if (free != shape.size())
        throw OpError("reshape's shape " + axes_text(shape) + " has two −1");
      free = i;
    } else if (shape[i] == 0) {
      throw OpError("reshape's shape " + axes_text(shape) + " has a 0");
    } else {
      known = mul(known, static_cast<Count>(shape[i]), "elements");
    }
  }
  Shape y{shape};
  if (free != shape.size()) {
    if (total % known != 0) {
      throw OpError("reshape of " + in[0].str() + " (" + std::to_string(total) + " elements) to " +
                    axes_text(shape) + ": " + std::to_string(total) + " is not a multiple of " +
                    std::to_string(known));
    }
    y.dims[free] = static_cast<std::int64_t>(total / known);
  } else if (known != total) {
    throw OpError("reshape of " + in[0].str() + " (" + std::to_string(total) + " elements) to " +
                  axes_text(shape) + " (" + std::to_string(known) +
                  " elements): the counts differ");
  }
  return y;
}

Imported Transpose::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  std::vector<std::int64_t> perm = n.ints("perm");
  if (perm.empty()) return Imported::unsupported("a transpose without 'perm' (all axes reversed)");
  if (perm[0] != 0) return Imported::unsupported("a transpose that moves the batch axis");
  std::vector<std::int64_t> rest;
  for (std::size_t i = 1; i < perm.size(); ++i) rest.push_back(perm[i] - 1);
  attrs.set_ints("perm", rest);
  return Imported::ok();
}

Imported Transpose::from_caffe(CaffeMessage& layer, AttrWriter& attrs) {
  auto order = layer.texts("order");
  if (order.empty()) layer.fail("", "missing 'order' (the permutation of the axes)");
  if (order[0] != "0") {
    layer.fail_value("order", 0,
                     "a permutation that moves the batch axis (order must start with 0)");
  }
  std::vector<std::int64_t> rest;
  for (std::size_t i = 1; i < order.size(); ++i) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(order[i].data(), order[i].data() + order[i].size(), v);
    if (ec != std::errc() || end != order[i].data() + order[i].size() || v < 1) {
      layer.fail_value("order", i,
                       "'order' values must be axes 1 and up after the first, got " + order[i]);
    }
    rest.push_back(v - 1);
  }
  layer.point_at("order");
  attrs.set_ints("perm", rest);
  return Imported::ok();
}

Shape Transpose::infer(std::span<const Shape> in) const {
  const std::size_t rank = in[0].rank();
  std::vector<std::int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  bool ok = sorted.size() == rank;
  for (std::size_t i = 0; ok && i < rank; ++i) ok = sorted[i] == static_cast<std::int64_t>(i);
  if (!ok) {
    throw OpError("transpose's perm " + axes_text(perm) + " is not a permutation of the " +
                  std::to_string(rank) + " axes of " + in[0].str());
  }
  Shape y;
  for (std::int64_t p : perm) y.dims.push_back(in[0].dims[static_cast<std::size_t>(p)]);
  return y;
}

Shape Slice::infer(std::span<const Shape> in) const {
  const std::size_t a = resolve_axis(axis, in[0].rank());
  const std::int64_t n = in[0].dims[a];
  if (start >= n || size > n - start) {
    throw OpError("slice of " + std::to_string(size) + " from " + std::to_string(start) +
                  " runs past the end of axis " + std::to_string(a) + " (size " +
                  std::to_string(n) + ") of " + in[0].str());
  }
  Shape y = in[0];
  y.dims[a] = size;
  return y;
}

std::string Slice::label() const {
  return "slice " + std::to_string(axis) + ": " + std::to_string(start) + "+" +
         std::to_string(size);
}

}  // namespace archcalc
