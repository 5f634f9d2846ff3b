#include "exec/array.hpp"

#include <stdexcept>

namespace archcalc::exec {

Array::Array(std::vector<std::int64_t> dims) : Array(std::move(dims), true) {}

Array Array::uninitialized(std::vector<std::int64_t> dims) {
  return Array(std::move(dims), false);
}

Array::Array(std::vector<std::int64_t> dims, bool zero) : dims_(std::move(dims)) {
  std::size_t n = 1;
  for (auto d : dims_) {
    if (d <= 0) throw std::invalid_argument("tensor dimensions must be > 0");
    if (__builtin_mul_overflow(n, static_cast<std::size_t>(d), &n)) {
      throw std::length_error("tensor size overflows");
    }
  }
  data_ = zero ? std::make_unique<float[]>(n) : std::make_unique_for_overwrite<float[]>(n);
  size_ = n;
}

std::string shape_text(std::span<const std::int64_t> dims) {
  std::string s = "(";
  for (std::size_t i = 0; i < dims.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(dims[i]);
  }
  if (dims.size() == 1) s += ",";
  return s + ")";
}

}  // namespace archcalc::exec
