#include "io/onnx/onnx_consts.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <stdexcept>

#include "io/onnx/onnx_model.hpp"

namespace archcalc::onnx_import {

namespace {

using T = onnx::TensorProto;

[[noreturn]] void fail(const std::string& why) {
  throw std::runtime_error(why);
}

bool is_integer_type(int type) {
  return type == T::INT64 || type == T::INT32 || type == T::INT16 || type == T::INT8 ||
         type == T::UINT8 || type == T::UINT16 || type == T::UINT32 || type == T::UINT64 ||
         type == T::BOOL;
}

template <class V>
void read_raw(const std::string& raw, std::vector<double>& out) {
  for (std::size_t i = 0; i + sizeof(V) <= raw.size(); i += sizeof(V)) {
    V v;
    std::memcpy(&v, raw.data() + i, sizeof(V));  // little-endian, as ONNX stores it
    out.push_back(static_cast<double>(v));
  }
}

std::vector<std::size_t> strides_of(const std::vector<std::int64_t>& dims) {
  std::vector<std::size_t> s(dims.size(), 1);
  for (std::size_t i = dims.size(); i-- > 1;) s[i - 1] = s[i] * static_cast<std::size_t>(dims[i]);
  return s;
}

std::int64_t axis_of(std::int64_t axis, std::size_t rank, int extra = 0) {
  const auto r = static_cast<std::int64_t>(rank) + extra;
  if (axis < -r || axis >= r) fail("axis " + std::to_string(axis) + " is out of range");
  return axis < 0 ? axis + r : axis;
}

std::vector<std::int64_t> ints_of(const ConstValue& c) {
  std::vector<std::int64_t> out;
  for (double d : c.v) {
    if (!std::isfinite(d)) fail("a non-finite value where an integer is expected");
    out.push_back(d >= 9.2e18    ? INT64_MAX
                  : d <= -9.2e18 ? INT64_MIN
                                 : static_cast<std::int64_t>(d));
  }
  return out;
}

const ConstValue& need(const std::vector<std::optional<ConstValue>>& in, std::size_t i) {
  if (i >= in.size() || !in[i]) fail("input " + std::to_string(i + 1) + " is missing");
  return *in[i];
}

// NumPy broadcasting of two shapes.
std::vector<std::int64_t> broadcast(const std::vector<std::int64_t>& a,
                                    const std::vector<std::int64_t>& b) {
  std::vector<std::int64_t> out(std::max(a.size(), b.size()), 1);
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::int64_t x = i < out.size() - a.size() ? 1 : a[i - (out.size() - a.size())];
    std::int64_t y = i < out.size() - b.size() ? 1 : b[i - (out.size() - b.size())];
    if (x != y && x != 1 && y != 1) fail("shapes do not broadcast");
    out[i] = x == 1 ? y : x;
  }
  return out;
}

// The element of `c` that output index `flat` of shape `out` reads when `c` broadcasts to it.
double at_broadcast(const ConstValue& c, const std::vector<std::int64_t>& out, std::size_t flat) {
  std::size_t index = 0, stride = 1;
  for (std::size_t i = out.size(); i-- > 0;) {
    const auto o = static_cast<std::size_t>(out[i]);
    const std::size_t pos = flat % o;
    flat /= o;
    const std::size_t k = i + c.dims.size();
    if (k < out.size()) continue;
    const auto d = static_cast<std::size_t>(c.dims[k - out.size()]);
    if (d != 1) index += pos * stride;
    stride *= d;
  }
  return c.v.at(index);
}

template <class F>
ConstValue elementwise(const std::vector<const ConstValue*>& xs, bool integer, F f) {
  std::vector<std::int64_t> dims;
  for (const ConstValue* x : xs) dims = broadcast(dims, x->dims);
  ConstValue out{dims, {}, integer};
  const std::size_t n = element_count(dims);
  out.v.reserve(n);
  std::vector<double> args(xs.size());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < xs.size(); ++k) args[k] = at_broadcast(*xs[k], dims, i);
    out.v.push_back(f(args));
  }
  return out;
}

double binary(const std::string& op, double a, double b, bool integer) {
  if (op == "Add") return a + b;
  if (op == "Sub") return a - b;
  if (op == "Mul") return a * b;
  if (op == "Div") {
    if (integer) {
      if (b == 0) fail("integer division by zero");
      return std::trunc(a / b);
    }
    return a / b;
  }
  if (op == "Mod") {
    if (b == 0) fail("modulo by zero");
    double r = std::fmod(a, b);
    if (integer && r != 0 && ((r < 0) != (b < 0))) r += b;  // the divisor's sign, as ONNX
    return r;
  }
  if (op == "Pow") return std::pow(a, b);
  if (op == "Equal") return a == b;
  if (op == "Less") return a < b;
  if (op == "Greater") return a > b;
  if (op == "LessOrEqual") return a <= b;
  if (op == "GreaterOrEqual") return a >= b;
  if (op == "And") return a != 0 && b != 0;
  if (op == "Or") return a != 0 || b != 0;
  if (op == "Min") return std::min(a, b);
  if (op == "Max") return std::max(a, b);
  fail("not a binary op");
}

ConstValue gather(const ConstValue& data, const ConstValue& idx, std::int64_t axis) {
  if (data.dims.empty()) fail("Gather of a scalar");
  axis = axis_of(axis, data.dims.size());
  std::vector<std::int64_t> dims(data.dims.begin(), data.dims.begin() + axis);
  dims.insert(dims.end(), idx.dims.begin(), idx.dims.end());
  dims.insert(dims.end(), data.dims.begin() + axis + 1, data.dims.end());
  ConstValue out{dims, {}, data.integer};
  out.v.reserve(element_count(dims));
  std::size_t outer = 1, inner = 1;
  for (std::int64_t i = 0; i < axis; ++i) outer *= static_cast<std::size_t>(data.dims[i]);
  for (std::size_t i = axis + 1; i < data.dims.size(); ++i)
    inner *= static_cast<std::size_t>(data.dims[i]);
  const std::int64_t n = data.dims[axis];
  for (std::size_t o = 0; o < outer; ++o) {
    for (std::int64_t k : ints_of(idx)) {
      if (k < -n || k >= n) fail("index " + std::to_string(k) + " is out of range");
      const auto row = static_cast<std::size_t>(k < 0 ? k + n : k);
      for (std::size_t j = 0; j < inner; ++j) {
        out.v.push_back(data.v[(o * static_cast<std::size_t>(n) + row) * inner + j]);
      }
    }
  }
  return out;
}

ConstValue concat(const std::vector<const ConstValue*>& xs, std::int64_t axis) {
  if (xs.empty()) fail("Concat of nothing");
  const std::size_t rank = xs[0]->dims.size();
  if (rank == 0) fail("Concat of scalars");
  axis = axis_of(axis, rank);
  std::vector<std::int64_t> dims = xs[0]->dims;
  dims[axis] = 0;
  bool integer = true;
  for (const ConstValue* x : xs) {
    if (x->dims.size() != rank) fail("Concat of tensors of different ranks");
    for (std::size_t i = 0; i < rank; ++i) {
      if (static_cast<std::int64_t>(i) != axis && x->dims[i] != xs[0]->dims[i])
        fail("Concat of tensors whose sizes differ");
    }
    dims[axis] += x->dims[axis];
    integer = integer && x->integer;
  }
  ConstValue out{dims, {}, integer};
  out.v.reserve(element_count(dims));
  std::size_t outer = 1;
  for (std::int64_t i = 0; i < axis; ++i) outer *= static_cast<std::size_t>(dims[i]);
  for (std::size_t o = 0; o < outer; ++o) {
    for (const ConstValue* x : xs) {
      const std::size_t chunk = x->v.size() / std::max<std::size_t>(outer, 1);
      out.v.insert(out.v.end(), x->v.begin() + o * chunk, x->v.begin() + (o + 1) * chunk);
    }
  }
  return out;
}

ConstValue slice(const ConstValue& x, const std::vector<std::int64_t>& starts,
                 const std::vector<std::int64_t>& ends, std::vector<std::int64_t> axes,
                 std::vector<std::int64_t> steps) {
  const std::size_t rank = x.dims.size();
  if (axes.empty())
    for (std::size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<std::int64_t>(i));
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    fail("starts, ends, axes and steps differ in length");
  std::vector<std::int64_t> begin(rank, 0), step(rank, 1), dims = x.dims;
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::int64_t a = axis_of(axes[k], rank), n = x.dims[a], s = steps[k];
    if (s == 0) fail("a step of 0");
    auto clampi = [&](std::int64_t v, std::int64_t lo, std::int64_t hi) {
      if (v < 0) v = v < -n ? -1 : v + n;
      return std::clamp(v, lo, hi);
    };
    std::int64_t b = s > 0 ? clampi(starts[k], 0, n) : clampi(starts[k], -1, n - 1);
    std::int64_t e = s > 0 ? clampi(ends[k], 0, n) : clampi(ends[k], -1, n - 1);
    if (s < 0 && starts[k] < -n) b = -1;
    if (s < 0 && ends[k] < -n) e = -1;
    const std::int64_t len =
        s > 0 ? (e > b ? (e - b + s - 1) / s : 0) : (b > e ? (b - e + (-s) - 1) / (-s) : 0);
    begin[a] = b;
    step[a] = s;
    dims[a] = len;
  }
  ConstValue out{dims, {}, x.integer};
  const std::size_t n = element_count(dims);
  const auto in_strides = strides_of(x.dims);
  out.v.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t flat = i, src = 0;
    for (std::size_t d = rank; d-- > 0;) {
      const auto pos = static_cast<std::int64_t>(flat % static_cast<std::size_t>(dims[d]));
      flat /= static_cast<std::size_t>(dims[d]);
      src += static_cast<std::size_t>(begin[d] + pos * step[d]) * in_strides[d];
    }
    out.v.push_back(x.v.at(src));
  }
  return out;
}

ConstValue transpose(const ConstValue& x, std::vector<std::int64_t> perm) {
  const std::size_t rank = x.dims.size();
  if (perm.empty())
    for (std::size_t i = rank; i-- > 0;) perm.push_back(static_cast<std::int64_t>(i));
  if (perm.size() != rank) fail("perm does not match the rank");
  std::vector<std::int64_t> dims(rank);
  std::vector<bool> seen(rank, false);
  for (std::size_t i = 0; i < rank; ++i) {
    const auto p = axis_of(perm[i], rank);
    if (seen[p]) fail("perm repeats an axis");
    seen[p] = true;
    dims[i] = x.dims[p];
  }
  const auto in_strides = strides_of(x.dims);
  ConstValue out{dims, {}, x.integer};
  const std::size_t n = element_count(dims);
  out.v.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t flat = i, src = 0;
    for (std::size_t d = rank; d-- > 0;) {
      const std::size_t pos = flat % static_cast<std::size_t>(dims[d]);
      flat /= static_cast<std::size_t>(dims[d]);
      src += pos * in_strides[axis_of(perm[d], rank)];
    }
    out.v.push_back(x.v.at(src));
  }
  return out;
}

// Reshape's target with 0 (copy, unless allowzero) and −1 (the rest) resolved.
std::vector<std::int64_t> reshape_dims(const std::vector<std::int64_t>& in,
                                       const std::vector<std::int64_t>& target) {
  std::vector<std::int64_t> dims;
  std::size_t known = 1;
  int rest = -1;
  for (std::size_t i = 0; i < target.size(); ++i) {
    std::int64_t d = target[i];
    if (d == 0) {
      if (i >= in.size()) fail("a 0 in the target past the input's rank");
      d = in[i];
    }
    if (d == -1) {
      if (rest >= 0) fail("more than one -1 in the target");
      rest = static_cast<int>(i);
      dims.push_back(1);
      continue;
    }
    if (d <= 0) fail("a target dim of " + std::to_string(d));
    dims.push_back(d);
    known = static_cast<std::size_t>(element_count(dims));
  }
  const std::size_t total = element_count(in);
  if (rest >= 0) {
    if (known == 0 || total % known != 0) fail("the target does not divide the elements");
    dims[rest] = static_cast<std::int64_t>(total / known);
  }
  if (element_count(dims) != total) fail("the target holds a different number of elements");
  return dims;
}

std::vector<std::int64_t> axes_input(const onnx::NodeProto& n,
                                     const std::vector<std::optional<ConstValue>>& in,
                                     std::size_t slot) {
  if (slot < in.size() && in[slot]) return ints_of(*in[slot]);
  if (const auto* a = attribute(n, "axes")) return {a->ints().begin(), a->ints().end()};
  return {};
}

std::int64_t int_attr(const onnx::NodeProto& n, const char* name, std::int64_t fallback) {
  const auto* a = attribute(n, name);
  return a ? a->i() : fallback;
}

}  // namespace

std::size_t element_count(const std::vector<std::int64_t>& dims) {
  std::size_t n = 1;
  for (std::int64_t d : dims) {
    if (d < 0) fail("a negative dim");
    if (d != 0 && n > kMaxConstElements / static_cast<std::size_t>(d))
      fail("a constant of more than " + std::to_string(kMaxConstElements) + " elements");
    n *= static_cast<std::size_t>(d);
  }
  return n;
}

std::optional<ConstValue> tensor_value(const onnx::TensorProto& t, std::size_t max) {
  ConstValue c;
  c.dims.assign(t.dims().begin(), t.dims().end());
  std::size_t n = 0;
  try {
    n = element_count(c.dims);
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
  if (n > max) return std::nullopt;
  c.integer = is_integer_type(t.data_type());
  if (t.data_location() == T::EXTERNAL) return std::nullopt;
  if (t.int64_data_size() > 0) {
    for (auto v : t.int64_data()) c.v.push_back(static_cast<double>(v));
  } else if (t.int32_data_size() > 0) {
    for (auto v : t.int32_data()) c.v.push_back(v);
  } else if (t.float_data_size() > 0) {
    for (auto v : t.float_data()) c.v.push_back(v);
  } else if (t.double_data_size() > 0) {
    for (auto v : t.double_data()) c.v.push_back(v);
  } else if (t.has_raw_data()) {
    const std::string& raw = t.raw_data();
    switch (t.data_type()) {
      case T::INT64:
        read_raw<std::int64_t>(raw, c.v);
        break;
      case T::INT32:
        read_raw<std::int32_t>(raw, c.v);
        break;
      case T::FLOAT:
        read_raw<float>(raw, c.v);
        break;
      case T::DOUBLE:
        read_raw<double>(raw, c.v);
        break;
      case T::BOOL:
      case T::UINT8:
        read_raw<std::uint8_t>(raw, c.v);
        break;
      case T::INT8:
        read_raw<std::int8_t>(raw, c.v);
        break;
      default:
        return std::nullopt;
    }
  }
  if (c.v.size() != n) return std::nullopt;
  return c;
}

bool evaluable(const std::string& t) {
  static const std::set<std::string> kOps{"Add",
                                          "Sub",
                                          "Mul",
                                          "Div",
                                          "Mod",
                                          "Pow",
                                          "Equal",
                                          "Less",
                                          "Greater",
                                          "LessOrEqual",
                                          "GreaterOrEqual",
                                          "And",
                                          "Or",
                                          "Min",
                                          "Max",
                                          "Not",
                                          "Neg",
                                          "Abs",
                                          "Sqrt",
                                          "Floor",
                                          "Ceil",
                                          "Cast",
                                          "Identity",
                                          "Concat",
                                          "Gather",
                                          "Unsqueeze",
                                          "Squeeze",
                                          "Slice",
                                          "Reshape",
                                          "Flatten",
                                          "Transpose",
                                          "ConstantOfShape",
                                          "Expand",
                                          "Range",
                                          "Where",
                                          "Shape",
                                          "Size",
                                          "ScatterND",
                                          "Tile"};
  return kOps.count(t) > 0;
}

std::optional<ConstValue> evaluate(const onnx::NodeProto& n,
                                   const std::vector<std::optional<ConstValue>>& in, int opset) {
  const std::string& op = n.op_type();
  if (!evaluable(op)) return std::nullopt;
  auto x = [&](std::size_t i) -> const ConstValue& { return need(in, i); };
  if (op == "Identity") return x(0);
  if (op == "Not" || op == "Neg" || op == "Abs" || op == "Sqrt" || op == "Floor" || op == "Ceil") {
    ConstValue out = x(0);
    for (double& v : out.v) {
      v = op == "Not"     ? (v == 0)
          : op == "Neg"   ? -v
          : op == "Abs"   ? std::fabs(v)
          : op == "Sqrt"  ? std::sqrt(v)
          : op == "Floor" ? std::floor(v)
                          : std::ceil(v);
    }
    return out;
  }
  if (op == "Cast") {
    ConstValue out = x(0);
    out.integer = is_integer_type(static_cast<int>(int_attr(n, "to", T::FLOAT)));
    if (out.integer)
      for (double& v : out.v) v = int_attr(n, "to", 0) == T::BOOL ? (v != 0) : std::trunc(v);
    return out;
  }
  if (op == "Shape") {
    ConstValue out{{static_cast<std::int64_t>(x(0).dims.size())}, {}, true};
    for (auto d : x(0).dims) out.v.push_back(static_cast<double>(d));
    const auto r = static_cast<std::int64_t>(x(0).dims.size());
    std::int64_t b = std::clamp<std::int64_t>(int_attr(n, "start", 0), -r, r);
    std::int64_t e = std::clamp<std::int64_t>(int_attr(n, "end", r), -r, r);
    if (b < 0) b += r;
    if (e < 0) e += r;
    return slice(out, {b}, {std::max(b, e)}, {0}, {1});
  }
  if (op == "Size") return ConstValue{{}, {static_cast<double>(x(0).size())}, true};
  if (op == "Where") {
    return elementwise({&x(0), &x(1), &x(2)}, x(1).integer && x(2).integer,
                       [](const std::vector<double>& a) { return a[0] != 0 ? a[1] : a[2]; });
  }
  if (op == "Concat") {
    std::vector<const ConstValue*> xs;
    for (std::size_t i = 0; i < in.size(); ++i) xs.push_back(&x(i));
    return concat(xs, int_attr(n, "axis", 0));
  }
  if (op == "Gather") return gather(x(0), x(1), int_attr(n, "axis", 0));
  if (op == "Unsqueeze" || op == "Squeeze") {
    ConstValue out = x(0);
    auto axes = axes_input(n, in, opset >= 13 ? 1 : 99);
    if (op == "Unsqueeze") {
      const std::size_t rank = out.dims.size() + axes.size();
      std::vector<bool> unit(rank, false);
      for (auto a : axes) unit[axis_of(a, rank)] = true;
      std::vector<std::int64_t> dims;
      for (std::size_t i = 0, k = 0; i < rank; ++i) dims.push_back(unit[i] ? 1 : out.dims.at(k++));
      out.dims = dims;
    } else {
      std::vector<bool> drop(out.dims.size(), axes.empty());
      for (auto a : axes) drop[axis_of(a, out.dims.size())] = true;
      std::vector<std::int64_t> dims;
      for (std::size_t i = 0; i < out.dims.size(); ++i) {
        if (!drop[i] || out.dims[i] != 1) dims.push_back(out.dims[i]);
      }
      out.dims = dims;
    }
    return out;
  }
  if (op == "Slice") {
    const auto& d = x(0);
    auto get = [&](std::size_t i) {
      return i < in.size() && in[i] ? ints_of(*in[i]) : std::vector<std::int64_t>{};
    };
    return slice(d, get(1), get(2), get(3), get(4));
  }
  if (op == "Reshape") {
    ConstValue out = x(0);
    out.dims = reshape_dims(out.dims, ints_of(x(1)));
    return out;
  }
  if (op == "Flatten") {
    ConstValue out = x(0);
    const auto a = axis_of(int_attr(n, "axis", 1), out.dims.size(), 1);
    std::int64_t lead = 1, rest = 1;
    for (std::size_t i = 0; i < out.dims.size(); ++i)
      (static_cast<std::int64_t>(i) < a ? lead : rest) *= out.dims[i];
    out.dims = {lead, rest};
    return out;
  }
  if (op == "Transpose") {
    const auto* p = attribute(n, "perm");
    return transpose(x(0), p ? std::vector<std::int64_t>(p->ints().begin(), p->ints().end())
                             : std::vector<std::int64_t>{});
  }
  if (op == "ConstantOfShape") {
    ConstValue out{ints_of(x(0)), {}, false};
    double fill = 0;
    if (const auto* a = attribute(n, "value"); a && a->has_t()) {
      auto v = tensor_value(a->t(), 1);
      if (!v || v->size() != 1) fail("'value' is not one number");
      fill = v->v[0];
      out.integer = v->integer;
    }
    out.v.assign(element_count(out.dims), fill);
    return out;
  }
  if (op == "Expand" || op == "Tile") {
    const auto shape = ints_of(x(1));
    if (op == "Tile") {
      const auto& d = x(0);
      if (shape.size() != d.dims.size()) fail("repeats do not match the rank");
      ConstValue out = d;
      for (std::size_t a = 0; a < shape.size(); ++a) {
        std::vector<const ConstValue*> parts(
            static_cast<std::size_t>(std::max<std::int64_t>(shape[a], 0)), &out);
        if (parts.empty()) fail("a repeat of 0");
        out = concat(std::vector<const ConstValue*>(parts), static_cast<std::int64_t>(a));
      }
      return out;
    }
    const auto dims = broadcast(x(0).dims, shape);
    ConstValue ones{dims, std::vector<double>(element_count(dims), 1), true};
    return elementwise({&x(0), &ones}, x(0).integer,
                       [](const std::vector<double>& a) { return a[0]; });
  }
  if (op == "Range") {
    const double start = x(0).v.at(0), limit = x(1).v.at(0), delta = x(2).v.at(0);
    if (delta == 0) fail("a delta of 0");
    const double count = std::max(std::ceil((limit - start) / delta), 0.0);
    if (count > static_cast<double>(kMaxConstElements)) fail("a range too long");
    ConstValue out{{static_cast<std::int64_t>(count)}, {}, x(0).integer};
    for (std::int64_t i = 0; i < out.dims[0]; ++i)
      out.v.push_back(start + static_cast<double>(i) * delta);
    return out;
  }
  if (op == "ScatterND") {
    ConstValue out = x(0);
    const auto& idx = x(1);
    const auto& upd = x(2);
    if (idx.dims.empty()) fail("indices of rank 0");
    const auto k = static_cast<std::size_t>(idx.dims.back());
    if (k > out.dims.size()) fail("index tuples longer than the rank");
    const auto strides = strides_of(out.dims);
    const std::size_t slice_size = k == 0 ? out.size() : strides[k - 1];
    const auto ids = ints_of(idx);
    const std::size_t tuples = k == 0 ? 1 : ids.size() / k;
    if (upd.size() != tuples * slice_size) fail("updates do not match the indices");
    for (std::size_t t = 0; t < tuples; ++t) {
      std::size_t base = 0;
      for (std::size_t j = 0; j < k; ++j) {
        std::int64_t i = ids[t * k + j];
        const std::int64_t dim = out.dims[j];
        if (i < -dim || i >= dim) fail("index out of range");
        base += static_cast<std::size_t>(i < 0 ? i + dim : i) * strides[j];
      }
      std::copy_n(upd.v.begin() + static_cast<std::ptrdiff_t>(t * slice_size), slice_size,
                  out.v.begin() + static_cast<std::ptrdiff_t>(base));
    }
    return out;
  }
  // The binary ops.
  const bool integer = x(0).integer && x(1).integer;
  const bool logical = op == "Equal" || op == "Less" || op == "Greater" || op == "LessOrEqual" ||
                       op == "GreaterOrEqual" || op == "And" || op == "Or";
  return elementwise({&x(0), &x(1)}, integer || logical,
                     [&](const std::vector<double>& a) { return binary(op, a[0], a[1], integer); });
}

}  // namespace archcalc::onnx_import
