// Every kernel against PyTorch: each folder of tests/data/torch (written by
// scripts/torch_fixtures.py) holds a one-layer network, its parameters, an
// input batch and PyTorch's output. Every backend of this build runs it and
// must agree within a relative error of 1e-4 (of the largest magnitude of the
// expected output). The network's ops are also required to be on the list of
// ops the fixtures cover, so a new op without a fixture fails here.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <set>

#include "exec/executor.hpp"
#include "exec/npy.hpp"
#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(ARCHCALC_SOURCE_DIR) / "tests/data/torch";

std::vector<fs::path> fixture_dirs() {
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(kDir)) {
    if (e.is_directory()) dirs.push_back(e.path());
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

// The expected output, at its own shape.
exec::Array expected(const fs::path& dir, const std::vector<std::int64_t>& dims) {
  exec::Array t(dims);
  exec::load_npy((dir / "output.npy").string(), t);
  return t;
}

}  // namespace

TEST_CASE("torch fixtures: every backend agrees with PyTorch on every fixture", "[torch]") {
  const auto dirs = fixture_dirs();
  REQUIRE(dirs.size() >= 29);
  for (const fs::path& dir : dirs) {
    const std::string rel = fs::relative(dir / "net.yaml", ARCHCALC_SOURCE_DIR).string();
    Network net = analyzed_file(rel);
    for (const auto& info : exec::backends()) {
      for (int threads : {1, 2}) {
        INFO(dir.filename().string() << " on " << info.name << ", threads " << threads);
        auto be = info.make({threads});
        exec::Executor ex(net, *be, /*batch=*/2);
        ex.load_params(dir.string());
        ex.load_input((dir / "input.npy").string());
        ex.forward();
        const exec::Array& got = ex.tensor(ex.output());
        const exec::Array want = expected(dir, got.dims());
        float scale = 0;
        for (float v : want.values()) scale = std::max(scale, std::fabs(v));
        const float tol = 1e-4f * scale;
        for (std::size_t i = 0; i < got.size(); ++i) {
          INFO("element " << i << ": " << got.data()[i] << " vs PyTorch " << want.data()[i]);
          REQUIRE(std::fabs(got.data()[i] - want.data()[i]) <= tol);
        }
      }
    }
  }
}

TEST_CASE("torch fixtures: every op added for today's networks has one", "[torch]") {
  std::set<std::string> covered;
  for (const fs::path& dir : fixture_dirs()) {
    const std::string rel = fs::relative(dir / "net.yaml", ARCHCALC_SOURCE_DIR).string();
    Network net = analyzed_file(rel);
    for (Vertex v : net.order) covered.insert(std::string(op_name(net.layer(v).op)));
  }
  for (const char* name :
       {"hardswish", "hardsigmoid", "silu",    "gelu",    "elu",       "mish",  "prelu",
        "mul",       "sub",         "div",     "add",     "mean",      "max",   "linear",
        "matmul",    "layernorm",   "softmax", "reshape", "transpose", "slice", "pad"}) {
    INFO(name);
    CHECK(covered.count(name) == 1);
  }
}
