// NumPy .npy files of float32 in C order: the executor's interchange format
// for weights, inputs and outputs. Every problem with a file is an InputError
// naming it; the header's shape is checked before any data is read, so a
// malformed file never makes the reader allocate.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "exec/array.hpp"

namespace archcalc::exec {

// What an .npy header declares.
struct NpyHeader {
  std::string descr;  // "<f4"
  bool fortran_order = false;
  std::vector<std::int64_t> shape;  // each >= 0
  std::uint64_t data_offset = 0;    // bytes before the first element
};

// Parses the header of `bytes` (at least the file's first bytes up to the
// data); throws OpError saying what is wrong.
NpyHeader parse_npy_header(std::string_view bytes);

// Reads `path` into `t`. The file must hold little-endian float32 in C order
// with shape t.dims(), or one of `also` (e.g. the shape without the batch).
void load_npy(const std::string& path, Array& t,
              std::span<const std::vector<std::int64_t>> also = {});

// Writes `values` to `path` as a version 1.0 .npy of `<f4` with shape `dims`
// (whose product must equal values.size()).
void save_npy(const std::string& path, std::span<const float> values,
              std::span<const std::int64_t> dims);

}  // namespace archcalc::exec
