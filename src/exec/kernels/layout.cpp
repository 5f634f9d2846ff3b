#include "exec/kernels/layout.hpp"

#include <algorithm>
#include <cstring>

#include "exec/kernels/reference/check.hpp"

namespace archcalc::exec {

namespace {

constexpr std::int64_t kTile = 32;  // 32×32 floats: two 4 KiB tiles in L1

// Visits every index of `dims` over the axes `axes` (C order), calling
// f(x offset, y offset) with the offsets along those axes.
template <typename F>
void each_index(const std::vector<std::int64_t>& dims, const std::vector<std::int64_t>& xs,
                const std::vector<std::int64_t>& ys, const std::vector<std::size_t>& axes, F&& f) {
  std::vector<std::int64_t> index(axes.size(), 0);
  std::int64_t bx = 0, by = 0;
  while (true) {
    f(bx, by);
    std::size_t k = axes.size();
    while (k-- > 0) {
      const std::size_t d = axes[k];
      bx += xs[d];
      by += ys[d];
      if (++index[k] < dims[d]) break;
      bx -= xs[d] * index[k];
      by -= ys[d] * index[k];
      index[k] = 0;
    }
    if (k == static_cast<std::size_t>(-1)) return;
  }
}

}  // namespace

TransposePlan plan_transpose(const std::vector<std::int64_t>& x_dims,
                             const std::vector<std::int64_t>& perm) {
  const std::size_t rank = x_dims.size();
  std::vector<std::int64_t> xs(rank, 1);
  for (std::size_t d = rank; d-- > 1;) xs[d - 1] = xs[d] * x_dims[d];
  TransposePlan plan;
  for (std::size_t i = 0; i < rank; ++i) {
    const std::size_t from = i == 0 ? 0 : static_cast<std::size_t>(perm[i - 1]) + 1;
    const std::int64_t dim = x_dims[from], stride = xs[from];
    if (dim == 1) continue;
    // An axis right after its input neighbour (in the same order) joins it.
    if (!plan.dims.empty() && plan.in_stride.back() == dim * stride) {
      plan.dims.back() *= dim;
      plan.in_stride.back() = stride;
      continue;
    }
    plan.dims.push_back(dim);
    plan.in_stride.push_back(stride);
  }
  if (plan.dims.empty()) plan = {{1}, {1}};
  return plan;
}

void run_transpose(const TransposePlan& plan, const float* x, float* y) {
  const std::vector<std::int64_t>& dims = plan.dims;
  const std::vector<std::int64_t>& xs = plan.in_stride;
  const std::size_t rank = dims.size(), last = rank - 1;
  std::vector<std::int64_t> ys(rank, 1);
  for (std::size_t d = rank; d-- > 1;) ys[d - 1] = ys[d] * dims[d];
  if (xs[last] == 1) {  // runs of the last axis, contiguous on both sides
    const auto bytes = static_cast<std::size_t>(dims[last]) * sizeof(float);
    std::vector<std::size_t> outer(last);
    for (std::size_t d = 0; d < last; ++d) outer[d] = d;
    each_index(dims, xs, ys, outer,
               [&](std::int64_t bx, std::int64_t by) { std::memcpy(y + by, x + bx, bytes); });
    return;
  }
  // The output axis the input runs along (stride 1), and tiles of it × the last.
  const auto j = static_cast<std::size_t>(std::find(xs.begin(), xs.end(), 1) - xs.begin());
  std::vector<std::size_t> outer;
  for (std::size_t d = 0; d < last; ++d) {
    if (d != j) outer.push_back(d);
  }
  const std::int64_t nj = dims[j], nl = dims[last], yj = ys[j], xl = xs[last];
  each_index(dims, xs, ys, outer, [&](std::int64_t bx, std::int64_t by) {
    for (std::int64_t j0 = 0; j0 < nj; j0 += kTile) {
      const std::int64_t j1 = std::min(nj, j0 + kTile);
      for (std::int64_t l0 = 0; l0 < nl; l0 += kTile) {
        const std::int64_t l1 = std::min(nl, l0 + kTile);
        for (std::int64_t jj = j0; jj < j1; ++jj) {
          float* out = y + by + jj * yj;
          const float* in = x + bx + jj;
          for (std::int64_t ll = l0; ll < l1; ++ll) out[ll] = in[ll * xl];
        }
      }
    }
  });
}

BoundKernel bind_fast_transpose(const Transpose& op, const KernelArgs& a) {
  using reference::require;
  reference::require_args(a, 1, 0);
  const Array* x = a.in[0];
  Array* y = a.out;
  const std::size_t rank = x->rank();
  require(op.perm.size() + 1 == rank && y->rank() == rank, "transpose rank");
  for (std::size_t i = 1; i < rank; ++i) {
    require(y->dim(i) == x->dim(static_cast<std::size_t>(op.perm[i - 1]) + 1), "transpose shape");
  }
  require(y->dim(0) == x->dim(0), "transpose batch");
  const TransposePlan plan = plan_transpose(x->dims(), op.perm);
  return [plan, x, y] { run_transpose(plan, x->data(), y->data()); };
}

}  // namespace archcalc::exec
