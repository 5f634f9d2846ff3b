// Windows over 1 or 3 spatial axes (conv1d, conv3d and their pools): the
// attributes as written (one value for every axis, one per axis, or for the
// padding a begin and an end per axis) resolved per axis, and the window
// placed over the axes after the channels.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "base/shape.hpp"
#include "ops/attrs.hpp"

namespace archcalc {

// `v` (1 value or n) as n values.
std::vector<std::int64_t> per_axis(const std::vector<std::int64_t>& v, std::size_t n);

// Padding as written (1 value, 1 per axis or a begin and an end per axis) as
// [begin1, end1, begin2, end2, …] for n axes; empty when it has another count.
std::vector<std::int64_t> begin_end(const std::vector<std::int64_t>& pad, std::size_t n);

// Fails at `key` unless `v` has 1 value or n (`sides`: or 2n, a begin and an
// end per axis); `axes` names them ("L", "D, H and W").
void check_count(AttrReader& r, std::string_view key, const std::vector<std::int64_t>& v,
                 std::size_t n, bool sides, std::string_view axes);

// A window over the spatial axes, resolved and placed on 3 axes: a 1-axis
// window is the last of them, the others of size 1 without padding.
struct Window3 {
  std::array<std::int64_t, 3> kernel{1, 1, 1}, stride{1, 1, 1}, dilation{1, 1, 1};
  std::array<std::int64_t, 3> lo{0, 0, 0}, hi{0, 0, 0};  // padding before and after
};

// The spatial axes of a C×… input of rank n + 1 placed on 3 axes (1 before).
std::array<std::int64_t, 3> spatial3(const Shape& in);

// Per-axis kernel and stride: "3", "3×3×3"; with the stride when not all 1:
// "3/2", "3×3×3/2", "3×3×3/1×2×2".
std::string sizes_label(const std::vector<std::int64_t>& kernel,
                        const std::vector<std::int64_t>& stride);

}  // namespace archcalc
