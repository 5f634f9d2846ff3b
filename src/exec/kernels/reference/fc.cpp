// Fully connected: one dot product per output feature, parallel over them.
#include <algorithm>

#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/reference/reference.hpp"
#include "exec/parallel.hpp"

namespace archcalc::exec::reference {

void forward(const FullyConnected& op, const KernelArgs& a) {
  require_args(a, 1, op.bias ? 2 : 1);
  const Array& x = *a.in[0];
  Array& y = *a.out;
  require(y.rank() == 2 && x.dim(0) == y.dim(0), "fc needs an N×F output");
  const std::int64_t batch = x.dim(0), in = static_cast<std::int64_t>(x.item_size());
  const std::int64_t out = y.dim(1);
  require(a.params[0]->size() == static_cast<std::size_t>(out * in), "weight size");
  require(!op.bias || a.params[1]->size() == static_cast<std::size_t>(out), "bias size");
  const float* w = a.params[0]->data();
  const float* bias = op.bias ? a.params[1]->data() : nullptr;

  parallel_for(out, a.threads, [&](std::int64_t o_begin, std::int64_t o_end) {
    for (std::int64_t n = 0; n < batch; ++n) {
      const float* xs = x.data() + n * in;
      for (std::int64_t o = o_begin; o < o_end; ++o) {
        const float* row = w + o * in;
        float acc = bias ? bias[o] : 0.0f;
        for (std::int64_t i = 0; i < in; ++i) acc += row[i] * xs[i];
        y.data()[n * out + o] = acc;
      }
    }
  });
}

void forward(const Flatten&, const KernelArgs& a) {
  require_args(a, 1, 0);
  require(a.in[0]->size() == a.out->size(), "flatten changes the element count");
  std::copy_n(a.in[0]->data(), a.out->size(), a.out->data());
}

}  // namespace archcalc::exec::reference
