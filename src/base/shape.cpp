#include "base/shape.hpp"

namespace archcalc {

Count Shape::elements() const {
  Count n = 1;
  for (auto d : dims) n = mul(n, static_cast<Count>(d), "tensor size");
  return n;
}

std::string Shape::str(const char* sep) const {
  std::string out;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (i) out += sep;
    out += std::to_string(dims[i]);
  }
  return out;
}

}  // namespace archcalc
