#include "ops/binary.hpp"

namespace archcalc {

Shape broadcast_shapes(std::span<const Shape> in) {
  Shape y = in[0];
  for (const Shape& x : in.subspan(1)) {
    if (x.rank() != y.rank()) {
      throw OpError("inputs " + in[0].str() + " and " + x.str() +
                    " differ in rank; broadcasting needs equal ranks (keep the reduced axes "
                    "as 1: `keepdims: true`)");
    }
    for (std::size_t i = 0; i < y.rank(); ++i) {
      if (x.dims[i] == y.dims[i] || x.dims[i] == 1) continue;
      if (y.dims[i] == 1) {
        y.dims[i] = x.dims[i];
        continue;
      }
      throw OpError("inputs " + in[0].str() + " and " + x.str() + " do not broadcast: axis " +
                    std::to_string(i) + " is " + std::to_string(y.dims[i]) + " against " +
                    std::to_string(x.dims[i]) + " (sizes must be equal or 1)");
    }
  }
  return y;
}

Count broadcast_reduction(const Shape& x, const Shape& y) {
  return y.elements() - x.elements();
}

}  // namespace archcalc
