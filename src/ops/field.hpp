// Receptive-field arithmetic: what part of the network input one unit of a
// layer's output sees, per axis, in input pixels. Ops use these helpers in
// their `field` hook; the receptive-field pass chains them through the graph.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/shape.hpp"
#include "ops/attrs.hpp"
#include "ops/window.hpp"
#include "ops/window_nd.hpp"
#include "util/checked.hpp"

namespace archcalc {

// One axis of a unit's receptive field. Input pixel i is centred at i
// (0-based); positions may be negative or past the edge when padding is
// reached (the field is not clipped to the image).
struct AxisField {
  Count size = 1;           // pixels from the first to the last one the first unit sees
  Count jump = 1;           // input pixels between adjacent output units (effective stride)
  std::int64_t start2 = 0;  // centre of the first unit's field, in half pixels (2 × position)
  bool operator==(const AxisField&) const = default;
};

// A unit's receptive field over the axes of a map (H and W) or of a volume
// (D, H and W).
struct Field {
  AxisField h{}, w{};
  bool global = false;  // the unit reads every unit of a map upstream (fc, global pool, ...)
  AxisField d{};        // a volume's depth
  bool volume = false;  // over D, H and W
  bool operator==(const Field&) const = default;
};

// The field of a network input pixel: size 1, jump 1, centred at 0.
inline Field input_field() {
  return Field{};
}
// The same for a voxel of a C×D×H×W volume.
inline Field volume_field() {
  return Field{.volume = true};
}
// A network input's field: a map's pixel, a volume's voxel; none for other
// shapes (vectors, token sequences, C×L sequences, which a shape cannot tell
// apart from tokens).
inline std::optional<Field> input_field(const Shape& s) {
  if (s.is_map()) return input_field();
  if (s.rank() == 4) return volume_field();
  return std::nullopt;
}

// A sliding window of `kernel` with `stride`, `dilation` and `pad_lo` pixels
// of padding before the first input along one axis. Throws OpError on overflow.
AxisField window_axis(const AxisField& in, std::int64_t kernel, std::int64_t stride,
                      std::int64_t dilation, std::int64_t pad_lo);

// window_axis on both axes, with the top and left padding.
Field window_field(const Field& in, Hw kernel, Hw stride, Hw dilation, const Pads& pads);

// window_axis on D, H and W of a volume's field (a Window3's axes, its
// leading padding).
Field window_field(const Field& in, const Window3& w);

// A unit that reads the whole C×H×W map (or C×D×H×W volume) `map`: a window
// of the map's size (stride the map's size, no padding); marked global.
Field global_field(const Field& in, const Shape& map);

// The field of a unit that reads the same position of several inputs (concat,
// add): per axis the union of the inputs' fields (the largest one when they
// are centred alike); the largest jump, leaving out a 1×1 map broadcast over
// larger ones (`shapes`: the inputs' shapes, as a squeeze-and-excitation gate
// times its map); global if any input is.
Field union_field(std::span<const Field> in, std::span<const Shape> shapes = {});

// The field of an op that reduces everything it reads to a vector (fc,
// flatten, softmax): global over a map or volume input; unchanged for a vector input.
Field whole_input_field(const Field& in, const Shape& in_shape);

}  // namespace archcalc
