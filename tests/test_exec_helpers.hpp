// Helpers for the executor's tests: tensors from values, one reference kernel
// call, and a temporary directory.
#pragma once

#include <unistd.h>
#include <filesystem>
#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "exec/kernels/reference/reference.hpp"

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

// A fresh empty directory under the system's temporary directory, removed
// when the object goes.
class TempDir {
 public:
  explicit TempDir(const std::string& tag) {
    path_ = std::filesystem::temp_directory_path() /
            ("archcalc_" + tag + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace archcalc::test
