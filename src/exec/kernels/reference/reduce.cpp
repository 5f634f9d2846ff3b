// Reductions over chosen axes, and the ops normalizing over them: layer
// norm and softmax.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec::reference {

namespace {

// Walks the elements of `x` in C order, keeping for each of `strides` (one
// stride per axis of x) the offset it maps the element to.
class Odometer {
 public:
  Odometer(const Array& x, std::vector<std::vector<std::int64_t>> strides)
      : x_(x), strides_(std::move(strides)), index_(x.rank(), 0), at_(strides_.size(), 0) {}
  std::int64_t at(std::size_t k) const { return at_[k]; }
  void next() {
    for (std::size_t d = x_.rank(); d-- > 0;) {
      for (std::size_t k = 0; k < at_.size(); ++k) at_[k] += strides_[k][d];
      if (++index_[d] < x_.dim(d)) return;
      for (std::size_t k = 0; k < at_.size(); ++k) at_[k] -= strides_[k][d] * index_[d];
      index_[d] = 0;
    }
  }

 private:
  const Array& x_;
  std::vector<std::vector<std::int64_t>> strides_;
  std::vector<std::int64_t> index_, at_;
};

// Which axes of x (with its batch axis) `axes` name.
std::vector<bool> marked(const std::vector<std::int64_t>& axes, const Array& x) {
  std::vector<bool> m(x.rank(), false);
  for (std::size_t i : resolve_axes(axes, x.rank() - 1)) m[i + 1] = true;
  return m;
}

// C-order strides over the axes where `keep` holds, 0 over the others; the
// product of the kept sizes in `size`.
std::vector<std::int64_t> strides_over(const Array& x, const std::vector<bool>& keep,
                                       std::int64_t& size) {
  std::vector<std::int64_t> s(x.rank(), 0);
  size = 1;
  for (std::size_t d = x.rank(); d-- > 0;) {
    if (!keep[d]) continue;
    s[d] = size;
    size *= x.dim(d);
  }
  return s;
}

// Folds every input element into its output element (the reduced axes held
// at 0) with `fold`, after filling the output with `init`.
template <typename F>
void reduce(const std::vector<std::int64_t>& axes, const KernelArgs& a, float init, F&& fold) {
  require_args(a, 1, 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  std::vector<bool> keep = marked(axes, x);
  keep.flip();
  std::int64_t size = 0;
  Odometer walk(x, {strides_over(x, keep, size)});
  require(static_cast<std::size_t>(size) == y.size(), "reduction output size");
  std::fill(y.data(), y.data() + y.size(), init);
  for (std::size_t i = 0; i < x.size(); ++i, walk.next()) {
    y.data()[walk.at(0)] = fold(y.data()[walk.at(0)], x.data()[i]);
  }
}

}  // namespace

void forward(const Mean& op, const KernelArgs& a) {
  reduce(op.axes, a, 0.0f, [](float acc, float v) { return acc + v; });
  const auto n = static_cast<float>(a.in[0]->size() / a.out->size());
  for (float& v : a.out->values()) v /= n;
}

void forward(const ReduceMax& op, const KernelArgs& a) {
  reduce(op.axes, a, -std::numeric_limits<float>::infinity(),
         [](float acc, float v) { return std::max(acc, v); });
}

}  // namespace archcalc::exec::reference

namespace archcalc::exec::reference {

void forward(const LayerNorm& op, const KernelArgs& a) {
  require_args(a, 1, op.affine ? 2 : 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.dims() == y.dims(), "layernorm changes the shape");
  const std::vector<bool> normalized = marked(op.axes, x);
  std::vector<bool> rest = normalized;
  rest.flip();
  std::int64_t groups = 0, per_group = 0;
  std::vector<std::vector<std::int64_t>> strides{strides_over(x, rest, groups),
                                                 strides_over(x, normalized, per_group)};
  if (op.affine) {
    for (const Array* t : a.params) {
      require(t->size() == static_cast<std::size_t>(per_group), "layernorm parameter size");
    }
  }
  std::vector<double> sum(static_cast<std::size_t>(groups), 0.0), sq(sum);
  Odometer walk(x, strides);
  for (std::size_t i = 0; i < x.size(); ++i, walk.next()) {
    sum[walk.at(0)] += x.data()[i];
  }
  const auto n = static_cast<double>(per_group);
  for (double& s : sum) s /= n;  // the means
  Odometer again(x, strides);
  for (std::size_t i = 0; i < x.size(); ++i, again.next()) {
    const double d = x.data()[i] - sum[again.at(0)];
    sq[again.at(0)] += d * d;
  }
  Odometer out(x, strides);
  for (std::size_t i = 0; i < x.size(); ++i, out.next()) {
    const auto g = static_cast<std::size_t>(out.at(0));
    double v = (x.data()[i] - sum[g]) / std::sqrt(sq[g] / n + op.eps);
    if (op.affine) v = v * a.params[0]->data()[out.at(1)] + a.params[1]->data()[out.at(1)];
    y.data()[i] = static_cast<float>(v);
  }
}

void forward(const Softmax& op, const KernelArgs& a) {
  require_args(a, 1, 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.dims() == y.dims(), "softmax changes the shape");
  std::vector<bool> over(x.rank(), true);
  over[0] = false;  // no axes: all of an item's elements
  if (!op.axes.empty()) over = marked(op.axes, x);
  std::vector<bool> rest = over;
  rest.flip();
  std::int64_t groups = 0;
  const std::vector<std::vector<std::int64_t>> strides{strides_over(x, rest, groups)};
  std::vector<float> top(static_cast<std::size_t>(groups), -std::numeric_limits<float>::infinity());
  std::vector<double> sum(static_cast<std::size_t>(groups), 0.0);
  Odometer walk(x, strides);
  for (std::size_t i = 0; i < x.size(); ++i, walk.next()) {
    float& t = top[static_cast<std::size_t>(walk.at(0))];
    t = std::max(t, x.data()[i]);
  }
  Odometer exps(x, strides);
  for (std::size_t i = 0; i < x.size(); ++i, exps.next()) {
    const auto g = static_cast<std::size_t>(exps.at(0));
    y.data()[i] = std::exp(x.data()[i] - top[g]);
    sum[g] += y.data()[i];
  }
  Odometer divide(x, strides);
  for (std::size_t i = 0; i < x.size(); ++i, divide.next()) {
    y.data()[i] = static_cast<float>(y.data()[i] / sum[static_cast<std::size_t>(divide.at(0))]);
  }
}

namespace {

// Normalizes each of `groups` runs of consecutive channels of every item over
// their elements, then scales and shifts per channel (params γ, β) when given.
void group_normalize(const KernelArgs& a, std::int64_t groups, double eps, bool affine) {
  require_args(a, 1, affine ? 2 : 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(x.rank() >= 3 && x.dims() == y.dims(), "group norm needs equal N×C×… tensors");
  const std::int64_t C = x.dim(1), plane = static_cast<std::int64_t>(x.item_size()) / C;
  require(C % groups == 0, "group norm's groups");
  const std::int64_t run = C / groups * plane;  // elements of one group
  for (std::int64_t g = 0; g < x.dim(0) * groups; ++g) {
    const float* src = x.data() + g * run;
    float* dst = y.data() + g * run;
    double mean = 0.0, var = 0.0;
    for (std::int64_t i = 0; i < run; ++i) mean += src[i];
    mean /= static_cast<double>(run);
    for (std::int64_t i = 0; i < run; ++i) var += (src[i] - mean) * (src[i] - mean);
    const double inv = 1.0 / std::sqrt(var / static_cast<double>(run) + eps);
    for (std::int64_t i = 0; i < run; ++i) {
      double v = (src[i] - mean) * inv;
      if (affine) {
        const std::int64_t c = (g % groups) * (C / groups) + i / plane;
        v = v * a.params[0]->data()[c] + a.params[1]->data()[c];
      }
      dst[i] = static_cast<float>(v);
    }
  }
}

}  // namespace

void forward(const GroupNorm& op, const KernelArgs& a) {
  group_normalize(a, op.groups, op.eps, op.affine);
}

void forward(const InstanceNorm& op, const KernelArgs& a) {
  group_normalize(a, a.in.empty() || !a.in[0] ? 1 : a.in[0]->dim(1), op.eps, op.affine);
}

}  // namespace archcalc::exec::reference
