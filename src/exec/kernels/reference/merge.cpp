// Ops that join branches, and the network input.
#include <algorithm>

#include "exec/kernels/reference/check.hpp"
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec::reference {

void forward(const Input&, const KernelArgs& a) {
  require_args(a, 0, 0);
}

void forward(const Concat&, const KernelArgs& a) {
  require_args(a, 1, 0);
  Array& y = *a.out;
  std::size_t total = 0;
  for (const Array* t : a.in) {
    require(t->rank() == y.rank() && t->dim(0) == y.dim(0), "concat input rank or batch");
    total += t->item_size();
  }
  require(total == y.item_size(), "concat inputs do not fill the output");
  // In C order, joining along dims[1] lays each item's inputs one after another.
  for (std::int64_t n = 0; n < y.dim(0); ++n) {
    float* dst = y.data() + n * y.item_size();
    for (const Array* t : a.in) {
      dst = std::copy_n(t->data() + n * t->item_size(), t->item_size(), dst);
    }
  }
}

void forward(const Add&, const KernelArgs& a) {
  require_args(a, 1, 0);
  Array& y = *a.out;
  for (const Array* t : a.in) require(t->size() == y.size(), "add inputs differ in size");
  std::copy_n(a.in[0]->data(), y.size(), y.data());
  for (std::size_t k = 1; k < a.in.size(); ++k) {
    const float* src = a.in[k]->data();
    for (std::size_t i = 0; i < y.size(); ++i) y.data()[i] += src[i];
  }
}

}  // namespace archcalc::exec::reference
