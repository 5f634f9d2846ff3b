#include "ops/reduce.hpp"

#include <algorithm>

namespace archcalc {

Shape reduced_shape(const Shape& in, const std::vector<std::int64_t>& axes, bool keepdims) {
  const std::vector<std::size_t> r = resolve_axes(axes, in.rank());
  Shape y;
  for (std::size_t i = 0; i < in.rank(); ++i) {
    const bool reduced = std::find(r.begin(), r.end(), i) != r.end();
    if (!reduced) {
      y.dims.push_back(in.dims[i]);
    } else if (keepdims) {
      y.dims.push_back(1);
    }
  }
  if (y.dims.empty()) y.dims.push_back(1);  // every axis reduced: one value per item
  return y;
}

std::optional<Field> reduced_field(const Field& in, const Shape& shape,
                                   const std::vector<std::int64_t>& axes) {
  if (!shape.is_map()) return in;
  const std::vector<std::size_t> r = resolve_axes(axes, shape.rank());
  const bool spatial = std::any_of(r.begin(), r.end(), [](std::size_t a) { return a > 0; });
  return spatial ? global_field(in, shape) : in;
}

Imported reduce_from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  std::vector<std::int64_t> axes = n.ints("axes");
  if (!n.input(1).empty()) {
    auto v = n.values(1, kMaxListLength);
    if (!v) return Imported::unsupported("axes that are not a constant");
    axes.clear();
    for (double a : *v) axes.push_back(static_cast<std::int64_t>(a));
  }
  if (axes.empty()) return Imported::unsupported("a reduction over every axis, the batch's too");
  for (std::int64_t& a : axes) {
    if (a == 0) return Imported::unsupported("a reduction over the batch axis");
    if (a > 0) --a;  // without the batch; negative axes count from the end either way
  }
  attrs.set_ints("axes", axes);
  attrs.set_bool("keepdims", n.integer("keepdims", 1) != 0);
  return Imported::ok();
}

}  // namespace archcalc
