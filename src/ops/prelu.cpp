#include "ops/prelu.hpp"

#include <algorithm>

namespace archcalc {

Imported PRelu::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  auto d = n.dims(1);
  if (!d || !known_dims(*d)) {
    return Imported::unsupported("the slope '" + n.input(1) + "' has no known shape");
  }
  std::int64_t count = 1;
  for (std::int64_t v : *d) count *= v;
  // Beyond its first axis the slope may only have axes of 1 (broadcast over H, W).
  const bool per_channel = d->size() >= 1 && std::all_of(d->begin() + 1, d->end(),
                                                         [](std::int64_t v) { return v == 1; });
  if (count != 1 && !per_channel) {
    return Imported::unsupported("a slope that is neither one value nor one per channel");
  }
  attrs.set_bool("shared", count == 1);
  return Imported::ok();
}

}  // namespace archcalc
