#include "ops/window_nd.hpp"

#include <algorithm>

namespace archcalc {

std::vector<std::int64_t> per_axis(const std::vector<std::int64_t>& v, std::size_t n) {
  return v.size() == 1 ? std::vector<std::int64_t>(n, v[0]) : v;
}

std::vector<std::int64_t> begin_end(const std::vector<std::int64_t>& pad, std::size_t n) {
  if (pad.size() == 2 * n) return pad;
  if (pad.size() != 1 && pad.size() != n) return {};
  std::vector<std::int64_t> s;
  for (std::size_t i = 0; i < n; ++i) s.insert(s.end(), 2, pad[pad.size() == 1 ? 0 : i]);
  return s;
}

void check_count(AttrReader& r, std::string_view key, const std::vector<std::int64_t>& v,
                 std::size_t n, bool sides, std::string_view axes) {
  if (v.size() == 1 || v.size() == n || (sides && v.size() == 2 * n)) return;
  std::string want =
      n == 1 ? "1 value" : "1 value or " + std::to_string(n) + " (" + std::string(axes) + ")";
  if (sides) {
    want = n == 1 ? "1 value or 2 (begin and end of " + std::string(axes) + ")"
                  : "1 value, " + std::to_string(n) + " (" + std::string(axes) + ") or " +
                        std::to_string(2 * n) + " (a begin and an end for each)";
  }
  r.fail(key, "'" + std::string(key) + "' takes " + want + ", got " + std::to_string(v.size()));
}

std::array<std::int64_t, 3> spatial3(const Shape& in) {
  std::array<std::int64_t, 3> s{1, 1, 1};
  const std::size_t n = in.rank() - 1;
  for (std::size_t i = 0; i < n; ++i) s[3 - n + i] = in.dims[i + 1];
  return s;
}

std::string sizes_label(const std::vector<std::int64_t>& kernel,
                        const std::vector<std::int64_t>& stride) {
  auto text = [](const std::vector<std::int64_t>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "×" : "") + std::to_string(v[i]);
    return s;
  };
  std::string s = text(kernel);
  if (std::any_of(stride.begin(), stride.end(), [](auto x) { return x != 1; })) {
    const bool same =
        std::all_of(stride.begin(), stride.end(), [&](auto x) { return x == stride[0]; });
    s += "/" + (same ? std::to_string(stride[0]) : text(stride));
  }
  return s;
}

}  // namespace archcalc
