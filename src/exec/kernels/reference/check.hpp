// Entry checks shared by the reference kernels: a kernel handed tensors that
// disagree with its op throws OpError instead of reading out of bounds.
#pragma once

#include <string>

#include "exec/backend.hpp"
#include "util/diag.hpp"

namespace archcalc::exec::reference {

// Throws OpError("<what>") unless `ok`.
inline void require(bool ok, const char* what) {
  if (!ok) throw OpError(std::string("reference kernel: ") + what);
}

// Checks the counts of inputs and parameters, and that every tensor is set.
inline void require_args(const KernelArgs& a, std::size_t inputs, std::size_t params) {
  require(a.out != nullptr, "no output tensor");
  require(inputs == 0 ? true : a.in.size() >= inputs, "too few inputs");
  require(a.params.size() == params, "wrong number of parameter tensors");
  for (const Array* t : a.in) require(t != nullptr, "input tensor missing");
  for (const Array* t : a.params) require(t != nullptr, "parameter tensor missing");
}

}  // namespace archcalc::exec::reference
