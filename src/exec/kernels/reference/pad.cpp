// Padding: each output element reads the input element its position maps to
// along every padded axis (the mirror image for reflect, the nearest edge for
// edge), or is the constant.
#include <vector>

#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec::reference {

namespace {

// The input index along an axis of size n for output index i less the
// leading padding; -1 for a constant cell.
std::int64_t source(PadMode mode, std::int64_t i, std::int64_t n) {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case PadMode::kConstant:
      return -1;
    case PadMode::kReflect:
      return i < 0 ? -i : 2 * (n - 1) - i;
    case PadMode::kEdge:
      return i < 0 ? 0 : n - 1;
  }
  return -1;
}

}  // namespace

void forward(const Pad& op, const KernelArgs& a) {
  require_args(a, 1, 0);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  const std::size_t rank = x.rank();
  require(rank >= 3 && y.rank() == rank && x.dim(0) == y.dim(0) && x.dim(1) == y.dim(1),
          "pad needs tensors of equal batch and channels with axes after them");
  Shape item;
  for (std::size_t d = 1; d < rank; ++d) item.dims.push_back(x.dim(d));
  const std::vector<std::int64_t> sides = op.sides(item);
  const auto fill = static_cast<float>(op.value);
  // The input's stride along each axis.
  std::vector<std::int64_t> stride(rank, 1);
  for (std::size_t d = rank - 1; d-- > 0;) stride[d] = stride[d + 1] * x.dim(d + 1);
  std::vector<std::int64_t> index(rank, 0);
  for (std::size_t o = 0; o < y.size(); ++o) {
    std::int64_t from = index[0] * stride[0] + index[1] * stride[1];
    for (std::size_t d = 2; d < rank && from >= 0; ++d) {
      const std::int64_t s = source(op.mode, index[d] - sides[2 * (d - 2)], x.dim(d));
      from = s < 0 ? -1 : from + s * stride[d];
    }
    y.data()[o] = from < 0 ? fill : x.data()[from];
    for (std::size_t d = rank; d-- > 0;) {
      if (++index[d] < y.dim(d)) break;
      index[d] = 0;
    }
  }
}

}  // namespace archcalc::exec::reference
