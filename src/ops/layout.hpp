// Ops that move elements without arithmetic: reshape, transpose (a
// permutation of the axes) and slice. They count no operations; their output
// is a tensor of its own, as an activation. Shapes and axes are without the
// batch. Spatial fields end at them: the layers after a reshape or a
// transpose have no receptive field (a slice along the channels keeps it).
#pragma once

#include "ops/axes.hpp"
#include "ops/op_base.hpp"

namespace archcalc {

template <class Self>
struct Layout {
  static constexpr Category kCategory = Category::kReshape;
  static constexpr int kMinInputs = 1, kMaxInputs = 1;
  static constexpr std::string_view kCountedAs = "", kOtherOps = "", kBackwardOps = "0";
  Cost cost(std::span<const Shape>, const Shape&) const { return {}; }
  std::optional<Field> field(std::span<const Field>, std::span<const Shape>) const {
    return std::nullopt;
  }
  static constexpr bool kInPlace = false;
  // The gradient moves back the same way: no work, nothing saved.
  Backward backward(std::span<const Shape>, const Shape&, bool) const { return {}; }
};

// The same elements in C order, as `shape` (one entry may be −1: the rest).
struct Reshape : Layout<Reshape> {
  static constexpr std::string_view kName = "reshape";
  std::vector<std::int64_t> shape;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.ints("shape", s.shape, std::nullopt, -1, {6, 81});
  }
  Shape infer(std::span<const Shape> in) const;
  std::string label() const { return "reshape " + axes_text(shape); }
};

// Output axis i is input axis perm[i].
struct Transpose : Layout<Transpose> {
  static constexpr std::string_view kName = "transpose";
  static constexpr std::array<std::string_view, 1> kOnnx{"Transpose"};
  static constexpr std::array<CaffeType, 1> kCaffe{CaffeType{"Permute", "permute_param"}};
  std::vector<std::int64_t> perm;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.ints("perm", s.perm, std::nullopt, 0, {0, 2, 1});
  }
  // perm must keep the batch axis first.
  static Imported from_onnx(const OnnxNode& n, AttrWriter& attrs);
  // Caffe's Permute: `order`, every axis listed, the batch's first.
  static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs);
  Shape infer(std::span<const Shape> in) const;
  std::string label() const { return "transpose " + axes_text(perm); }
};

// `size` elements from `start` along `axis` (chunks, split heads, the class
// token); the axis stays.
struct Slice : Layout<Slice> {
  static constexpr std::string_view kName = "slice";
  std::int64_t axis = 0, start = 0, size = 1;

  template <class S, class V>
  static void attributes(S& s, V& v) {
    v.integer("axis", s.axis, 0, -static_cast<std::int64_t>(kMaxListLength));
    v.integer("start", s.start, 0, 0);
    v.integer("size", s.size, std::nullopt, 1);
  }
  Shape infer(std::span<const Shape> in) const;
  std::string label() const;
  // Along the channels of a map: the input's field.
  std::optional<Field> field(std::span<const Field> in, std::span<const Shape> shapes) const {
    if (shapes[0].is_map() && resolve_axis(axis, 3) == 0) return in[0];
    return std::nullopt;
  }
};

}  // namespace archcalc
