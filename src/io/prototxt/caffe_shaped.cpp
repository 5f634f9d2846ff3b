#include "io/prototxt/caffe_shaped.hpp"

#include <fmt/format.h>

namespace archcalc::prototxt {

namespace {

SourcePos at_field(const Field* f, const SourcePos& fallback) {
  return f ? (f->value_pos.line > 0 ? f->value_pos : f->pos) : fallback;
}

// The last field `name` of `p`, or null.
const Field* last(const Params& p, const char* name) {
  auto all = p.all(name);
  return all.empty() ? nullptr : all.back();
}

// Caffe's `axis` (negative: from the end) as an index into the `rank` axes of
// a blob with its batch; 0 (the batch) is refused.
std::size_t caffe_axis(const Params& p, const char* field, std::int64_t axis, std::size_t rank,
                       const std::string& doing) {
  const auto r = static_cast<std::int64_t>(rank);
  if (axis < -r || axis >= r) {
    p.fail(last(p, field), fmt::format("axis {} is out of range for a blob of {} axes", axis, r));
  }
  const std::int64_t a = axis < 0 ? axis + r : axis;
  if (a == 0) p.fail(last(p, field), doing + " along the batch axis is not supported");
  return static_cast<std::size_t>(a);
}

Op make_slice(const std::string& what, const SourcePos& pos, std::size_t axis, std::int64_t start,
              std::int64_t size) {
  MapAttrReader attrs(what, pos);
  attrs.set_ints("axis", {static_cast<std::int64_t>(axis) - 1}, pos);
  attrs.set_ints("start", {start}, pos);
  attrs.set_ints("size", {size}, pos);
  Op op = Slice{};
  op_parse(op, attrs);
  return op;
}

std::vector<ShapedStep> slice(const Params& layer, const std::string& name, const SourcePos& at,
                              const Shape& in, const std::vector<std::string>& tops) {
  Params p(layer.message("slice_param"), layer.what(), at);
  if (p.has("axis") && p.has("slice_dim")) {
    p.fail(last(p, "slice_dim"), "give 'axis' or 'slice_dim', not both");
  }
  const char* field = p.has("slice_dim") ? "slice_dim" : "axis";
  const std::size_t a = caffe_axis(p, field, p.integer(field, 1, -64), in.rank() + 1, "slicing");
  const std::int64_t n = in.dims[a - 1];
  std::vector<std::int64_t> points = p.integers("slice_point", 1);
  const auto count = static_cast<std::int64_t>(tops.size());
  if (!points.empty()) {
    if (points.size() + 1 != tops.size()) {
      p.fail(last(p, "slice_point"),
             fmt::format("{} slice points for {} tops: give one fewer than the tops", points.size(),
                         tops.size()));
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
      if (points[i] >= n || (i > 0 && points[i] <= points[i - 1])) {
        p.fail(p.all("slice_point")[i],
               fmt::format("slice points must increase inside axis {} (size {}), got {}", a, n,
                           points[i]));
      }
    }
  } else {
    if (n % count != 0) {
      p.fail(nullptr,
             fmt::format("axis {} (size {}) does not divide into {} equal slices", a, n, count));
    }
    for (std::int64_t i = 1; i < count; ++i) points.push_back(i * (n / count));
  }
  points.insert(points.begin(), 0);
  points.push_back(n);
  std::vector<ShapedStep> steps;
  for (std::size_t i = 0; i < tops.size(); ++i) {
    const SourcePos pos =
        i == 0 ? at
               : at_field(p.all("slice_point").empty() ? nullptr : p.all("slice_point")[i - 1], at);
    steps.push_back({tops.size() == 1 ? name : name + "/" + tops[i],
                     make_slice(layer.what(), pos, a, points[i], points[i + 1] - points[i]),
                     static_cast<int>(i), false});
  }
  return steps;
}

std::vector<ShapedStep> crop(const Params& layer, const std::string& name, const SourcePos& at,
                             const Shape& in, const Shape& ref) {
  Params p(layer.message("crop_param"), layer.what(), at);
  if (in.rank() != ref.rank()) {
    p.fail(nullptr, fmt::format("the reference (bottom 2) is {}, the input {}: they must have as "
                                "many axes",
                                ref.str(), in.str()));
  }
  const std::size_t rank = in.rank() + 1;
  const std::size_t a = caffe_axis(p, "axis", p.integer("axis", 2, -64), rank, "cropping");
  std::vector<std::int64_t> offsets = p.integers("offset", 0);
  if (offsets.size() > 1 && offsets.size() != rank - a) {
    p.fail(p.all("offset")[1], fmt::format("{} offsets for the {} axes cropped (from axis {}): "
                                           "give one, or one per axis",
                                           offsets.size(), rank - a, a));
  }
  static const char* const kAxisNames[] = {"c", "h", "w"};
  std::vector<ShapedStep> steps;
  for (std::size_t i = a; i < rank; ++i) {
    const std::size_t k = i - a;
    const std::int64_t off = offsets.empty() ? 0 : offsets[offsets.size() == 1 ? 0 : k];
    const std::int64_t size = ref.dims[i - 1], n = in.dims[i - 1];
    const Field* off_field =
        offsets.empty() ? nullptr : p.all("offset")[offsets.size() == 1 ? 0 : k];
    if (size > n || off > n - size) {
      p.fail(off_field, fmt::format("crops {} from offset {} of axis {}, whose size is {} (the "
                                    "reference, bottom 2, is {}; the input {})",
                                    size, off, i, n, ref.str(), in.str()));
    }
    if (off == 0 && size == n) continue;
    std::string axis_name = rank == 4 ? kAxisNames[i - 1] : "axis" + std::to_string(i);
    steps.push_back({name + "/" + axis_name,
                     make_slice(layer.what(), at_field(off_field, at), i, off, size), -1,
                     !steps.empty()});
  }
  if (steps.size() == 1) steps[0].name = name;
  if (!steps.empty()) steps.back().top = 0;
  return steps;
}

std::vector<ShapedStep> reshape(const Params& layer, const std::string& name, const SourcePos& at,
                                const Shape& in) {
  Params p(layer.message("reshape_param"), layer.what(), at);
  const Field* shape_field = p.message("shape");
  if (!shape_field) p.fail(nullptr, "missing reshape_param { shape { dim: ... } }");
  Params sp(shape_field, layer.what(), at_field(shape_field, at));
  const std::vector<std::int64_t> dims = sp.integers("dim", -1);
  std::vector<std::int64_t> full{1};  // the batch, as archcalc counts it
  full.insert(full.end(), in.dims.begin(), in.dims.end());
  const auto r = static_cast<std::int64_t>(full.size());
  const std::int64_t axis = p.integer("axis", 0, -64);
  const std::int64_t start = axis >= 0 ? axis : r + axis + 1;
  const std::int64_t num_axes = p.integer("num_axes", -1, -1);
  const std::int64_t end = num_axes == -1 ? r : start + num_axes;
  if (start < 0 || start > r || end > r) {
    p.fail(last(p, p.has("num_axes") ? "num_axes" : "axis"),
           fmt::format("axis {} and num_axes {} do not fit a blob of {} axes", axis, num_axes, r));
  }
  std::vector<std::int64_t> out(full.begin(), full.begin() + start);
  std::size_t free = SIZE_MAX;
  for (std::size_t i = 0; i < dims.size(); ++i) {
    const std::int64_t from = start + static_cast<std::int64_t>(i);
    if (dims[i] == 0) {
      if (from >= r) {
        sp.fail(sp.all("dim")[i], fmt::format("dim 0 copies axis {}, which the input ({} axes "
                                              "with the batch) does not have",
                                              from, r));
      }
      out.push_back(full[static_cast<std::size_t>(from)]);
    } else if (dims[i] == -1) {
      if (free != SIZE_MAX) sp.fail(sp.all("dim")[i], "only one dim may be -1");
      free = out.size();
      out.push_back(1);
    } else {
      out.push_back(dims[i]);
    }
  }
  out.insert(out.end(), full.begin() + end, full.end());
  auto product = [&](const std::vector<std::int64_t>& v) {
    std::int64_t n = 1;
    for (std::int64_t d : v) {
      if (__builtin_mul_overflow(n, d, &n)) p.fail(shape_field, "the shape overflows 64 bits");
    }
    return n;
  };
  const std::int64_t total = product(full), known = product(out);
  if (free != SIZE_MAX) {
    if (total % known != 0) {
      sp.fail(sp.all("dim")[free - static_cast<std::size_t>(start)],
              fmt::format("{} elements do not reshape to a multiple of {}", total, known));
    }
    out[free] = total / known;
  } else if (known != total) {
    sp.fail(nullptr, fmt::format("{} elements cannot reshape to {} elements", total, known));
  }
  if (out.size() < 2 || out[0] != 1) {
    sp.fail(nullptr, "the first axis must stay the batch (dim: 0, or 1 at batch 1); got " +
                         Shape{out}.str());
  }
  MapAttrReader attrs(layer.what(), at_field(shape_field, at));
  attrs.set_ints("shape", std::vector<std::int64_t>(out.begin() + 1, out.end()),
                 at_field(shape_field, at));
  Op op = Reshape{};
  op_parse(op, attrs);
  return {{name, std::move(op), 0, false}};
}

std::vector<ShapedStep> interp(const Params& layer, const std::string& name, const SourcePos& at,
                               const Shape& in) {
  Params p(layer.message("interp_param"), layer.what(), at);
  if (!in.is_map()) p.fail(nullptr, "needs a C×H×W input, got " + in.str());
  if (p.integer("shrink_factor", 1, 1) != 1) {
    p.fail(last(p, "shrink_factor"),
           "shrinking is not supported (archcalc's upsample scales up by an integer)");
  }
  for (const char* pad : {"pad_beg", "pad_end"}) {
    if (p.integer(pad, 0, -(std::int64_t{1} << 40)) != 0) {
      p.fail(last(p, pad), std::string("'") + pad + "' other than 0 is not supported");
    }
  }
  const std::int64_t h = in.h(), w = in.w();
  std::int64_t oh = 0, ow = 0;
  std::string how;
  const Field* where = nullptr;
  if (p.has("zoom_factor")) {
    const std::int64_t z = p.integer("zoom_factor", 1, 1);
    oh = h + (h - 1) * (z - 1);
    ow = w + (w - 1) * (z - 1);
    how = fmt::format(" (zoom_factor {}: (H − 1)·{} + 1)", z, z);
    where = last(p, "zoom_factor");
  } else if (p.has("height") || p.has("width")) {
    oh = p.integer("height", std::nullopt, 1);
    ow = p.integer("width", std::nullopt, 1);
    where = last(p, "height");
  } else {
    p.fail(nullptr, "missing zoom_factor, or height and width");
  }
  if (oh % h != 0 || ow % w != 0 || oh / h != ow / w) {
    p.fail(where, fmt::format("an output of {}×{}{} from {}×{} is not one whole multiple of the "
                              "input (archcalc's upsample scales H and W by one integer)",
                              oh, ow, how, h, w));
  }
  MapAttrReader attrs(layer.what(), at_field(where, at));
  attrs.set_ints("scale", {oh / h}, at_field(where, at));
  attrs.set_word("mode", "bilinear", at_field(where, at));
  Op op = Upsample{};
  op_parse(op, attrs);
  return {{name, std::move(op), 0, false}};
}

}  // namespace

std::vector<ShapedStep> translate_shaped(CaffeRole role, const Params& layer,
                                         const std::string& name, const SourcePos& at,
                                         std::span<const Shape> bottoms,
                                         const std::vector<std::string>& tops) {
  switch (role) {
    case CaffeRole::kSlice:
      return slice(layer, name, at, bottoms[0], tops);
    case CaffeRole::kCrop:
      return crop(layer, name, at, bottoms[0], bottoms[1]);
    case CaffeRole::kReshape:
      return reshape(layer, name, at, bottoms[0]);
    default:
      return interp(layer, name, at, bottoms[0]);
  }
}

}  // namespace archcalc::prototxt
