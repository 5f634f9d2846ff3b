// The fast backends' kernels for attention's layout and scaling against the
// reference kernels: transpose (exec/kernels/layout.hpp, on gemm and onednn),
// the scale (fused into the matmul before it on both, a oneDNN eltwise on
// its own) and onednn's softmax over rows.
//
// Tolerances: a transpose moves elements, so it is exact; a scale by a
// constant is one rounding of x·factor on either side, so exact too; a
// matmul with the scale fused is the matmul's bound (K ≤ 16 products, within
// 1e-5 × Σ|products|, as in test_exec_fast_ops.cpp) times the factor; a
// softmax output is an exp (a few ulps), a sum of at most 197 of them in
// double and a multiply by its inverse: within 1e-5 of its own value.
#include <catch2/catch.hpp>

#include "exec/kernels/layout.hpp"
#include "test_exec_fast_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;
using exec::Array;

TEST_CASE("fast ops: a transpose's axes are reduced before the copy", "[exec][backends]") {
  // ViT's heads: 197×3×12×64 → 3×12×197×64 moves runs of 64 floats, the 3
  // and the 12 merged into 36 rows of 64 apart.
  const exec::TransposePlan heads = exec::plan_transpose({1, 197, 3, 12, 64}, {1, 2, 0, 3});
  CHECK(heads.dims == std::vector<std::int64_t>{36, 197, 64});
  CHECK(heads.in_stride == std::vector<std::int64_t>{64, 2304, 1});
  // Its merge back: 1×12×197×64 → 197×1×12×64.
  const exec::TransposePlan merge = exec::plan_transpose({1, 1, 12, 197, 64}, {2, 0, 1, 3});
  CHECK(merge.dims == std::vector<std::int64_t>{197, 12, 64});
  CHECK(merge.in_stride == std::vector<std::int64_t>{64, 12608, 1});
  // The patch tokens, 768×196 → 196×768: a 2-D transpose.
  const exec::TransposePlan tokens = exec::plan_transpose({1, 768, 196}, {1, 0});
  CHECK(tokens.dims == std::vector<std::int64_t>{196, 768});
  CHECK(tokens.in_stride == std::vector<std::int64_t>{1, 196});
  // The identity is one run.
  const exec::TransposePlan same = exec::plan_transpose({2, 3, 4}, {0, 1});
  CHECK(same.dims == std::vector<std::int64_t>{24});
  CHECK(same.in_stride == std::vector<std::int64_t>{1});
}

TEST_CASE("fast ops: transpose equals the reference", "[exec][backends]") {
  std::mt19937 rng(37);
  // (x dims with batch, perm): ViT's heads and merge at batch 2, a 2-D
  // transpose larger than one 32×32 tile on both axes, a full reversal, the
  // identity, a trailing axis of size 1, the batch and a middle axis of 1.
  struct Case {
    std::vector<std::int64_t> dims, perm;
  };
  for (const Case& c :
       {Case{{2, 9, 3, 4, 8}, {1, 2, 0, 3}}, Case{{2, 1, 4, 9, 8}, {2, 0, 1, 3}},
        Case{{2, 70, 37}, {1, 0}}, Case{{2, 5, 6, 7}, {2, 1, 0}}, Case{{2, 3, 4}, {0, 1}},
        Case{{2, 5, 1}, {1, 0}}, Case{{1, 33, 1, 40}, {2, 1, 0}}}) {
    Transpose op;
    op.perm = c.perm;
    std::vector<std::int64_t> yd{c.dims[0]};
    for (std::int64_t p : c.perm) yd.push_back(c.dims[static_cast<std::size_t>(p) + 1]);
    Array x = random_tensor(c.dims, rng);
    const Array want = run_reference(op, {&x}, {}, yd);
    for (const std::string& backend : kFast) {
      INFO(backend << ", " << exec::shape_text(c.dims));
      const Array got = run_fast(backend, 1, Op{op}, {&x}, {}, yd);
      require_close(got, want, [](std::size_t) { return 0.0f; });
    }
  }
}

TEST_CASE("fast ops: a matmul with its scale fused equals the reference's two",
          "[exec][backends]") {
  std::mt19937 rng(41);
  // Attention's scores QKᵀ at 3 heads of 16, times 0.25; a plain product
  // times −1.5.
  struct Case {
    std::vector<std::int64_t> a, b;
    bool tb;
    double factor;
  };
  for (const Case& c : {Case{{2, 1, 3, 9, 16}, {2, 1, 3, 9, 16}, true, 0.25},
                        Case{{1, 6, 5}, {1, 5, 7}, false, -1.5}}) {
    MatMul op;
    op.transpose_b = c.tb;
    Scale scale;
    scale.factor = c.factor;
    const std::size_t r = c.a.size();
    std::vector<std::int64_t> yd = c.a;
    yd[r - 1] = c.tb ? c.b[r - 2] : c.b[r - 1];
    Array a = random_tensor(c.a, rng), b = random_tensor(c.b, rng);
    const Array product = run_reference(op, {&a, &b}, {}, yd);
    const Array want = run_reference(scale, {&product}, {}, yd);
    Array aa = absolute(a), ab = absolute(b);
    const Array bound = run_reference(op, {&aa, &ab}, {}, yd);
    const Op scale_op{scale};
    for (const std::string& backend : kFast) {
      for (int threads : {1, 2}) {
        INFO(backend << " threads " << threads << ", factor " << c.factor);
        const Array got = run_fast(backend, threads, Op{op}, {&a, &b}, {}, yd, {&scale_op});
        require_close(got, want, [&](std::size_t i) {
          return 1e-5f * std::fabs(static_cast<float>(c.factor)) * bound.data()[i];
        });
      }
    }
  }
}

TEST_CASE("fast ops: onednn's constant scale equals the reference", "[exec][backends]") {
  std::mt19937 rng(43);
  Scale op;
  op.factor = 0.125;
  Array x = random_tensor({2, 3, 9, 9}, rng, -8.0f, 8.0f);
  const Array want = run_reference(op, {&x}, {}, x.dims());
  const Array got = run_fast("onednn", 1, Op{op}, {&x}, {}, x.dims());
  require_close(got, want, [](std::size_t) { return 0.0f; });
  // A learned scale is not fused into a matmul, nor a constant one after
  // another op that is not the last.
  Scale learned;
  learned.learned = true;
  const Op learned_op{learned}, constant{op}, relu{Relu{}};
  for (const std::string& backend : kFast) {
    auto be = exec::make_backend(backend, {1});
    std::vector<const Op*> one{&learned_op}, two{&constant, &relu};
    CHECK_FALSE(be->fuses(Op{MatMul{}}, one));
    CHECK_FALSE(be->fuses(Op{MatMul{}}, two));
  }
}

TEST_CASE("fast ops: onednn's softmax over rows equals the reference", "[exec][backends]") {
  std::mt19937 rng(47);
  // ViT's attention rows (197 long, here 3 heads), a row shorter than a
  // vector, each item's elements (no axes), and an axis that is not the last
  // (oneDNN's primitive).
  struct Case {
    std::vector<std::int64_t> dims, axes;
  };
  for (const Case& c : {Case{{1, 1, 3, 7, 197}, {-1}}, Case{{2, 4, 5}, {1}}, Case{{2, 3, 6}, {}},
                        Case{{2, 5, 6}, {0}}}) {
    Softmax op;
    op.axes = c.axes;
    Array x = random_tensor(c.dims, rng, -6.0f, 6.0f);
    const Array want = run_reference(op, {&x}, {}, c.dims);
    for (int threads : {1, 2}) {
      INFO("threads " << threads << ", " << exec::shape_text(c.dims));
      const Array got = run_fast("onednn", threads, Op{op}, {&x}, {}, c.dims);
      require_close(got, want, [&](std::size_t i) { return 1e-5f * want.data()[i]; });
    }
  }
}
