// The reference convolution: hand-computed cases, and random cases against an
// independent formulation (explicit im2col + naive matrix product) whose
// output size is found by enumerating window positions.
#include <catch2/catch.hpp>
#include <random>

#include "helpers.hpp"
#include "test_exec_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;
using exec::Array;

namespace {

// Runs `conv` on `x` through the reference kernel, output sized by the shape pass's infer.
Array conv_reference(const Conv& conv, const Array& x, const Array& w, const Array* b,
                     int threads = 1) {
  Shape in{{x.dim(1), x.dim(2), x.dim(3)}};
  Shape out = conv.infer(std::span<const Shape>(&in, 1));
  std::vector<const Array*> params{&w};
  if (b) params.push_back(b);
  return run_reference(conv, {&x}, params, with_batch(x.dim(0), out), threads);
}

// Window positions along one axis, by enumeration: a dilated window starting
// at padded coordinate n·stride must end inside the padded input.
std::int64_t positions(std::int64_t in, std::int64_t pad_lo, std::int64_t pad_hi, std::int64_t k,
                       std::int64_t stride, std::int64_t dilation) {
  std::int64_t n = 0;
  while (n * stride + dilation * (k - 1) <= in + pad_lo + pad_hi - 1) ++n;
  return n;
}

// The convolution as im2col + matrix product, per group, accumulated in double.
std::vector<double> conv_im2col(const Conv& c, const Array& x, const Array& w, const Array* b,
                                std::int64_t& oh_out, std::int64_t& ow_out) {
  const std::int64_t N = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
  const std::int64_t K = c.out, g = c.groups, cg = C / g, kg = K / g;
  const std::int64_t kh = c.kernel.h, kw = c.kernel.w;
  const Padding& p = c.pad;
  const std::int64_t OH = positions(H, p.top, p.bottom, kh, c.stride.h, c.dilation.h);
  const std::int64_t OW = positions(W, p.left, p.right, kw, c.stride.w, c.dilation.w);
  oh_out = OH;
  ow_out = OW;
  std::vector<double> y(static_cast<std::size_t>(N * K * OH * OW));
  const std::int64_t rows = cg * kh * kw, cols = OH * OW;
  for (std::int64_t n = 0; n < N; ++n) {
    for (std::int64_t gi = 0; gi < g; ++gi) {
      // cols matrix: one column per output pixel, one row per (channel, i, j).
      std::vector<double> m(static_cast<std::size_t>(rows * cols), 0.0);
      for (std::int64_t ch = 0; ch < cg; ++ch)
        for (std::int64_t i = 0; i < kh; ++i)
          for (std::int64_t j = 0; j < kw; ++j)
            for (std::int64_t oh = 0; oh < OH; ++oh)
              for (std::int64_t ow = 0; ow < OW; ++ow) {
                std::int64_t ih = oh * c.stride.h + i * c.dilation.h - p.top;
                std::int64_t iw = ow * c.stride.w + j * c.dilation.w - p.left;
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                m[((ch * kh + i) * kw + j) * cols + oh * OW + ow] =
                    x.data()[((n * C + gi * cg + ch) * H + ih) * W + iw];
              }
      for (std::int64_t k = 0; k < kg; ++k) {
        const std::int64_t ko = gi * kg + k;
        for (std::int64_t col = 0; col < cols; ++col) {
          double acc = b ? b->data()[ko] : 0.0;
          for (std::int64_t r = 0; r < rows; ++r) {
            acc += double(w.data()[ko * rows + r]) * m[r * cols + col];
          }
          y[(n * K + ko) * cols + col] = acc;
        }
      }
    }
  }
  return y;
}

}  // namespace

TEST_CASE("exec conv: the lecture's 6x6 input through a 1x1 filter of 2 doubles every value",
          "[exec][conv]") {
  std::vector<float> v(36);
  for (int i = 0; i < 36; ++i) v[i] = static_cast<float>(i + 1);
  Array x = tensor_of({1, 1, 6, 6}, v);
  Array w = tensor_of({1, 1, 1, 1}, {2.0f});
  Array y = conv_reference(make_conv(1, {1, 1}, {1, 1}, {}, {1, 1}, 1, false), x, w, nullptr);
  REQUIRE(y.dims() == std::vector<std::int64_t>{1, 1, 6, 6});
  for (int i = 0; i < 36; ++i) CHECK(y.data()[i] == 2.0f * static_cast<float>(i + 1));
}

TEST_CASE("exec conv: a 1x1 conv over 32 channels is a per-pixel dot product", "[exec][conv]") {
  // x[c][h][w] = h·3 + w + 1 in every channel, weights c + 1: each output pixel
  // is (h·3 + w + 1) · (1 + 2 + ... + 32) = 528 · (h·3 + w + 1), plus bias 0.5.
  std::vector<float> xv, wv;
  for (int c = 0; c < 32; ++c) {
    wv.push_back(static_cast<float>(c + 1));
    for (int p = 0; p < 9; ++p) xv.push_back(static_cast<float>(p + 1));
  }
  Array x = tensor_of({1, 32, 3, 3}, xv);
  Array w = tensor_of({1, 32, 1, 1}, wv);
  Array b = tensor_of({1}, {0.5f});
  Array y = conv_reference(make_conv(1, {1, 1}), x, w, &b);
  REQUIRE(y.dims() == std::vector<std::int64_t>{1, 1, 3, 3});
  for (int p = 0; p < 9; ++p) CHECK(y.data()[p] == 528.0f * static_cast<float>(p + 1) + 0.5f);
}

TEST_CASE("exec conv: 3x3 of ones with pad 1 counts each pixel's neighbours", "[exec][conv]") {
  Array x = tensor_of({1, 1, 3, 3}, std::vector<float>(9, 1.0f));
  Array w = tensor_of({1, 1, 3, 3}, std::vector<float>(9, 1.0f));
  Array y = conv_reference(make_conv(1, {3, 3}, {1, 1}, pads(1, 1, 1, 1), {1, 1}, 1, false), x, w,
                           nullptr);
  CHECK(std::vector<float>(y.data(), y.data() + 9) ==
        std::vector<float>{4, 6, 4, 6, 9, 6, 4, 6, 4});
}

TEST_CASE("exec conv: stride 2 and dilation 2 pick every other pixel", "[exec][conv]") {
  // x = 0..24 on 5x5; a 2x2 kernel of ones dilated by 2 spans 3x3; stride 2 → 2x2:
  // (0+2+10+12, 2+4+12+14, 10+12+20+22, 12+14+22+24).
  std::vector<float> v(25);
  for (int i = 0; i < 25; ++i) v[i] = static_cast<float>(i);
  Array x = tensor_of({1, 1, 5, 5}, v);
  Array w = tensor_of({1, 1, 2, 2}, {1, 1, 1, 1});
  Array y = conv_reference(make_conv(1, {2, 2}, {2, 2}, {}, {2, 2}, 1, false), x, w, nullptr);
  REQUIRE(y.dims() == std::vector<std::int64_t>{1, 1, 2, 2});
  CHECK(std::vector<float>(y.data(), y.data() + 4) == std::vector<float>{24, 32, 64, 72});
}

TEST_CASE("exec conv: groups keep channels apart", "[exec][conv]") {
  // Two groups of one channel: y0 = 3·x0, y1 = 5·x1.
  Array x = tensor_of({1, 2, 1, 2}, {1, 2, 10, 20});
  Array w = tensor_of({2, 1, 1, 1}, {3, 5});
  Array y = conv_reference(make_conv(2, {1, 1}, {1, 1}, {}, {1, 1}, 2, false), x, w, nullptr);
  CHECK(std::vector<float>(y.data(), y.data() + 4) == std::vector<float>{3, 6, 50, 100});
}

TEST_CASE("exec conv: asymmetric padding shifts the window", "[exec][conv]") {
  // 1x3 input (1, 2, 3), 1x2 kernel (1, 10), pad left 0 right 1: (1+20, 2+30, 3+0).
  Array x = tensor_of({1, 1, 1, 3}, {1, 2, 3});
  Array w = tensor_of({1, 1, 1, 2}, {1, 10});
  Array y = conv_reference(make_conv(1, {1, 2}, {1, 1}, pads(0, 0, 0, 1), {1, 1}, 1, false), x, w,
                           nullptr);
  REQUIRE(y.dims() == std::vector<std::int64_t>{1, 1, 1, 3});
  CHECK(std::vector<float>(y.data(), y.data() + 3) == std::vector<float>{21, 32, 3});
}

TEST_CASE("exec conv: random cases equal im2col + matrix product", "[exec][conv]") {
  std::mt19937 gen(12345);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); };
  int checked = 0;
  for (int trial = 0; trial < 60; ++trial) {
    const std::int64_t g = pick(1, 3);
    const std::int64_t C = g * pick(1, 3), K = g * pick(1, 3);
    const std::int64_t H = pick(4, 9), W = pick(4, 9), N = pick(1, 2);
    Conv conv = make_conv(K, {pick(1, 4), pick(1, 4)}, {pick(1, 3), pick(1, 3)},
                          pads(pick(0, 2), pick(0, 2), pick(0, 2), pick(0, 2)),
                          {pick(1, 2), pick(1, 2)}, g, pick(0, 1) == 1);
    Shape in{{C, H, W}};
    Shape out;
    try {
      out = conv.infer(std::span<const Shape>(&in, 1));
    } catch (const OpError&) {
      continue;  // the window does not fit this input
    }
    Array x = random_tensor({N, C, H, W}, gen);
    Array w = random_tensor({K, C / g, conv.kernel.h, conv.kernel.w}, gen);
    Array b = random_tensor({K}, gen);
    Array y = conv_reference(conv, x, w, conv.bias ? &b : nullptr);
    std::int64_t oh = 0, ow = 0;
    std::vector<double> want = conv_im2col(conv, x, w, conv.bias ? &b : nullptr, oh, ow);
    INFO("trial " << trial << ": " << conv.label() << " on " << in.str());
    REQUIRE(out == Shape{{K, oh, ow}});  // the shape pass agrees with enumeration
    REQUIRE(y.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
      REQUIRE(y.data()[i] == Approx(want[i]).margin(1e-5).epsilon(1e-5));
    }
    // Two threads split output channels: the same bits.
    Array y2 = conv_reference(conv, x, w, conv.bias ? &b : nullptr, /*threads=*/2);
    REQUIRE(std::equal(y.data(), y.data() + y.size(), y2.data()));
    ++checked;
  }
  CHECK(checked >= 30);
}

TEST_CASE("exec conv: 'same' padding resolves as the shape pass does", "[exec][conv]") {
  // 5x5 of ones, 4x4 kernel of ones, stride 1, same: TensorFlow puts the odd
  // pad at the bottom/right (top 1, bottom 2). Row 0 sees rows 0..2 (3 rows),
  // row 4 sees rows 3..4 (2 rows); likewise for columns.
  Array x = tensor_of({1, 1, 5, 5}, std::vector<float>(25, 1.0f));
  Array w = tensor_of({1, 1, 4, 4}, std::vector<float>(16, 1.0f));
  Conv c = make_conv(1, {4, 4}, {1, 1}, Padding{Padding::Mode::kSame}, {1, 1}, 1, false);
  Array y = conv_reference(c, x, w, nullptr);
  REQUIRE(y.dims() == std::vector<std::int64_t>{1, 1, 5, 5});
  const float counts[5] = {3, 4, 4, 3, 2};
  for (int r = 0; r < 5; ++r)
    for (int col = 0; col < 5; ++col) CHECK(y.data()[r * 5 + col] == counts[r] * counts[col]);
}

TEST_CASE("exec conv: tensors that disagree with the op are refused", "[exec][conv]") {
  Array x = tensor_of({1, 2, 3, 3});
  Array w = tensor_of({1, 1, 3, 3});  // needs 1×2×3×3
  Array y = tensor_of({1, 1, 1, 1});
  exec::KernelArgs a{{&x}, &y, {&w}, 1};
  CHECK_THROWS_WITH(exec::reference::forward(make_conv(1, {3, 3}, {1, 1}, {}, {1, 1}, 1, false), a),
                    "reference kernel: weight size");
}
