#include "ops/axes.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "util/diag.hpp"

namespace archcalc {

std::size_t resolve_axis(std::int64_t axis, std::size_t rank) {
  const auto r = static_cast<std::int64_t>(rank);
  if (axis < -r || axis >= r) {
    throw OpError(
        fmt::format("axis {} is outside a shape of rank {} (axes count from 0 without "
                    "the batch, or from −1 at the last)",
                    axis, rank));
  }
  return static_cast<std::size_t>(axis < 0 ? axis + r : axis);
}

std::vector<std::size_t> resolve_axes(const std::vector<std::int64_t>& axes, std::size_t rank) {
  std::vector<std::size_t> out;
  for (std::int64_t a : axes) {
    const std::size_t i = resolve_axis(a, rank);
    if (std::find(out.begin(), out.end(), i) != out.end()) {
      throw OpError(fmt::format("axis {} is named twice in {}", i, axes_text(axes)));
    }
    out.push_back(i);
  }
  return out;
}

std::string axes_text(const std::vector<std::int64_t>& axes) {
  return fmt::format("[{}]", fmt::join(axes, ", "));
}

}  // namespace archcalc
