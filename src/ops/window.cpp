#include "ops/window.hpp"

#include <algorithm>

#include "util/diag.hpp"

namespace archcalc {

namespace {
void same_axis(std::int64_t in, std::int64_t k, std::int64_t s, std::int64_t d, std::int64_t& lo,
               std::int64_t& hi) {
  std::int64_t out = (in + s - 1) / s;
  std::int64_t span = d * (k - 1) + 1;
  std::int64_t total = std::max<std::int64_t>(0, (out - 1) * s + span - in);
  lo = total / 2;
  hi = total - lo;
}
}  // namespace

Pads resolve_pads(const Padding& p, std::int64_t in_h, std::int64_t in_w, Hw kernel, Hw stride,
                  Hw dilation) {
  Pads r;
  switch (p.mode) {
    case Padding::Mode::kExplicit:
      r = {p.top, p.bottom, p.left, p.right};
      break;
    case Padding::Mode::kValid:
      break;
    case Padding::Mode::kSame:
      same_axis(in_h, kernel.h, stride.h, dilation.h, r.top, r.bottom);
      same_axis(in_w, kernel.w, stride.w, dilation.w, r.left, r.right);
      break;
  }
  return r;
}

std::int64_t window_output(std::int64_t in, std::int64_t pad_lo, std::int64_t pad_hi,
                           std::int64_t kernel, std::int64_t stride, std::int64_t dilation,
                           bool ceil, const char* axis) {
  // Attribute ranges bound these below 2^40 each, so no step overflows.
  std::int64_t padded = in + pad_lo + pad_hi;
  __int128 wide_span = static_cast<__int128>(dilation) * (kernel - 1) + 1;
  if (wide_span > padded) {
    throw OpError("window " + (dilation == 1 ? std::to_string(kernel) : "(dilated)") +
                  " is larger than the padded input " + std::to_string(padded) + " (" + axis + ")");
  }
  auto span = static_cast<std::int64_t>(wide_span);
  std::int64_t out = (padded - span) / stride + 1;
  if (ceil && (padded - span) % stride != 0) {
    ++out;
    // The last window must start inside the input or its leading padding.
    if ((out - 1) * stride >= in + pad_lo) --out;
  }
  return out;
}

std::string window_label(Hw kernel, Hw stride, Hw dilation) {
  std::string s = std::to_string(kernel.h) + "×" + std::to_string(kernel.w);
  if (stride.h != 1 || stride.w != 1) {
    s += "/" + (stride.h == stride.w ? std::to_string(stride.h)
                                     : std::to_string(stride.h) + "×" + std::to_string(stride.w));
  }
  if (dilation.h != 1 || dilation.w != 1) {
    s += ",d" + (dilation.h == dilation.w
                     ? std::to_string(dilation.h)
                     : std::to_string(dilation.h) + "×" + std::to_string(dilation.w));
  }
  return s;
}

void require_map(const Shape& in) {
  if (!in.is_map()) throw OpError("needs a C×H×W input, got " + in.str());
}

}  // namespace archcalc
