// Ops that join branches, and the network input.
#include <algorithm>
#include <vector>

#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec::reference {

void forward(const Input&, const KernelArgs& a) {
  require_args(a, 0, 0);
}

void forward(const Parameter&, const KernelArgs& a) {
  require_args(a, 0, 1);
  Array& y = *a.out;
  const Array& p = *a.params[0];
  require(p.size() == y.item_size(), "parameter size");
  for (std::int64_t n = 0; n < y.dim(0); ++n) {
    std::copy_n(p.data(), p.size(), y.data() + n * static_cast<std::int64_t>(y.item_size()));
  }
}

void forward(const Concat& op, const KernelArgs& a) {
  require_args(a, 1, 0);
  Array& y = *a.out;
  const std::size_t axis = resolve_axis(op.axis, y.rank() - 1) + 1;
  std::size_t total = 0;
  for (const Array* t : a.in) {
    require(t->rank() == y.rank() && t->dim(0) == y.dim(0), "concat input rank or batch");
    total += t->item_size();
  }
  require(total == y.item_size(), "concat inputs do not fill the output");
  // In C order, each run of the axes before `axis` lays the inputs' blocks
  // (their part of `axis` and everything after it) one after another.
  std::int64_t outer = 1;
  for (std::size_t d = 0; d < axis; ++d) outer *= y.dim(d);
  float* dst = y.data();
  for (std::int64_t o = 0; o < outer; ++o) {
    for (const Array* t : a.in) {
      const auto block = static_cast<std::int64_t>(t->size()) / outer;
      dst = std::copy_n(t->data() + o * block, block, dst);
    }
  }
}

namespace {

// Each element of `y` from one element of every input, broadcast: an input's
// axis of size 1 repeats along the output's.
template <typename F>
void broadcast(const KernelArgs& a, F&& combine) {
  Array& y = *a.out;
  const bool same =
      std::all_of(a.in.begin(), a.in.end(), [&](const Array* t) { return t->dims() == y.dims(); });
  if (same) {  // the common case (a residual add): no index arithmetic
    std::copy_n(a.in[0]->data(), y.size(), y.data());
    for (std::size_t k = 1; k < a.in.size(); ++k) {
      const float* src = a.in[k]->data();
      for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] = combine(y.data()[i], src[i]);
    }
    return;
  }
  const std::size_t rank = y.rank();
  std::vector<std::vector<std::int64_t>> strides;  // per input, per axis; 0 where broadcast
  for (const Array* t : a.in) {
    require(t->rank() == rank, "element-wise input rank");
    std::vector<std::int64_t> s(rank, 0);
    std::int64_t step = 1;
    for (std::size_t d = rank; d-- > 0;) {
      require(t->dim(d) == y.dim(d) || t->dim(d) == 1, "element-wise inputs do not broadcast");
      s[d] = t->dim(d) == 1 ? 0 : step;
      step *= t->dim(d);
    }
    strides.push_back(std::move(s));
  }
  std::vector<std::int64_t> index(rank, 0);
  std::vector<std::int64_t> offset(a.in.size(), 0);
  for (std::size_t i = 0; i < y.size(); ++i) {
    float v = a.in[0]->data()[offset[0]];
    for (std::size_t k = 1; k < a.in.size(); ++k) v = combine(v, a.in[k]->data()[offset[k]]);
    y.data()[i] = v;
    // The next index, in C order; each input's offset follows.
    for (std::size_t d = rank; d-- > 0;) {
      for (std::size_t k = 0; k < a.in.size(); ++k) offset[k] += strides[k][d];
      if (++index[d] < y.dim(d)) break;
      for (std::size_t k = 0; k < a.in.size(); ++k) offset[k] -= strides[k][d] * index[d];
      index[d] = 0;
    }
  }
}

}  // namespace

void forward(const Add&, const KernelArgs& a) {
  require_args(a, 1, 0);
  broadcast(a, [](float x, float y) { return x + y; });
}

void forward(const Mul&, const KernelArgs& a) {
  require_args(a, 2, 0);
  broadcast(a, [](float x, float y) { return x * y; });
}

void forward(const Sub&, const KernelArgs& a) {
  require_args(a, 2, 0);
  broadcast(a, [](float x, float y) { return x - y; });
}

void forward(const Div&, const KernelArgs& a) {
  require_args(a, 2, 0);
  broadcast(a, [](float x, float y) { return x / y; });
}

}  // namespace archcalc::exec::reference
