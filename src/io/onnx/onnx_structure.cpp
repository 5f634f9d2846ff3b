// The ops that move elements: Shape (a constant at import), Reshape, Flatten,
// Unsqueeze, Squeeze, Transpose, Gather, Slice, Split, Expand, Concat, Pad.
#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "io/onnx/onnx_importer.hpp"

namespace archcalc::onnx_import {

namespace {

std::int64_t attr_int(const onnx::NodeProto& n, const char* name, std::int64_t fallback) {
  const auto* a = attribute(n, name);
  return a ? a->i() : fallback;
}

std::vector<std::int64_t> attr_ints(const onnx::NodeProto& n, const char* name) {
  const auto* a = attribute(n, name);
  if (!a) return {};
  return {a->ints().begin(), a->ints().end()};
}

std::int64_t product(const Dims& d, std::size_t from = 0, std::size_t to = SIZE_MAX) {
  std::int64_t p = 1;
  const std::size_t end = std::min(to, d.size());
  for (std::size_t i = from; i < end; ++i) p *= d.at(i);
  return p;
}

}  // namespace

namespace {

// The integer values of input `i` (a constant), or the attribute `attr`.
std::optional<std::vector<std::int64_t>> ints_input(Importer& im, const onnx::NodeProto& n, int i,
                                                    const char* attr) {
  if (i < n.input_size() && !n.input(i).empty()) {
    auto c = im.values_.constant(n.input(i));
    if (!c) im.fail("input '" + n.input(i) + "' is not a constant");
    std::vector<std::int64_t> v;
    for (double d : c->v)
      v.push_back(d >= 9.2e18    ? INT64_MAX
                  : d <= -9.2e18 ? INT64_MIN
                                 : static_cast<std::int64_t>(d));
    return v;
  }
  if (attr && attribute(n, attr)) return attr_ints(n, attr);
  return std::nullopt;
}

std::int64_t axis_in(Importer& im, std::int64_t axis, std::size_t rank) {
  const auto r = static_cast<std::int64_t>(rank);
  if (axis < -r || axis >= r) im.fail("axis " + std::to_string(axis) + " is out of range");
  return axis < 0 ? axis + r : axis;
}

// x reshaped to the model's dims `to` (batch included).
void reshape_to(Importer& im, const onnx::NodeProto& n, const Act& x, const Dims& to) {
  const Dims from = im.full_dims(x);
  if (product(to) != product(from)) im.fail("the target holds a different number of elements");
  if (to == from) return im.bind(n.output(0), x);
  const bool folded = to.empty() || to[0] != 1 || to.size() < 2;
  Reshape r;
  r.shape = tail(to, folded ? 0 : 1);
  if (r.shape.empty()) r.shape = {1};
  Op op = std::move(r);
  if (!folded && !x.folded && to.size() == 2) op = Flatten{};
  im.bind(n.output(0), im.emit(im.layer_name(n), std::move(op), {x}, folded));
}

Dims resolve_target(Importer& im, const Dims& in, const std::vector<std::int64_t>& target,
                    bool allowzero) {
  Dims out;
  int rest = -1;
  for (std::size_t i = 0; i < target.size(); ++i) {
    std::int64_t d = target[i];
    if (d == 0 && !allowzero) {
      if (i >= in.size()) im.fail("a 0 in the target past the input's rank");
      d = in[i];
    }
    if (d == -1) {
      if (rest >= 0) im.fail("more than one -1 in the target");
      rest = static_cast<int>(i);
      d = 1;
    } else if (d <= 0) {
      im.fail("a target dim of " + std::to_string(d));
    }
    out.push_back(d);
  }
  if (rest >= 0) {
    const std::int64_t known = product(out), total = product(in);
    if (total % known != 0) im.fail("the target does not divide the elements");
    out[rest] = total / known;
  }
  return out;
}

// Slices x along the model's axis `axis` (full dims) from `start`, `size` elements.
Act slice(Importer& im, const onnx::NodeProto& n, Act x, std::int64_t axis, std::int64_t start,
          std::int64_t size, const std::string& suffix) {
  if (axis == 0 && !x.folded) x = im.to_folded(x, im.layer_name(n));
  Slice s;
  s.axis = x.folded ? axis : axis - 1;
  s.start = start;
  s.size = size;
  return im.emit(im.layer_name(n, suffix), std::move(s), {x}, x.folded);
}

}  // namespace

bool Importer::structure(const onnx::NodeProto& n) {
  const std::string& t = n.op_type();
  const Act* in0 = act(n.input_size() > 0 ? n.input(0) : "");
  if (t == "Shape" && in0) {
    ConstValue c{{}, {}, true};
    Dims d = full_dims(*in0);
    for (auto v : d) c.v.push_back(static_cast<double>(v));
    c.dims = {static_cast<std::int64_t>(d.size())};
    const auto r = static_cast<std::int64_t>(d.size());
    std::int64_t b = std::clamp<std::int64_t>(attr_int(n, "start", 0), -r, r);
    std::int64_t e = std::clamp<std::int64_t>(attr_int(n, "end", r), -r, r);
    if (b < 0) b += r;
    if (e < 0) e += r;
    e = std::max(b, e);
    std::vector<double> part;
    for (std::int64_t i = b; i < e && i < r; ++i)
      part.push_back(c.v.at(static_cast<std::size_t>(i)));
    c.v = part;
    c.dims = {e - b};
    values_.add_computed(n.output(0), std::move(c));
    return true;
  }
  if (t == "Size" && in0) {
    values_.add_computed(n.output(0),
                         ConstValue{{}, {static_cast<double>(product(full_dims(*in0)))}, true});
    return true;
  }
  if (!in0) return false;
  const Act x = *in0;
  const Dims d = full_dims(x);
  if (t == "Reshape") {
    auto target = ints_input(*this, n, 1, nullptr);
    if (!target) fail("the target shape is not given");
    reshape_to(*this, n, x, resolve_target(*this, d, *target, attr_int(n, "allowzero", 0) != 0));
    return true;
  }
  if (t == "Flatten") {
    const auto a = static_cast<std::size_t>(axis_in(*this, attr_int(n, "axis", 1), d.size() + 1));
    reshape_to(*this, n, x, {product(d, 0, a), product(d, a)});
    return true;
  }
  if (t == "Unsqueeze" || t == "Squeeze") {
    auto axes = ints_input(*this, n, 1, "axes").value_or(std::vector<std::int64_t>{});
    Dims to;
    if (t == "Unsqueeze") {
      const std::size_t rank = d.size() + axes.size();
      std::vector<bool> unit(rank, false);
      for (auto a : axes) unit[axis_in(*this, a, rank)] = true;
      for (std::size_t i = 0, k = 0; i < rank; ++i) to.push_back(unit[i] ? 1 : d.at(k++));
    } else {
      std::vector<bool> drop(d.size(), axes.empty());
      for (auto a : axes) drop[axis_in(*this, a, d.size())] = true;
      for (std::size_t i = 0; i < d.size(); ++i) {
        if (!drop[i] || d[i] != 1) to.push_back(d[i]);
      }
    }
    reshape_to(*this, n, x, to);
    return true;
  }
  if (t == "Transpose") {
    auto perm = attr_ints(n, "perm");
    if (perm.empty())
      for (std::size_t i = d.size(); i-- > 0;) perm.push_back(static_cast<std::int64_t>(i));
    if (perm.size() != d.size()) fail("'perm' does not match the input's rank");
    Transpose tr;
    Act y = x;
    if (!x.folded && perm[0] == 0) {
      for (std::size_t i = 1; i < perm.size(); ++i) tr.perm.push_back(perm[i] - 1);
    } else {
      y = to_folded(x, layer_name(n));
      tr.perm = perm;
    }
    bind(n.output(0), emit(layer_name(n), std::move(tr), {y}, y.folded));
    return true;
  }
  if (t == "Gather") {
    auto idx = values_.constant(n.input_size() > 1 ? n.input(1) : "");
    if (!idx) return false;
    const auto axis = axis_in(*this, attr_int(n, "axis", 0), d.size());
    if (idx->size() != 1) return false;
    std::int64_t i = static_cast<std::int64_t>(idx->v[0]);
    if (i < -d[axis] || i >= d[axis]) fail("index " + std::to_string(i) + " is out of range");
    if (i < 0) i += d[axis];
    Act s = slice(*this, n, x, axis, i, 1, idx->dims.empty() ? "_slice" : "");
    if (idx->dims.empty()) {  // a scalar index drops the axis
      Dims to = d;
      to = tail(d, 0);
      to.erase(to.begin() + static_cast<std::ptrdiff_t>(axis));
      reshape_to(*this, n, s, to);
    } else {
      bind(n.output(0), s);
    }
    return true;
  }
  if (t == "Slice") {
    auto starts = ints_input(*this, n, 1, "starts"), ends = ints_input(*this, n, 2, "ends");
    if (!starts || !ends) fail("'starts' and 'ends' are not given");
    auto axes = ints_input(*this, n, 3, "axes").value_or(std::vector<std::int64_t>{});
    auto steps = ints_input(*this, n, 4, nullptr).value_or(std::vector<std::int64_t>{});
    if (axes.empty())
      for (std::size_t i = 0; i < starts->size(); ++i) axes.push_back(static_cast<std::int64_t>(i));
    if (ends->size() != starts->size() || axes.size() != starts->size() ||
        (!steps.empty() && steps.size() != starts->size())) {
      fail("starts, ends, axes and steps differ in length");
    }
    Act y = x;
    Dims cur = d;
    for (std::size_t k = 0; k < starts->size(); ++k) {
      const std::int64_t step = steps.empty() ? 1 : steps[k];
      const auto a = axis_in(*this, axes[k], d.size());
      const std::int64_t dim = d[a];
      auto clampi = [&](std::int64_t v) {
        if (v < 0) v = v < -dim ? 0 : v + dim;
        return std::clamp<std::int64_t>(v, 0, dim);
      };
      const std::int64_t b = clampi((*starts)[k]), e = std::max(b, clampi((*ends)[k]));
      const std::string suffix = "_" + std::to_string(k);
      if (step != 1) {
        // Every step-th element from b < step to the end: the axis as [dim/step, step],
        // one slice of the inner axis, and the axis again.
        if (step <= 0 || b >= step || e != dim || dim % step != 0)
          fail("a slice with step " + std::to_string(step) +
               " other than every step-th "
               "element to the end of an axis it divides");
        Dims split = cur;
        split[a] = dim / step;
        split.insert(split.begin() + static_cast<std::ptrdiff_t>(a) + 1, step);
        Reshape r;
        r.shape = tail(split, y.folded ? 0 : 1);
        if (!y.folded && a == 0) fail("a strided slice of the batch axis");
        Act z = emit(layer_name(n, suffix + "_split"), std::move(r), {y}, y.folded);
        z = slice(*this, n, z, a + 1, b, 1, suffix + "_pick");
        cur[a] = dim / step;
        Reshape back;
        back.shape = tail(cur, z.folded ? 0 : 1);
        y = emit(layer_name(n, suffix), std::move(back), {z}, z.folded);
        continue;
      }
      if (b == 0 && e == dim) continue;
      if (e == b) fail("an empty slice");
      y = slice(*this, n, y, a, b, e - b, k + 1 < starts->size() ? suffix : "");
      cur[a] = e - b;
    }
    bind(n.output(0), y);
    return true;
  }
  if (t == "Split") {
    const auto a = axis_in(*this, attr_int(n, "axis", 0), d.size());
    auto sizes = ints_input(*this, n, 1, "split").value_or(std::vector<std::int64_t>{});
    if (sizes.empty()) {
      const auto parts = n.output_size();
      if (parts == 0 || d[a] % parts != 0) fail("the axis does not split evenly");
      sizes.assign(static_cast<std::size_t>(parts), d[a] / parts);
    }
    if (static_cast<int>(sizes.size()) != n.output_size() ||
        std::accumulate(sizes.begin(), sizes.end(), std::int64_t{0}) != d[a]) {
      fail("the split sizes do not add up to the axis");
    }
    std::int64_t start = 0;
    for (int k = 0; k < n.output_size(); ++k) {
      if (sizes[k] <= 0) fail("a split size of " + std::to_string(sizes[k]));
      bind(n.output(k), slice(*this, n, x, a, start, sizes[k], "_" + std::to_string(k)));
      start += sizes[k];
    }
    return true;
  }
  if (t == "Expand") {
    auto shape = ints_input(*this, n, 1, nullptr);
    if (!shape) fail("the target shape is not given");
    Dims to = d;
    if (shape->size() > to.size()) to.insert(to.begin(), shape->size() - to.size(), 1);
    const std::size_t skip = to.size() - shape->size();
    for (std::size_t j = 0; j < shape->size(); ++j) {
      const std::int64_t s = (*shape)[j], have = to[skip + j];
      if (s != 1 && have != s) {
        fail("an Expand that copies elements (" + std::to_string(have) + " to " +
             std::to_string(s) + ")");
      }
    }
    if (to != d)
      reshape_to(*this, n, x, to);
    else
      bind(n.output(0), x);
    return true;
  }
  if (t == "Concat" && n.input_size() == 1) {
    bind(n.output(0), x);
    return true;
  }
  if (t == "Pad") {
    auto pads = ints_input(*this, n, 1, "pads");
    if (!pads || pads->size() != 2 * d.size()) fail("'pads' are not 2 values per axis");
    std::string mode = "constant";
    if (const auto* m = attribute(n, "mode")) mode = m->s();
    bool zeros = true;
    if (const auto* v = attribute(n, "value")) zeros = v->f() == 0;
    if (n.input_size() > 2 && !n.input(2).empty()) {
      auto v = values_.constant(n.input(2));
      zeros = v && v->size() == 1 && v->v[0] == 0;
    }
    if (std::all_of(pads->begin(), pads->end(), [](auto p) { return p == 0; })) {
      bind(n.output(0), x);
      return true;
    }
    // Zeros of H and W read only by convs and pools go into their padding;
    // any other Pad is the pad op. A max pool pads with −∞, not zeros: the
    // two agree only on values that cannot be negative (the output of a
    // Relu, Sigmoid or Softmax), so only those zeros go into a max pool.
    const std::size_t r = d.size();
    bool fold = mode == "constant" && zeros && !x.folded && r == 4;
    for (std::size_t i = 0; fold && i + 2 < r; ++i) fold = (*pads)[i] == 0 && (*pads)[i + r] == 0;
    bool nonnegative = false;
    for (const auto& m : graph_.node()) {
      if (m.output_size() > 0 && m.output(0) == n.input(0)) {
        nonnegative = m.op_type() == "Relu" || m.op_type() == "Sigmoid" || m.op_type() == "Softmax";
      }
    }
    for (const auto& m : graph_.node()) {
      for (int i = 0; fold && i < m.input_size(); ++i) {
        fold = m.input(i) != n.output(0) ||
               (i == 0 && (m.op_type() == "Conv" || m.op_type() == "AveragePool" ||
                           (m.op_type() == "MaxPool" && nonnegative)));
      }
    }
    for (const auto& out : graph_.output()) fold = fold && out.name() != n.output(0);
    if (!fold) return false;
    pads_[n.output(0)] = {(*pads)[2], (*pads)[3], (*pads)[6], (*pads)[7]};
    bind(n.output(0), x);
    return true;
  }
  return false;
}

}  // namespace archcalc::onnx_import
