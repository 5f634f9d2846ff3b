// Helpers for the executor's tests: tensors from values and one reference
// kernel call (TempDir is in helpers.hpp).
#pragma once

#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "exec/kernels/reference/reference.hpp"
#include "helpers.hpp"

namespace archcalc::test {

// A tensor of `dims` holding `values` (C order); zeros when values is empty.
inline exec::Array tensor_of(std::vector<std::int64_t> dims, std::vector<float> values = {}) {
  exec::Array t(std::move(dims));
  if (!values.empty()) {
    if (values.size() != t.size()) throw std::runtime_error("tensor_of: wrong value count");
    std::copy(values.begin(), values.end(), t.data());
  }
  return t;
}

// `batch` prepended to a shape.
inline std::vector<std::int64_t> with_batch(std::int64_t batch, const Shape& s) {
  std::vector<std::int64_t> dims{batch};
  dims.insert(dims.end(), s.dims.begin(), s.dims.end());
  return dims;
}

// Runs the reference kernel of `op` into a new tensor of `out_dims`.
template <typename O>
exec::Array run_reference(const O& op, std::vector<const exec::Array*> in,
                          std::vector<const exec::Array*> params,
                          std::vector<std::int64_t> out_dims, int threads = 1) {
  exec::Array out(std::move(out_dims));
  exec::KernelArgs a{std::move(in), &out, std::move(params), threads};
  exec::reference::forward(op, a);
  return out;
}

}  // namespace archcalc::test
