// The reference kernels other than convolution, on hand-computed examples;
// pooling also against an independent formulation on an explicitly padded input.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>

#include "helpers.hpp"
#include "test_exec_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;
using exec::Array;

namespace {

std::vector<float> values(const Array& t) {
  return {t.data(), t.data() + t.size()};
}

std::vector<float> iota(int n) {
  std::vector<float> v(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) v[i] = static_cast<float>(i);
  return v;
}

template <PoolMode M>
Pool<M> make_pool(Hw kernel, Hw stride, Padding pad = {}, bool ceil = false,
                  bool count_pad = true) {
  Pool<M> p;
  p.kernel = kernel;
  p.stride = stride;
  p.pad = pad;
  p.ceil = ceil;
  p.count_pad = count_pad;
  return p;
}

template <PoolMode M>
Array pool_reference(const Pool<M>& op, const Array& x) {
  Shape in{{x.dim(1), x.dim(2), x.dim(3)}};
  return run_reference(op, {&x}, {},
                       with_batch(x.dim(0), op.infer(std::span<const Shape>(&in, 1))));
}

// Pooling over an explicitly padded copy of the input (padding = −inf for max,
// 0 for average), windows cut at the padded input's end; the divisor counts
// padded cells (count_pad) or input cells. Output size by enumeration.
template <PoolMode M>
std::vector<float> pool_padded(const Pool<M>& op, const Array& x, std::int64_t& oh_out,
                               std::int64_t& ow_out) {
  const std::int64_t planes = x.dim(0) * x.dim(1), H = x.dim(2), W = x.dim(3);
  const Padding& p = op.pad;
  const std::int64_t PH = H + p.top + p.bottom, PW = W + p.left + p.right;
  auto count = [&](std::int64_t padded, std::int64_t in, std::int64_t lo, std::int64_t k,
                   std::int64_t s) {
    std::int64_t n = 0;
    // floor: the window fits; ceil: it starts before the padded end minus (k - s)
    // and inside the input or its leading padding.
    while (op.ceil ? (n * s < padded - k + s && n * s < in + lo) : (n * s + k <= padded)) ++n;
    return n;
  };
  const std::int64_t OH = count(PH, H, p.top, op.kernel.h, op.stride.h);
  const std::int64_t OW = count(PW, W, p.left, op.kernel.w, op.stride.w);
  oh_out = OH;
  ow_out = OW;
  const float fill = M == PoolMode::kMax ? -std::numeric_limits<float>::infinity() : 0.0f;
  std::vector<float> out;
  for (std::int64_t plane = 0; plane < planes; ++plane) {
    std::vector<float> padded(static_cast<std::size_t>(PH * PW), fill);
    std::vector<bool> real(padded.size(), false);
    for (std::int64_t h = 0; h < H; ++h)
      for (std::int64_t w = 0; w < W; ++w) {
        padded[(h + p.top) * PW + w + p.left] = x.data()[(plane * H + h) * W + w];
        real[(h + p.top) * PW + w + p.left] = true;
      }
    for (std::int64_t oh = 0; oh < OH; ++oh)
      for (std::int64_t ow = 0; ow < OW; ++ow) {
        float best = fill, sum = 0;
        int cells = 0, real_cells = 0;
        for (std::int64_t i = 0; i < op.kernel.h; ++i)
          for (std::int64_t j = 0; j < op.kernel.w; ++j) {
            std::int64_t r = oh * op.stride.h + i, c = ow * op.stride.w + j;
            if (r >= PH || c >= PW) continue;
            float v = padded[r * PW + c];
            best = std::max(best, v);
            sum += v;
            ++cells;
            real_cells += real[r * PW + c] ? 1 : 0;
          }
        if constexpr (M == PoolMode::kMax) {
          out.push_back(best);
        } else {
          out.push_back(sum / static_cast<float>(op.count_pad ? cells : real_cells));
        }
      }
  }
  return out;
}

}  // namespace

TEST_CASE("exec pool: max 2x2/2 on 0..15", "[exec][pool]") {
  Array y =
      pool_reference(make_pool<PoolMode::kMax>({2, 2}, {2, 2}), tensor_of({1, 1, 4, 4}, iota(16)));
  CHECK(values(y) == std::vector<float>{5, 7, 13, 15});
}

TEST_CASE("exec pool: Caffe's ceil rounding, 3x3/2 on 6x6", "[exec][pool]") {
  // x = r·6 + c. ceil gives 3x3 outputs; the last window starts at 4 and is cut
  // to rows/columns 4..5.
  Array x = tensor_of({1, 1, 6, 6}, iota(36));
  Array mx = pool_reference(make_pool<PoolMode::kMax>({3, 3}, {2, 2}, {}, true), x);
  REQUIRE(mx.dims() == std::vector<std::int64_t>{1, 1, 3, 3});
  CHECK(values(mx) == std::vector<float>{14, 16, 17, 26, 28, 29, 32, 34, 35});
  Array avg = pool_reference(make_pool<PoolMode::kAvg>({3, 3}, {2, 2}, {}, true), x);
  // (0,0): rows 0-2, cols 0-2: mean 7. (0,2): rows 0-2, cols 4-5: 63/6 = 10.5.
  // (2,2): rows 4-5, cols 4-5: (28+29+34+35)/4 = 31.5.
  CHECK(avg.data()[0] == 7.0f);
  CHECK(avg.data()[2] == 10.5f);
  CHECK(avg.data()[8] == 31.5f);
}

TEST_CASE("exec pool: average with padding, counting the padding or not", "[exec][pool]") {
  Array x = tensor_of({1, 1, 3, 3}, std::vector<float>(9, 1.0f));
  Padding one{Padding::Mode::kExplicit, 1, 1, 1, 1};
  Array with = pool_reference(make_pool<PoolMode::kAvg>({3, 3}, {1, 1}, one, false, true), x);
  CHECK(with.data()[0] == Approx(4.0 / 9));  // corner: 4 input cells of 9
  CHECK(with.data()[1] == Approx(6.0 / 9));
  CHECK(with.data()[4] == 1.0f);
  Array without = pool_reference(make_pool<PoolMode::kAvg>({3, 3}, {1, 1}, one, false, false), x);
  CHECK(values(without) == std::vector<float>(9, 1.0f));
  // Max pooling never takes the padding: all −1 stays −1.
  Array neg = tensor_of({1, 1, 3, 3}, std::vector<float>(9, -1.0f));
  CHECK(values(pool_reference(make_pool<PoolMode::kMax>({3, 3}, {1, 1}, one), neg)) ==
        std::vector<float>(9, -1.0f));
}

TEST_CASE("exec pool: global average and max", "[exec][pool]") {
  AvgPool ga;
  ga.global = true;
  MaxPool gm;
  gm.global = true;
  Array x = tensor_of({2, 1, 2, 2}, {1, 2, 3, 4, 10, 20, 30, 40});
  CHECK(values(pool_reference(ga, x)) == std::vector<float>{2.5f, 25.0f});
  CHECK(values(pool_reference(gm, x)) == std::vector<float>{4.0f, 40.0f});
}

TEST_CASE("exec pool: random cases equal pooling over an explicitly padded input", "[exec][pool]") {
  std::mt19937 gen(777);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); };
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  int checked = 0;
  for (int trial = 0; trial < 80; ++trial) {
    Hw k{pick(1, 4), pick(1, 4)};
    Padding pad{Padding::Mode::kExplicit, pick(0, int(k.h) - 1), pick(0, int(k.h) - 1),
                pick(0, int(k.w) - 1), pick(0, int(k.w) - 1)};
    bool ceil = pick(0, 1) == 1, count_pad = pick(0, 1) == 1;
    Hw s{pick(1, 3), pick(1, 3)};
    Array x({pick(1, 2), pick(1, 3), pick(3, 9), pick(3, 9)});
    for (float& v : x.values()) v = u(gen);
    Shape in{{x.dim(1), x.dim(2), x.dim(3)}};
    auto check = [&](auto op) {
      Shape out;
      try {
        out = op.infer(std::span<const Shape>(&in, 1));
      } catch (const OpError&) {
        return;
      }
      std::int64_t oh = 0, ow = 0;
      std::vector<float> want = pool_padded(op, x, oh, ow);
      INFO("trial " << trial << ": " << op.label() << " on " << in.str());
      REQUIRE(out == Shape{{x.dim(1), oh, ow}});
      Array y = pool_reference(op, x);
      REQUIRE(y.size() == want.size());
      for (std::size_t i = 0; i < want.size(); ++i) REQUIRE(y.data()[i] == Approx(want[i]));
      ++checked;
    };
    check(make_pool<PoolMode::kMax>(k, s, pad, ceil));
    check(make_pool<PoolMode::kAvg>(k, s, pad, ceil, count_pad));
  }
  CHECK(checked >= 100);
}

TEST_CASE("exec fc: a 2x3 weight matrix, and an implicitly flattened map", "[exec][fc]") {
  FullyConnected fc;
  fc.out = 2;
  Array w = tensor_of({2, 3}, {1, 2, 3, 4, 5, 6});
  Array b = tensor_of({2}, {0.5f, -1.0f});
  // (1+2+6+0.5, 4+5+12−1); the second item (0, 1, 0): (2+0.5, 5−1).
  Array x = tensor_of({2, 3}, {1, 1, 2, 0, 1, 0});
  CHECK(values(run_reference(fc, {&x}, {&w, &b}, {2, 2})) == std::vector<float>{9.5f, 20, 2.5f, 4});
  Array map = tensor_of({1, 3, 1, 1}, {1, 1, 2});
  CHECK(values(run_reference(fc, {&map}, {&w, &b}, {1, 2}, /*threads=*/2)) ==
        std::vector<float>{9.5f, 20});
}

TEST_CASE("exec lrn: Caffe's across-channel formula", "[exec][lrn]") {
  // x = (1, 2, 3), size 3, alpha 3 (alpha/size = 1), beta 1, k 1:
  // c0: 1/(1+1+4) = 1/6; c1: 2/(1+1+4+9) = 2/15; c2: 3/(1+4+9) = 3/14.
  Lrn lrn;
  lrn.size = 3;
  lrn.alpha = 3;
  lrn.beta = 1;
  lrn.k = 1;
  Array x = tensor_of({1, 3, 1, 1}, {1, 2, 3});
  Array y = run_reference(lrn, {&x}, {}, {1, 3, 1, 1});
  CHECK(y.data()[0] == Approx(1.0 / 6));
  CHECK(y.data()[1] == Approx(2.0 / 15));
  CHECK(y.data()[2] == Approx(3.0 / 14));
  // AlexNet's constants: size 5, alpha 1e-4, beta 0.75, k 2, on (1, 2, 3).
  lrn.size = 5;
  lrn.alpha = 1e-4;
  lrn.beta = 0.75;
  lrn.k = 2;
  y = run_reference(lrn, {&x}, {}, {1, 3, 1, 1});
  CHECK(y.data()[1] == Approx(2.0 / std::pow(2.0 + 1e-4 / 5 * 14, 0.75)));
}

TEST_CASE("exec batchnorm: gamma·(x − mean)/sqrt(var + eps) + beta", "[exec][batchnorm]") {
  BatchNorm bn;
  bn.eps = 1;
  // channel 0: gamma 2, beta 1, mean 3, var 3 → y = 2(x−3)/2 + 1 = x − 2;
  // channel 1: gamma 1, beta 0, mean 0, var 0 → y = x.
  Array gamma = tensor_of({2}, {2, 1}), beta = tensor_of({2}, {1, 0});
  Array mean = tensor_of({2}, {3, 0}), var = tensor_of({2}, {3, 0});
  Array x = tensor_of({1, 2, 1, 2}, {3, 5, 7, 8});
  Array y = run_reference(bn, {&x}, {&gamma, &beta, &mean, &var}, {1, 2, 1, 2});
  CHECK(values(y) == std::vector<float>{1, 3, 7, 8});
}

TEST_CASE("exec activations, dropout, softmax, flatten", "[exec][elementwise]") {
  Array x = tensor_of({1, 4}, {-2, 0, 3, 7});
  CHECK(values(run_reference(Relu{}, {&x}, {}, {1, 4})) == std::vector<float>{0, 0, 3, 7});
  CHECK(values(run_reference(Relu6{}, {&x}, {}, {1, 4})) == std::vector<float>{0, 0, 3, 6});
  LeakyRelu leaky;
  leaky.alpha = 0.25;
  CHECK(values(run_reference(leaky, {&x}, {}, {1, 4})) == std::vector<float>{-0.5f, 0, 3, 7});
  CHECK(values(run_reference(Dropout{}, {&x}, {}, {1, 4})) == values(x));
  Array zero = tensor_of({1, 1}, {0});
  CHECK(run_reference(Sigmoid{}, {&zero}, {}, {1, 1}).data()[0] == 0.5f);
  CHECK(run_reference(Tanh{}, {&zero}, {}, {1, 1}).data()[0] == 0.0f);
  CHECK(run_reference(Sigmoid{}, {&x}, {}, {1, 4}).data()[2] == Approx(1 / (1 + std::exp(-3.0))));
  CHECK(run_reference(Tanh{}, {&x}, {}, {1, 4}).data()[0] == Approx(std::tanh(-2.0)));
  // softmax of (0, ln 3) is (1/4, 3/4), per batch item.
  Array s = tensor_of({2, 2}, {0, std::log(3.0f), 5, 5});
  std::vector<float> soft = values(run_reference(Softmax{}, {&s}, {}, {2, 2}));
  CHECK(soft[0] == Approx(0.25));
  CHECK(soft[1] == Approx(0.75));
  CHECK(soft[2] == 0.5f);
  CHECK(soft[3] == 0.5f);
  Array m = tensor_of({1, 2, 1, 2}, {1, 2, 3, 4});
  CHECK(values(run_reference(Flatten{}, {&m}, {}, {1, 4})) == std::vector<float>{1, 2, 3, 4});
}

TEST_CASE("exec concat and add, per batch item", "[exec][merge]") {
  // Two items; a has 1 channel, b 2 channels, each 1x1.
  Array a = tensor_of({2, 1, 1, 1}, {1, 2});
  Array b = tensor_of({2, 2, 1, 1}, {10, 11, 20, 21});
  CHECK(values(run_reference(Concat{}, {&a, &b}, {}, {2, 3, 1, 1})) ==
        std::vector<float>{1, 10, 11, 2, 20, 21});
  Array c = tensor_of({2, 1, 1, 1}, {100, 200});
  CHECK(values(run_reference(Add{}, {&a, &a, &c}, {}, {2, 1, 1, 1})) ==
        std::vector<float>{102, 204});
}
