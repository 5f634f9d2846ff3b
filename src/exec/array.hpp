// A dense float32 array (a tensor) in C order: what the executor's kernels read and
// write. Dimensions include the batch (N×C×H×W for maps, N×F for vectors).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace archcalc::exec {

// Movable, not copyable: arrays are large and kernels hold pointers to them.
class Array {
 public:
  Array() = default;
  // A zero-filled tensor; every dimension must be > 0.
  explicit Array(std::vector<std::int64_t> dims);
  // A tensor whose elements are left unset, for one that is overwritten
  // whole before it is read (a layer's output: every kernel writes all of it).
  static Array uninitialized(std::vector<std::int64_t> dims);
  Array(Array&& o) noexcept
      : dims_(std::exchange(o.dims_, {})),
        data_(std::move(o.data_)),
        size_(std::exchange(o.size_, 0)) {}
  Array& operator=(Array&& o) noexcept {
    dims_ = std::exchange(o.dims_, {});
    data_ = std::move(o.data_);
    size_ = std::exchange(o.size_, 0);
    return *this;
  }

  const std::vector<std::int64_t>& dims() const { return dims_; }
  std::int64_t dim(std::size_t i) const { return dims_.at(i); }
  std::size_t rank() const { return dims_.size(); }
  // Number of elements.
  std::size_t size() const { return size_; }
  // Elements per batch item: size() / dim(0).
  std::size_t item_size() const { return dims_.empty() ? 0 : size_ / dims_[0]; }
  float* data() { return data_.get(); }
  const float* data() const { return data_.get(); }
  std::span<float> values() { return {data_.get(), size_}; }
  std::span<const float> values() const { return {data_.get(), size_}; }
  // Bytes held by the elements.
  std::size_t bytes() const { return size_ * sizeof(float); }

 private:
  Array(std::vector<std::int64_t> dims, bool zero);

  std::vector<std::int64_t> dims_;
  std::unique_ptr<float[]> data_;  // zeros unless uninitialized()
  std::size_t size_ = 0;
};

// "(64, 3, 7, 7)": NumPy's spelling of a shape.
std::string shape_text(std::span<const std::int64_t> dims);

}  // namespace archcalc::exec
