// Helpers for the fast backends' kernel tests: random tensors, one call of a
// backend's own kernel, and an element-wise comparison with a tolerance.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "test_exec_helpers.hpp"

namespace archcalc::test {

// The backends with kernels of their own.
inline const std::vector<std::string> kFast{"gemm", "onednn"};

// Runs `op` on `backend` (which must run it itself, and fuse `post` into it
// when given) and returns its output.
inline exec::Array run_fast(const std::string& backend, int threads, const Op& op,
                            std::vector<const exec::Array*> in,
                            std::vector<const exec::Array*> params,
                            std::vector<std::int64_t> out_dims, std::vector<const Op*> post = {}) {
  auto be = exec::make_backend(backend, {threads});
  REQUIRE(be->runs(op));
  if (!post.empty()) REQUIRE(be->fuses(op, post));
  exec::Array y(std::move(out_dims));
  exec::KernelArgs args{std::move(in), &y, std::move(params)};
  for (const Op* p : post) args.post_ops.push_back(exec::PostOp{p, {}});
  exec::BoundKernel k = be->bind(op, args);
  k();
  k();  // a second call (packed weights, bound memories) gives the same
  return y;
}

// Every element of `got` within tol(i) of `want`.
template <typename Tol>
void require_close(const exec::Array& got, const exec::Array& want, Tol&& tol) {
  REQUIRE(got.dims() == want.dims());
  for (std::size_t i = 0; i < got.size(); ++i) {
    INFO("element " << i << ": " << got.data()[i] << " vs " << want.data()[i]);
    REQUIRE(std::fabs(got.data()[i] - want.data()[i]) <= tol(i));
  }
}

}  // namespace archcalc::test
