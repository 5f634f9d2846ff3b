// Helpers for the executor's tests: tensors from values and one reference
// kernel call (TempDir is in helpers.hpp).
#pragma once

#include <cmath>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
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

// A conv op from its attributes.
inline Conv make_conv(std::int64_t out, Hw kernel, Hw stride = {1, 1}, Padding pad = {},
                      Hw dilation = {1, 1}, std::int64_t groups = 1, bool bias = true) {
  Conv c;
  c.out = out;
  c.kernel = kernel;
  c.stride = stride;
  c.pad = pad;
  c.dilation = dilation;
  c.groups = groups;
  c.bias = bias;
  return c;
}

// Explicit per-side padding.
inline Padding pads(std::int64_t top, std::int64_t bottom, std::int64_t left, std::int64_t right) {
  return Padding{Padding::Mode::kExplicit, top, bottom, left, right};
}

// A bundled network (`rel` from the source root) at a reduced input:
// `size`×`size` spatially, training-only layers (auxiliary classifiers, whose
// fixed windows need the full input) dropped, and GoogLeNet's fixed 7×7 final
// average pool made global.
inline Network reduced_network(const std::string& rel, int size) {
  std::ifstream f(source_path(rel));
  std::string kept;
  for (std::string line; std::getline(f, line);) {
    if (line.find("train_only: true") == std::string::npos) kept += line + "\n";
  }
  kept = std::regex_replace(
      kept, std::regex(R"(\ninput: \[(\d+), \d+, \d+\])"),
      "\ninput: [$1, " + std::to_string(size) + ", " + std::to_string(size) + "]");
  kept = std::regex_replace(kept, std::regex(R"(op: avgpool, kernel: 7, stride: 1\})"),
                            "op: avgpool, global: true}");
  return analyzed_text(kept, rel);
}

// A tensor of `dims` with values uniform in [lo, hi).
inline exec::Array random_tensor(std::vector<std::int64_t> dims, std::mt19937& rng,
                                 float lo = -1.0f, float hi = 1.0f) {
  exec::Array t(std::move(dims));
  std::uniform_real_distribution<float> u(lo, hi);
  for (float& v : t.values()) v = u(rng);
  return t;
}

// |t|, element by element.
inline exec::Array absolute(const exec::Array& t) {
  exec::Array a(t.dims());
  for (std::size_t i = 0; i < t.size(); ++i) a.data()[i] = std::fabs(t.data()[i]);
  return a;
}

}  // namespace archcalc::test
