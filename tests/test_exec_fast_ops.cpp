// The fast backends' kernels for today's networks against the reference
// backend: linear and matmul (gemm: OpenBLAS; onednn: inner product and
// matmul), depthwise convolution (gemm's direct loop; onednn's convolution),
// and, on onednn, layer norm and the mean and maximum reductions. Each is
// bound through the backend (as the executor binds it) and must run on the
// backend's own kernel, at 1 and 2 threads.
//
// Tolerances, each above the float error bound of the shapes used here:
// - linear, matmul and depthwise conv sum K ≤ 160 products per output in some
//   order: within 1e-5 × Σ|products| (the same op on |inputs|), above
//   K·2⁻²⁴·Σ|products| ≤ 9.6e-6·Σ|products|, as for convolutions in
//   test_exec_backends.cpp;
// - layer norm over D ≤ 64 elements: its float mean and variance carry at
//   most D·2⁻²⁴ ≤ 3.9e-6 relative error (inputs centred on 0, so the
//   variance has no cancellation), and each output is a few roundings of
//   terms no larger than max|y|: within 1e-5 × max(1, max|y|);
// - the mean over n ≤ 64 elements: within 1e-5 × the mean of |x| over the
//   same elements (n·2⁻²⁴ ≤ 3.9e-6); the maximum: exact.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "helpers.hpp"
#include "test_exec_fast_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;
using exec::Array;

TEST_CASE("fast ops: linear on the last axis equals the reference", "[exec][backends]") {
  std::mt19937 rng(17);
  // (leading dims, in, out, bias): a token sequence, one position (gemm's
  // sgemv), a rank-4 tensor, no bias.
  struct Case {
    std::vector<std::int64_t> lead;
    std::int64_t in, out;
    bool bias;
  };
  for (const Case& c : {Case{{2, 7}, 16, 24, true}, Case{{1, 1}, 160, 10, true},
                        Case{{2, 3, 5}, 12, 8, false}, Case{{1, 197}, 64, 48, true}}) {
    Linear op;
    op.out = c.out;
    op.bias = c.bias;
    std::vector<std::int64_t> xd = c.lead, yd = c.lead;
    xd.push_back(c.in);
    yd.push_back(c.out);
    Array x = random_tensor(xd, rng), w = random_tensor({c.out, c.in}, rng);
    Array b = random_tensor({c.out}, rng);
    std::vector<const Array*> params{&w};
    if (c.bias) params.push_back(&b);
    const Array want = run_reference(op, {&x}, params, yd);
    Array ax = absolute(x), aw = absolute(w), ab = absolute(b);
    std::vector<const Array*> abs_params{&aw};
    if (c.bias) abs_params.push_back(&ab);
    const Array bound = run_reference(op, {&ax}, abs_params, yd);
    for (const std::string& backend : kFast) {
      for (int threads : {1, 2}) {
        INFO(backend << " threads " << threads << ", in " << c.in << " out " << c.out);
        const Array got = run_fast(backend, threads, Op{op}, {&x}, params, yd);
        require_close(got, want, [&](std::size_t i) { return 1e-5f * bound.data()[i]; });
      }
    }
  }
}

TEST_CASE("fast ops: matmul of two activations equals the reference", "[exec][backends]") {
  std::mt19937 rng(19);
  // (a dims, b dims, transpose_b), batch first: attention's QKᵀ and AV at
  // 12 heads, a broadcast leading axis on either side, plain 2-D.
  struct Case {
    std::vector<std::int64_t> a, b;
    bool tb;
  };
  for (const Case& c :
       {Case{{2, 1, 3, 9, 16}, {2, 1, 3, 9, 16}, true},
        Case{{2, 1, 3, 9, 9}, {2, 1, 3, 9, 16}, false}, Case{{2, 4, 5, 7}, {2, 1, 7, 6}, false},
        Case{{1, 1, 5, 7}, {1, 3, 6, 7}, true}, Case{{2, 8, 12}, {2, 12, 5}, false}}) {
    MatMul op;
    op.transpose_b = c.tb;
    const std::size_t r = c.a.size();
    std::vector<std::int64_t> yd(r);
    for (std::size_t d = 0; d + 2 < r; ++d) yd[d] = std::max(c.a[d], c.b[d]);
    yd[r - 2] = c.a[r - 2];
    yd[r - 1] = c.tb ? c.b[r - 2] : c.b[r - 1];
    Array a = random_tensor(c.a, rng), b = random_tensor(c.b, rng);
    const Array want = run_reference(op, {&a, &b}, {}, yd);
    Array aa = absolute(a), ab = absolute(b);
    const Array bound = run_reference(op, {&aa, &ab}, {}, yd);
    for (const std::string& backend : kFast) {
      for (int threads : {1, 2}) {
        INFO(backend << " threads " << threads << ", tb " << c.tb << ", K " << c.a.back());
        const Array got = run_fast(backend, threads, Op{op}, {&a, &b}, {}, yd);
        require_close(got, want, [&](std::size_t i) { return 1e-5f * bound.data()[i]; });
      }
    }
  }
}

TEST_CASE("fast ops: depthwise convolutions equal the reference", "[exec][backends]") {
  std::mt19937 rng(23);
  // (C, multiplier, H, W, kernel, stride, pad, dilation): MobileNet's 3×3/1
  // and 3×3/2, EfficientNet's 5×5, a channel multiplier of 2, dilation 2,
  // per-side padding, batch 2.
  struct Case {
    std::int64_t c, mult, h, w;
    Hw kernel, stride;
    Padding pad;
    Hw dilation;
  };
  for (const Case& c : {Case{8, 1, 12, 12, {3, 3}, {1, 1}, pads(1, 1, 1, 1), {1, 1}},
                        Case{8, 1, 13, 11, {3, 3}, {2, 2}, pads(1, 1, 1, 1), {1, 1}},
                        Case{6, 1, 9, 9, {5, 5}, {2, 2}, pads(2, 2, 2, 2), {1, 1}},
                        Case{4, 2, 7, 8, {3, 2}, {1, 2}, pads(2, 0, 1, 3), {2, 1}}}) {
    const Conv op = make_conv(c.c * c.mult, c.kernel, c.stride, c.pad, c.dilation, c.c, true);
    const Shape in{{c.c, c.h, c.w}};
    const Shape out = op.infer(std::span<const Shape>(&in, 1));
    Array x = random_tensor({2, c.c, c.h, c.w}, rng);
    Array w = random_tensor({op.out, 1, c.kernel.h, c.kernel.w}, rng);
    Array b = random_tensor({op.out}, rng);
    const Array want = run_reference(op, {&x}, {&w, &b}, with_batch(2, out));
    Array ax = absolute(x), aw = absolute(w), ab = absolute(b);
    const Array bound = run_reference(op, {&ax}, {&aw, &ab}, with_batch(2, out));
    for (const std::string& backend : kFast) {
      for (int threads : {1, 2}) {
        INFO(backend << " threads " << threads << ", C " << c.c << " ×" << c.mult);
        const Array got = run_fast(backend, threads, Op{op}, {&x}, {&w, &b}, with_batch(2, out));
        require_close(got, want, [&](std::size_t i) { return 1e-5f * bound.data()[i]; });
      }
    }
  }
}

TEST_CASE("fast ops: onednn's layer norm equals the reference", "[exec][backends]") {
  std::mt19937 rng(29);
  // (dims with batch, axes, affine, eps): ViT's last axis (eps 1e-6), the two
  // trailing axes, no affine.
  struct Case {
    std::vector<std::int64_t> dims, axes;
    bool affine;
    double eps;
  };
  for (const Case& c : {Case{{2, 9, 64}, {-1}, true, 1e-6}, Case{{2, 3, 4, 5}, {1, 2}, true, 1e-5},
                        Case{{1, 7, 32}, {-1}, false, 1e-5}}) {
    LayerNorm op;
    op.axes = c.axes;
    op.affine = c.affine;
    op.eps = c.eps;
    Array x = random_tensor(c.dims, rng, -3.0f, 3.0f);
    std::int64_t d = 1;
    for (std::size_t i = c.dims.size() - c.axes.size(); i < c.dims.size(); ++i) d *= c.dims[i];
    Array g = random_tensor({d}, rng, 0.5f, 1.5f), b = random_tensor({d}, rng);
    std::vector<const Array*> params;
    if (c.affine) params = {&g, &b};
    const Array want = run_reference(op, {&x}, params, c.dims);
    float scale = 1.0f;
    for (float v : want.values()) scale = std::max(scale, std::fabs(v));
    for (int threads : {1, 2}) {
      INFO("threads " << threads << ", D " << d);
      const Array got = run_fast("onednn", threads, Op{op}, {&x}, params, c.dims);
      require_close(got, want, [&](std::size_t) { return 1e-5f * scale; });
    }
  }
}

TEST_CASE("fast ops: onednn's mean and max reductions equal the reference", "[exec][backends]") {
  std::mt19937 rng(31);
  // SE's squeeze (H and W of a map, kept as 1×1), a token mean (axis 0 of T×D,
  // dropped), the channels of a map.
  struct Case {
    std::vector<std::int64_t> dims, axes;
    bool keep;
  };
  for (const Case& c : {Case{{2, 6, 8, 8}, {1, 2}, true}, Case{{2, 9, 16}, {0}, false},
                        Case{{1, 5, 3, 4}, {0}, true}}) {
    Array x = random_tensor(c.dims, rng, -2.0f, 2.0f);
    std::vector<std::int64_t> yd = c.dims;
    std::int64_t n = 1;
    for (std::size_t a : resolve_axes(c.axes, c.dims.size() - 1)) {
      n *= c.dims[a + 1];
      yd[a + 1] = 1;
    }
    if (!c.keep) {
      std::vector<std::int64_t> kept{yd[0]};
      const auto axes = resolve_axes(c.axes, c.dims.size() - 1);
      for (std::size_t d = 1; d < yd.size(); ++d) {
        if (std::find(axes.begin(), axes.end(), d - 1) == axes.end()) kept.push_back(yd[d]);
      }
      yd = kept;
    }
    Mean mean;
    mean.axes = c.axes;
    mean.keepdims = c.keep;
    ReduceMax max;
    max.axes = c.axes;
    max.keepdims = c.keep;
    const Array want_mean = run_reference(mean, {&x}, {}, yd);
    const Array want_max = run_reference(max, {&x}, {}, yd);
    Array ax = absolute(x);
    const Array bound = run_reference(mean, {&ax}, {}, yd);
    for (int threads : {1, 2}) {
      INFO("threads " << threads << ", over " << n << " elements");
      const Array got_mean = run_fast("onednn", threads, Op{mean}, {&x}, {}, yd);
      require_close(got_mean, want_mean, [&](std::size_t i) { return 1e-5f * bound.data()[i]; });
      const Array got_max = run_fast("onednn", threads, Op{max}, {&x}, {}, yd);
      require_close(got_max, want_max, [](std::size_t) { return 0.0f; });
    }
  }
}

TEST_CASE("fast ops: onednn's average pools in Caffe's ceil mode equal the reference",
          "[exec][backends]") {
  std::mt19937 rng(37);
  // With ceil rounding the last window may hang past the padding (GoogLeNet's
  // 3×3/2 on 14×14: 7 windows, the last over rows 12 to 14 of 0 to 13). Where
  // padded cells count in the divisor, archcalc divides by the window clipped
  // at the padding's end and oneDNN by the whole window, so that pool runs on
  // the reference kernel; the others run on oneDNN's (16 channels: for a few,
  // oneDNN has only its plain loop, which the reference kernel replaces).
  struct Case {
    std::int64_t h, w;
    Hw kernel, stride;
    Padding pad;
    bool count_pad;
  };
  for (const Case& c : {Case{14, 14, {3, 3}, {2, 2}, pads(0, 0, 0, 0), true},
                        Case{14, 14, {3, 3}, {2, 2}, pads(0, 0, 0, 0), false},
                        Case{9, 12, {3, 2}, {2, 3}, pads(1, 1, 0, 1), true},
                        Case{13, 13, {3, 3}, {2, 2}, pads(1, 1, 1, 1), true}}) {
    AvgPool op;
    op.kernel = c.kernel;
    op.stride = c.stride;
    op.pad = c.pad;
    op.ceil = true;
    op.count_pad = c.count_pad;
    const Shape in{{16, c.h, c.w}};
    const Shape out = op.infer(std::span<const Shape>(&in, 1));
    Array x = random_tensor({2, 16, c.h, c.w}, rng);
    const Array want = run_reference(op, {&x}, {}, with_batch(2, out));
    Array ones({2, 16, c.h, c.w});
    std::fill(ones.data(), ones.data() + ones.size(), 1.0f);
    for (int threads : {1, 2}) {
      INFO(c.h << "×" << c.w << " count_pad " << c.count_pad << ", threads " << threads);
      const Array got = run_fast("onednn", threads, Op{op}, {&x}, {}, with_batch(2, out));
      require_close(got, want, [&](std::size_t) { return 1e-6f; });
      // Without padding, the mean of ones is 1 in every window, the clipped
      // last ones included.
      if (c.pad.top == 0 && c.pad.left == 0) {
        const Array avg = run_fast("onednn", threads, Op{op}, {&ones}, {}, with_batch(2, out));
        for (std::size_t i = 0; i < avg.size(); ++i) REQUIRE(avg.data()[i] == 1.0f);
      }
    }
  }
}
