// Reshape, transpose and slice: elements moved, none computed.
#include <algorithm>
#include <vector>

#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec::reference {

void forward(const Reshape&, const KernelArgs& a) {
  require_args(a, 1, 0);
  require(a.in[0]->size() == a.out->size(), "reshape changes the element count");
  std::copy_n(a.in[0]->data(), a.out->size(), a.out->data());
}

void forward(const Transpose& op, const KernelArgs& a) {
  require_args(a, 1, 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  const std::size_t rank = x.rank();
  require(op.perm.size() + 1 == rank && y.rank() == rank, "transpose rank");
  // The input's stride along each output axis (the batch axis stays first).
  std::vector<std::int64_t> in_stride(rank, 1);
  for (std::size_t d = rank - 1; d-- > 0;) in_stride[d] = in_stride[d + 1] * x.dim(d + 1);
  std::vector<std::int64_t> along(rank);
  along[0] = in_stride[0];
  for (std::size_t i = 1; i < rank; ++i) {
    along[i] = in_stride[static_cast<std::size_t>(op.perm[i - 1]) + 1];
    require(y.dim(i) == x.dim(static_cast<std::size_t>(op.perm[i - 1]) + 1), "transpose shape");
  }
  std::vector<std::int64_t> index(rank, 0);
  std::int64_t from = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    y.data()[i] = x.data()[from];
    for (std::size_t d = rank; d-- > 0;) {
      from += along[d];
      if (++index[d] < y.dim(d)) break;
      from -= along[d] * index[d];
      index[d] = 0;
    }
  }
}

void forward(const Slice& op, const KernelArgs& a) {
  require_args(a, 1, 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  const std::size_t axis = resolve_axis(op.axis, x.rank() - 1) + 1;
  // Blocks of `inner` elements: `outer` runs of the axis.
  std::int64_t outer = 1, inner = 1;
  for (std::size_t d = 0; d < axis; ++d) outer *= x.dim(d);
  for (std::size_t d = axis + 1; d < x.rank(); ++d) inner *= x.dim(d);
  require(y.size() == static_cast<std::size_t>(outer * op.size * inner), "slice output size");
  for (std::int64_t o = 0; o < outer; ++o) {
    std::copy_n(x.data() + (o * x.dim(axis) + op.start) * inner, op.size * inner,
                y.data() + o * op.size * inner);
  }
}

}  // namespace archcalc::exec::reference
