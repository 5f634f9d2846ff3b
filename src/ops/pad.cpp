#include "ops/pad.hpp"

#include <fmt/format.h>

#include "ops/axes.hpp"
#include "ops/window_nd.hpp"

namespace archcalc {

std::vector<std::int64_t> Pad::sides(const Shape& in) const {
  if (in.rank() < 2) {
    throw OpError("pad needs axes after the first to pad (C×L, C×H×W or C×D×H×W), got " + in.str());
  }
  const std::size_t axes = in.rank() - 1;
  std::vector<std::int64_t> s = begin_end(pad, axes);
  if (s.empty()) {
    throw OpError("pad " + axes_text(pad) + " has " + std::to_string(pad.size()) + " values; a " +
                  in.str() + " input takes 1, " + std::to_string(axes) +
                  " (one per axis after the first) or " + std::to_string(2 * axes) +
                  " (a begin and an end for each)");
  }
  if (mode == PadMode::kReflect) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      const std::int64_t n = in.dims[i / 2 + 1];
      if (s[i] >= n) {
        throw OpError("reflect padding of " + std::to_string(s[i]) + " on axis " +
                      std::to_string(i / 2 + 1) + " (size " + std::to_string(n) + ") of " +
                      in.str() + ": each side must be smaller than the axis");
      }
    }
  }
  return s;
}

Shape Pad::infer(std::span<const Shape> in) const {
  const std::vector<std::int64_t> s = sides(in[0]);
  Shape y = in[0];
  for (std::size_t i = 0; i + 1 < y.rank(); ++i) {
    y.dims[i + 1] = static_cast<std::int64_t>(
        add(add(static_cast<Count>(y.dims[i + 1]), static_cast<Count>(s[2 * i]), "pad"),
            static_cast<Count>(s[2 * i + 1]), "pad"));
  }
  return y;
}

std::optional<Field> Pad::field(std::span<const Field> in, std::span<const Shape> shapes) const {
  const std::vector<std::int64_t> s = sides(shapes[0]);
  if (shapes[0].is_map()) {
    return window_field(in[0], Hw{1, 1}, Hw{1, 1}, Hw{1, 1}, Pads{s[0], s[1], s[2], s[3]});
  }
  if (shapes[0].rank() != 4) return std::nullopt;
  Window3 w;
  for (std::size_t i = 0; i < 3; ++i) w.lo[i] = s[2 * i];
  return window_field(in[0], w);
}

Backward Pad::backward(std::span<const Shape> in, const Shape& y, bool input_grad) const {
  Backward b;
  if (input_grad && mode != PadMode::kConstant) b.other_ops = y.elements() - in[0].elements();
  return b;
}

std::string Pad::label() const {
  std::string s = "pad ";
  if (mode == PadMode::kReflect) s += "reflect ";
  if (mode == PadMode::kEdge) s += "edge ";
  if (mode == PadMode::kConstant && value != 0) s += fmt::format("{} ", value);
  return s + (pad.size() == 1 ? std::to_string(pad[0]) : axes_text(pad));
}

Imported Pad::from_onnx(const OnnxNode& n, AttrWriter& attrs) {
  std::vector<std::int64_t> pads = n.ints("pads");
  if (n.inputs() > 1 && !n.input(1).empty()) {
    auto v = n.values(1, 16);
    if (!v) return Imported::unsupported("'pads' is not a constant");
    pads.assign(v->begin(), v->end());
  }
  if (n.inputs() > 3 && !n.input(3).empty()) return Imported::unsupported("a Pad with 'axes'");
  const std::size_t rank = pads.size() / 2;
  if (pads.size() % 2 != 0 || rank < 3 || rank > 5) {
    return Imported::unsupported("'pads' of " + std::to_string(pads.size()) +
                                 " values (N×C×L, N×C×H×W or N×C×D×H×W takes 6, 8 or 10)");
  }
  if (pads[0] != 0 || pads[1] != 0 || pads[rank] != 0 || pads[rank + 1] != 0) {
    return Imported::unsupported("padding of the batch or channel axis");
  }
  std::vector<std::int64_t> sides;
  for (std::size_t i = 2; i < rank; ++i) {
    if (pads[i] < 0 || pads[i + rank] < 0) return Imported::unsupported("negative padding");
    sides.insert(sides.end(), {pads[i], pads[i + rank]});
  }
  attrs.set_ints("pad", sides);
  const std::string mode = n.text("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge") {
    return Imported::unsupported("a " + mode + " pad");
  }
  attrs.set_word("mode", mode);
  if (mode != "constant") return Imported::ok();
  double value = n.real("value", 0);
  if (n.inputs() > 2 && !n.input(2).empty()) {
    auto v = n.values(2, 1);
    if (!v || v->size() != 1) return Imported::unsupported("the pad value is not a constant");
    value = (*v)[0];
  }
  attrs.set_number("value", value);
  return Imported::ok();
}

}  // namespace archcalc
