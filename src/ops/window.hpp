// Sliding-window arithmetic shared by convolution and pooling.
#pragma once

#include <cstdint>
#include <string>

#include "base/shape.hpp"
#include "ops/attrs.hpp"

namespace archcalc {

// Padding resolved against an input size: explicit values per side.
struct Pads {
  std::int64_t top = 0, bottom = 0, left = 0, right = 0;
};

// Resolves `same`/`valid` for an input of `in_h`×`in_w` (TensorFlow's rule: the
// odd pixel of `same` goes to the bottom/right).
Pads resolve_pads(const Padding& p, std::int64_t in_h, std::int64_t in_w, Hw kernel, Hw stride,
                  Hw dilation);

// Output size along one axis. `ceil` follows Caffe/PyTorch ceil_mode: round up,
// but the last window must start inside the input or its leading padding.
// Throws OpError when the (dilated) window exceeds the padded input.
std::int64_t window_output(std::int64_t in, std::int64_t pad_lo, std::int64_t pad_hi,
                           std::int64_t kernel, std::int64_t stride, std::int64_t dilation,
                           bool ceil, const char* axis);

// "3×3/2" (stride shown when not 1); "1×7"; "3×3/2,d2".
std::string window_label(Hw kernel, Hw stride, Hw dilation = {1, 1});

// Requires a C×H×W input; throws OpError naming what was given.
void require_map(const Shape& in);

}  // namespace archcalc
