#include "ops/unknown.hpp"

namespace archcalc {

void Unknown::check(AttrReader& r) const {
  r.fail("op",
         "'unknown' marks an imported op that is not counted; write the op it stands for instead");
}

Shape Unknown::infer(std::span<const Shape> in) const {
  if (!shape.empty()) return Shape{shape};
  if (in.size() == 1) return in[0];
  throw OpError(type + ": the output shape is unknown (the model gives none and the op has " +
                std::to_string(in.size()) + " inputs)");
}

}  // namespace archcalc
