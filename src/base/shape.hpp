// Tensor shapes, batch excluded: C×H×W for feature maps, [N] for vectors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/checked.hpp"

namespace archcalc {

struct Shape {
  std::vector<std::int64_t> dims;  // every element > 0

  std::size_t rank() const { return dims.size(); }
  bool is_map() const { return dims.size() == 3; }  // C×H×W
  std::int64_t c() const { return dims.at(0); }
  std::int64_t h() const { return dims.at(1); }
  std::int64_t w() const { return dims.at(2); }
  // Number of elements, checked for overflow.
  Count elements() const;
  // "64×112×112" (sep "×") or "64x112x112" (sep "x").
  std::string str(const char* sep = "×") const;
  bool operator==(const Shape&) const = default;
};

}  // namespace archcalc
