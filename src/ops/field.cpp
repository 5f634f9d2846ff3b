#include "ops/field.hpp"

#include <algorithm>

namespace archcalc {

namespace {

std::int64_t narrow(__int128 v) {
  if (v > INT64_MAX || v < INT64_MIN) throw OpError("receptive field overflows 64 bits");
  return static_cast<std::int64_t>(v);
}

}  // namespace

AxisField window_axis(const AxisField& in, std::int64_t kernel, std::int64_t stride,
                      std::int64_t dilation, std::int64_t pad_lo) {
  // The span of the (dilated) window in its input's units, less one.
  Count reach =
      mul(static_cast<Count>(dilation), static_cast<Count>(kernel - 1), "receptive field");
  AxisField out;
  out.size = add(in.size, mul(reach, in.jump, "receptive field"), "receptive field");
  out.jump = mul(in.jump, static_cast<Count>(stride), "receptive field");
  // Centre of output unit 0: input unit (reach / 2 − pad_lo), in half pixels.
  __int128 offset2 = static_cast<__int128>(reach) - 2 * static_cast<__int128>(pad_lo);
  out.start2 = narrow(static_cast<__int128>(in.start2) + offset2 * in.jump);
  return out;
}

Field window_field(const Field& in, Hw kernel, Hw stride, Hw dilation, const Pads& pads) {
  return Field{.h = window_axis(in.h, kernel.h, stride.h, dilation.h, pads.top),
               .w = window_axis(in.w, kernel.w, stride.w, dilation.w, pads.left),
               .global = in.global};
}

Field window_field(const Field& in, const Window3& w) {
  Field out = in;
  AxisField* axes[3] = {&out.d, &out.h, &out.w};
  for (std::size_t i = 0; i < 3; ++i) {
    *axes[i] = window_axis(*axes[i], w.kernel[i], w.stride[i], w.dilation[i], w.lo[i]);
  }
  return out;
}

Field global_field(const Field& in, const Shape& map) {
  if (map.rank() == 4) {
    Window3 w;
    w.kernel = w.stride = spatial3(map);
    Field out = window_field(in, w);
    out.global = true;
    return out;
  }
  Field out = window_field(in, Hw{map.h(), map.w()}, Hw{map.h(), map.w()}, Hw{1, 1}, Pads{});
  out.global = true;
  return out;
}

Field union_field(std::span<const Field> in, std::span<const Shape> shapes) {
  // An input broadcast over the others' positions (a 1×1 gate times a map) is
  // the same for every output unit: it widens the field but sets no stride.
  auto spatial = [&](std::size_t i) -> Count {
    return i < shapes.size() && shapes[i].is_map() ? shapes[i].h() * shapes[i].w() : 0;
  };
  Count widest = 0;
  for (std::size_t i = 0; i < in.size(); ++i) widest = std::max(widest, spatial(i));
  auto axis = [&](AxisField Field::*which) {
    __int128 lo = 0, hi = 0;
    Count jump = 0;
    for (std::size_t i = 0; i < in.size(); ++i) {
      const AxisField& a = in[i].*which;
      // Half-pixel positions of the first and last pixel the field covers.
      __int128 half = static_cast<__int128>(a.size) - 1;
      __int128 first = a.start2 - half, last = a.start2 + half;
      lo = i == 0 ? first : std::min(lo, first);
      hi = i == 0 ? last : std::max(hi, last);
      if (spatial(i) == widest || spatial(i) != 1) jump = std::max(jump, a.jump);
    }
    AxisField out;
    out.size = static_cast<Count>(narrow((hi - lo) / 2 + 1));
    out.jump = jump;
    out.start2 = narrow((lo + hi) / 2);
    return out;
  };
  Field out{.h = axis(&Field::h), .w = axis(&Field::w)};
  if (!in.empty() && in[0].volume) {
    out.d = axis(&Field::d);
    out.volume = true;
  }
  for (const Field& f : in) out.global = out.global || f.global;
  return out;
}

Field whole_input_field(const Field& in, const Shape& in_shape) {
  return in_shape.is_map() || in_shape.rank() == 4 ? global_field(in, in_shape) : in;
}

}  // namespace archcalc
