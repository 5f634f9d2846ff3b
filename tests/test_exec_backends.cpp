// The fast backends (gemm, onednn) against the reference backend: random
// convolutions (strides, per-side padding, groups, dilation, 1×1, 11×11/4) and
// every bundled network end to end at a reduced input, at 1 and 2 threads.
//
// Tolerance. A conv output is a sum of products accumulated in a different
// order by each backend. Each element must lie within 1e-5 × Σ|products| of
// the reference (Σ|products| = the same conv of |x|, |w| and |bias|, computed
// by the reference kernel), above the float error bound n·2⁻²⁴·Σ|products| for
// the n ≤ 160 products of the shapes here. Whole networks compound that error
// over their layers: every tensor must lie within 1e-3 × its largest
// reference magnitude.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>

#include "emit_run/run_report.hpp"
#include "exec/kernels/gemm/gemm.hpp"
#include "helpers.hpp"
#include "op_samples.hpp"
#include "test_exec_fast_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;
using exec::Array;

namespace {

// Requires |got[i] - want[i]| <= tol[i] for every element, with one
// assertion per tensor (one per element made this file take minutes under
// the sanitizers); a failure names the first element out of bounds.
template <class Want, class Tol>
void require_within(const Array& got, Want want, Tol tol) {
  std::size_t bad = got.size();
  for (std::size_t i = 0; i < got.size() && bad == got.size(); ++i) {
    if (!(std::fabs(got.data()[i] - want(i)) <= tol(i))) bad = i;
  }
  if (bad < got.size()) {
    FAIL("element " << bad << ": " << got.data()[bad] << " vs " << want(bad) << ", tolerance "
                    << tol(bad));
  }
  SUCCEED("all " << got.size() << " elements within the tolerance");
}

struct ConvCase {
  Conv op;
  std::int64_t n, c, h, w;
};

std::string describe(const ConvCase& k) {
  const Conv& c = k.op;
  std::ostringstream s;
  s << "N" << k.n << " C" << k.c << " " << k.h << "x" << k.w << " -> K" << c.out << " k"
    << c.kernel.h << "x" << c.kernel.w << " s" << c.stride.h << "," << c.stride.w << " d"
    << c.dilation.h << "," << c.dilation.w << " pad " << c.pad.top << "," << c.pad.bottom << ","
    << c.pad.left << "," << c.pad.right << " g" << c.groups << (c.bias ? " bias" : "");
  return s.str();
}

// What follows the conv in its kernel.
enum class Fuse { kNone, kRelu, kBatchNorm, kBatchNormRelu };

const char* fuse_name(Fuse f) {
  switch (f) {
    case Fuse::kNone:
      return "";
    case Fuse::kRelu:
      return " +relu";
    case Fuse::kBatchNorm:
      return " +batchnorm";
    case Fuse::kBatchNormRelu:
      return " +batchnorm+relu";
  }
  return "";
}

// Checks conv `k` on `backend` at `threads` against the reference, element by
// element, within 1e-5 × Σ|products|; `fuse` names the layers fused into it.
// A fused batch norm (random γ, β, μ and σ² in [0.1, 2]) is folded into the
// weights: the reference applies s = γ/√(σ² + ε) and β − s·μ after the conv,
// and the bound scales to |s|·Σ|products| + |β| + |s·μ|.
void check_conv(const ConvCase& k, const std::string& backend, int threads, Fuse fuse,
                std::mt19937& rng) {
  INFO(backend << " threads " << threads << fuse_name(fuse) << ": " << describe(k));
  const Conv& op = k.op;
  const Shape in{{k.c, k.h, k.w}};
  const Shape out = op.infer(std::span<const Shape>(&in, 1));
  Array x = random_tensor({k.n, k.c, k.h, k.w}, rng);
  Array w = random_tensor({op.out, k.c / op.groups, op.kernel.h, op.kernel.w}, rng);
  Array b = random_tensor({op.out}, rng);
  std::vector<const Array*> params{&w};
  if (op.bias) params.push_back(&b);
  Array ref = run_reference(op, {&x}, params, with_batch(k.n, out));
  Array ax = absolute(x), aw = absolute(w), ab = absolute(b);
  std::vector<const Array*> abs_params{&aw};
  if (op.bias) abs_params.push_back(&ab);
  Array bound = run_reference(op, {&ax}, abs_params, with_batch(k.n, out));

  const bool bn = fuse == Fuse::kBatchNorm || fuse == Fuse::kBatchNormRelu;
  const bool relu = fuse == Fuse::kRelu || fuse == Fuse::kBatchNormRelu;
  BatchNorm bn_op;
  Array gamma = random_tensor({op.out}, rng), beta = random_tensor({op.out}, rng);
  Array mean = random_tensor({op.out}, rng), var({op.out});
  std::uniform_real_distribution<float> positive(0.1f, 2.0f);
  for (float& v : var.values()) v = positive(rng);
  const std::size_t plane = static_cast<std::size_t>(out.h() * out.w());
  if (bn) {
    for (std::size_t i = 0; i < ref.size(); ++i) {
      const std::size_t c = i / plane % static_cast<std::size_t>(op.out);
      const double s = gamma.data()[c] / std::sqrt(static_cast<double>(var.data()[c]) + bn_op.eps);
      ref.data()[i] = static_cast<float>(s * ref.data()[i] + beta.data()[c] - s * mean.data()[c]);
      bound.data()[i] =
          static_cast<float>(std::fabs(s) * bound.data()[i] + std::fabs(beta.data()[c]) +
                             std::fabs(s * mean.data()[c]));
    }
  }

  auto be = exec::make_backend(backend, {threads});
  Array y(with_batch(k.n, out));
  const Op relu_op{Relu{}}, batchnorm_op{bn_op};
  exec::KernelArgs args{{&x}, &y, params, threads};
  if (bn) args.post_ops.push_back({&batchnorm_op, {&gamma, &beta, &mean, &var}});
  if (relu) args.post_ops.push_back({&relu_op, {}});
  std::vector<const Op*> chain;
  for (const exec::PostOp& p : args.post_ops) chain.push_back(p.op);
  if (!chain.empty()) REQUIRE(be->fuses(Op{op}, chain));
  exec::BoundKernel kernel = be->bind(Op{op}, args);
  kernel();
  kernel();  // a second call (packed weights, reused buffers) gives the same
  require_within(
      y, [&](std::size_t i) { return relu ? std::max(ref.data()[i], 0.0f) : ref.data()[i]; },
      [&](std::size_t i) { return 1e-5f * bound.data()[i]; });
}

}  // namespace

TEST_CASE("backends: the table lists reference, gemm and onednn", "[exec][backends]") {
  CHECK(exec::backend_names() == std::vector<std::string>{"reference", "gemm", "onednn"});
}

TEST_CASE("backends: named convolutions equal the reference", "[exec][backends]") {
  std::mt19937 rng(7);
  const std::vector<ConvCase> cases{
      // AlexNet's conv1 geometry (11×11/4, no padding), at a small size.
      {make_conv(8, {11, 11}, {4, 4}, {}, {1, 1}, 1, true), 1, 3, 31, 31},
      // 1×1 stride 1 without padding: gemm reads the input as the matrix.
      {make_conv(6, {1, 1}, {1, 1}, {}, {1, 1}, 1, true), 2, 5, 7, 6},
      // 1×1 with stride 2 and with padding: im2col again.
      {make_conv(4, {1, 1}, {2, 2}, {}, {1, 1}, 1, false), 1, 3, 7, 7},
      {make_conv(4, {1, 1}, {1, 1}, pads(1, 0, 0, 1), {1, 1}, 1, true), 1, 3, 5, 5},
      // Per-side padding, asymmetric kernel, dilation 2, three groups.
      {make_conv(6, {3, 2}, {1, 2}, pads(2, 0, 1, 3), {2, 1}, 3, true), 2, 6, 9, 8},
      // Depthwise.
      {make_conv(4, {3, 3}, {1, 1}, pads(1, 1, 1, 1), {1, 1}, 4, true), 1, 4, 6, 6},
      // Stride larger than the kernel (the last input rows are never read).
      {make_conv(3, {2, 2}, {3, 3}, {}, {1, 1}, 1, true), 1, 2, 10, 11},
  };
  for (const ConvCase& k : cases) {
    for (const std::string& backend : kFast) {
      for (int threads : {1, 2}) {
        for (Fuse f : {Fuse::kNone, Fuse::kRelu, Fuse::kBatchNorm, Fuse::kBatchNormRelu}) {
          check_conv(k, backend, threads, f, rng);
        }
      }
    }
  }
}

TEST_CASE("backends: random convolutions equal the reference", "[exec][backends]") {
  std::mt19937 rng(2024);
  auto pick = [&rng](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  int checked = 0;
  while (checked < 40) {
    const std::int64_t g = pick(1, 3);
    const Hw kernel{pick(1, 5), pick(1, 5)}, stride{pick(1, 3), pick(1, 3)};
    const Hw dilation{pick(1, 2), pick(1, 2)};
    const Padding pad = pads(pick(0, 2), pick(0, 2), pick(0, 2), pick(0, 2));
    ConvCase k{make_conv(g * pick(1, 4), kernel, stride, pad, dilation, g, pick(0, 1) == 1),
               pick(1, 2), g * pick(1, 4), pick(1, 12), pick(1, 12)};
    const Shape in{{k.c, k.h, k.w}};
    try {
      (void)k.op.infer(std::span<const Shape>(&in, 1));
    } catch (const OpError&) {
      continue;  // the window does not fit this input
    }
    const std::string& backend = kFast[checked % 2];
    check_conv(k, backend, 1 + checked / 2 % 2, static_cast<Fuse>(checked % 4), rng);
    ++checked;
  }
}

TEST_CASE("backends: gemm's im2col workspace is one tile of whole output rows",
          "[exec][backends]") {
  // 3×3 on 8×10×10: (8·3·3) rows × 10 output rows × 10 columns, all in one tile.
  const Conv c3 = make_conv(4, {3, 3}, {1, 1}, pads(1, 1, 1, 1), {1, 1}, 1, true);
  CHECK(exec::gemm::conv_workspace_floats(c3, Shape{{8, 10, 10}}, Shape{{4, 10, 10}}) ==
        72 * 10 * 10);
  // VGG-16's conv1_2: 576 rows × 224 columns = 516,096 bytes per output row;
  // a 2 MiB tile holds 4 of them.
  const Conv vgg = make_conv(64, {3, 3}, {1, 1}, pads(1, 1, 1, 1), {1, 1}, 1, true);
  CHECK(exec::gemm::conv_workspace_floats(vgg, Shape{{64, 224, 224}}, Shape{{64, 224, 224}}) ==
        576 * 4 * 224);
  // 1×1, stride 1, unpadded: the input is the matrix; no workspace.
  const Conv c1 = make_conv(4, {1, 1}, {1, 1}, {}, {1, 1}, 1, true);
  CHECK(exec::gemm::conv_workspace_floats(c1, Shape{{8, 10, 10}}, Shape{{4, 10, 10}}) == 0);
}

namespace {

// The largest finite magnitude.
float max_abs(const Array& t) {
  float m = 0;
  for (float v : t.values()) {
    if (std::isfinite(v)) m = std::max(m, std::fabs(v));
  }
  return m;
}

}  // namespace

TEST_CASE("backends: every bundled network equals the reference end to end", "[exec][backends]") {
  // The bundled networks whose reduced form is small enough for the sanitizer
  // build (the Inception v3/v4 and Inception-ResNet stems need 75×75 inputs
  // and run minutes under ASan; their ops all appear here).
  const std::vector<std::pair<std::string, int>> files{{"alexnet", 75},
                                                       {"alexnet_single", 75},
                                                       {"googlenet", 48},
                                                       {"googlenet_torchvision", 32},
                                                       {"lenet5", 32},
                                                       {"nin", 56},
                                                       {"resnet18", 16},
                                                       {"resnet50", 16},
                                                       {"resnet50_v1", 16},
                                                       {"vgg16", 32},
                                                       {"modules/inception_naive", 16},
                                                       {"modules/inception_reduced", 16}};
  auto ref_backend = exec::make_backend("reference", {});
  auto require_close = [](const Array& got, const Array& want) {
    REQUIRE(got.dims() == want.dims());
    const float tol = 1e-3f * max_abs(want);
    require_within(
        got, [&](std::size_t i) { return want.data()[i]; }, [&](std::size_t) { return tol; });
  };
  for (const auto& [name, size] : files) {
    Network net = reduced_network("architectures/" + name + ".yaml", size);
    exec::Executor ref(net, *ref_backend, /*batch=*/1);
    ref.seed_params(3);
    ref.seed_inputs(3);
    ref.forward();
    exec::Executor ref_live(net, *ref_backend, /*batch=*/1, exec::Lifetime::kFreeAtLastUse);
    ref_live.forward();
    for (const std::string& backend : kFast) {
      for (int threads : {1, 2}) {
        INFO(name << " at " << size << "x" << size << " on " << backend << ", threads " << threads);
        auto be = exec::make_backend(backend, {threads});
        exec::Executor ex(net, *be, /*batch=*/1);
        ex.seed_params(3);
        ex.seed_inputs(3);
        ex.forward();
        ex.forward();  // weights packed on the first call; the second equals it
        // A producer whose activation was fused writes the activation's tensor only.
        // A producer, or a fused layer inside a chain (conv → batch norm →
        // ReLU), whose tensor the next step's fusion leaves unwritten.
        std::vector<Vertex> skipped;
        const std::vector<Vertex>& order = ex.order();
        for (std::size_t i = 0; i + 1 < order.size(); ++i) {
          const Vertex root = ex.fused_into(order[i]).value_or(order[i]);
          if (ex.fused_into(order[i + 1]) == root) skipped.push_back(order[i]);
        }
        for (Vertex v : ex.order()) {
          if (std::find(skipped.begin(), skipped.end(), v) != skipped.end()) continue;
          INFO("layer " << net.layer(v).name);
          require_close(ex.tensor(v), ref.tensor(v));
        }
        // As `archcalc run` runs it: each output allocated at its layer and
        // freed after its last reader, so tensors move between passes.
        exec::Executor live(net, *be, /*batch=*/1, exec::Lifetime::kFreeAtLastUse);
        live.seed_params(3);
        live.seed_inputs(3);
        live.forward();
        live.forward();
        INFO("freed at last use");
        require_close(live.tensor(live.output()), ref.tensor(ref.output()));
        // A fused activation never allocates its producer's output.
        CHECK(live.peak_bytes() <= ref_live.peak_bytes());
        CHECK(live.peak_bytes() > 0);
      }
    }
  }
}

TEST_CASE("backends: a fused ReLU is reported at its producer", "[exec][backends]") {
  const Network net = analyzed_text(R"(name: fused
input: [1, 6, 6]
layers:
  - {name: conv1, op: conv, out: 8, kernel: 3}
  - {name: relu1, op: relu}
  - {name: pool1, op: maxpool, kernel: 2, stride: 2}
  - {name: relu2, op: relu}
)");
  for (const std::string backend : {"reference", "gemm", "onednn"}) {
    INFO(backend);
    exec::RunOptions o;
    o.backend = backend;
    o.repeat = 1;
    o.warmup = 0;
    const exec::RunResult r = exec::run_network(net, o);
    REQUIRE(r.layers.size() == 4);
    // relu1 follows the conv it alone reads; relu2 follows a pooling layer.
    CHECK(r.layers[1].fused_into == (backend == "reference" ? "" : "conv1"));
    CHECK(r.layers[3].fused_into == "");
    // Predicted peak, outputs by step (bytes): conv1 input 144 + conv1 512;
    // relu1 conv1 512 + relu1 512 = 1,024 (the input freed after conv1);
    // pool1 512 + 128. Fused, conv1's own output is never allocated: the
    // most held is at conv1, input 144 + relu1 512 = 656.
    CHECK(r.memory.activations == 1024);
    CHECK(r.measured_peak == (backend == "reference" ? 1024u : 656u));
    const std::string table = exec::emit_run_table(r);
    CHECK(table.find(backend == "reference" ? "measured 1,024 bytes" : "measured 656 bytes") !=
          std::string::npos);
    CHECK(table.find(backend == "reference"
                         ? "predicted 1,024 bytes at relu1 (equal)"
                         : "predicted 1,024 bytes at relu1 (lower: 1 layer ran fused into its "
                           "producer's kernel, which writes only the fused chain's last output; "
                           "the tensors inside a chain are never allocated)") != std::string::npos);
  }
  TempDir dir("fused");
  {
    std::ofstream f(dir.file("fused.yaml"));
    f << "name: fused\ninput: [2, 6, 6]\nlayers:\n  - {name: conv1, op: conv, out: 3, kernel: 3}\n"
         "  - {name: relu1, op: relu}\n";
  }
  const CliResult cli = run_cli({"run", dir.file("fused.yaml"), "--backend", "onednn", "--repeat",
                                 "1", "--warmup", "0", "--format", "json"});
  REQUIRE(cli.code == 0);
  CHECK(cli.out.find(R"("fused_into": "conv1")") != std::string::npos);
}

TEST_CASE("backends: conv → batch norm → ReLU and add → ReLU run as one kernel",
          "[exec][backends]") {
  // A residual unit: two conv → batch norm chains (the second without a
  // ReLU), the add with the input, and the ReLU after it.
  const Network net = analyzed_text(R"(name: residual
input: [4, 6, 6]
layers:
  - {name: conv1, op: conv, out: 4, kernel: 3, pad: 1, bias: false}
  - {name: bn1, op: batchnorm}
  - {name: relu1, op: relu}
  - {name: conv2, op: conv, out: 4, kernel: 3, pad: 1, bias: false}
  - {name: bn2, op: batchnorm}
  - {name: add, op: add, from: [bn2, input]}
  - {name: relu2, op: relu}
)");
  std::map<std::string, Array> outputs;
  for (const std::string backend : {"reference", "gemm", "onednn"}) {
    INFO(backend);
    auto be = exec::make_backend(backend, {1});
    exec::Executor ex(net, *be, /*batch=*/1, exec::Lifetime::kFreeAtLastUse);
    ex.seed_params(11);
    ex.seed_inputs(11);
    ex.forward();
    std::map<std::string, std::string> into;
    for (Vertex v : ex.order()) {
      if (auto p = ex.fused_into(v)) into[net.layer(v).name] = net.layer(*p).name;
    }
    using M = std::map<std::string, std::string>;
    if (backend == "reference") {
      CHECK(into.empty());
    } else if (backend == "gemm") {
      CHECK(into == M{{"bn1", "conv1"}, {"relu1", "conv1"}, {"bn2", "conv2"}});
    } else {
      CHECK(into == M{{"bn1", "conv1"}, {"relu1", "conv1"}, {"bn2", "conv2"}, {"relu2", "add"}});
    }
    const Array& y = ex.tensor(ex.output());
    outputs[backend] = Array(y.dims());
    std::copy(y.data(), y.data() + y.size(), outputs[backend].data());
  }
  const Array& want = outputs["reference"];
  for (const std::string backend : {"gemm", "onednn"}) {
    INFO(backend);
    const Array& got = outputs[backend];
    REQUIRE(got.dims() == want.dims());
    const float tol = 1e-4f * max_abs(want);
    require_within(
        got, [&](std::size_t i) { return want.data()[i]; }, [&](std::size_t) { return tol; });
  }
}

TEST_CASE("backends: every op on every backend equals the reference", "[exec][backends]") {
  // One sample layer per op type (tests/op_samples.hpp), both variants of its
  // booleans; each backend runs what it runs itself and the reference kernel
  // for the rest, and every output must match the reference's.
  auto ref_backend = exec::make_backend("reference", {});
  int compared = 0;
  for_each_op_type([&](const auto& o) {
    using T = std::decay_t<decltype(o)>;
    if (T::kCategory == Category::kInput || T::kCategory == Category::kUnknown) return;
    for (bool flip : {false, true}) {
      const Sample sample = sample_network<T>(flip);
      Network net = analyzed_text(sample.yaml);
      const Vertex l = static_cast<Vertex>(layer_index(net, "l"));
      exec::Executor ref(net, *ref_backend, /*batch=*/2);
      ref.seed_params(5);
      ref.seed_inputs(5);
      ref.forward();
      for (const exec::BackendInfo& info : exec::backends()) {
        INFO(sample.yaml << "on " << info.name);
        auto be = info.make({1});
        if (be->runs(net.layer(l).op)) ++compared;
        exec::Executor ex(net, *be, /*batch=*/2);
        ex.seed_params(5);
        ex.seed_inputs(5);
        ex.forward();
        const Array& got = ex.tensor(l);
        const Array& want = ref.tensor(l);
        REQUIRE(got.dims() == want.dims());
        const float tol = 1e-5f * std::max(1.0f, max_abs(want));
        for (std::size_t i = 0; i < got.size(); ++i) {
          // A quotient of two ReLU outputs may be 0/0 or x/0: NaN and infinities agree
          // when both backends give the same.
          const float g = got.data()[i], w = want.data()[i];
          INFO("element " << i << ": " << g << " vs " << w);
          if (std::isnan(w)) {
            REQUIRE(std::isnan(g));
          } else if (std::isinf(w)) {
            REQUIRE(g == w);
          } else {
            REQUIRE(std::fabs(g - w) <= tol);
          }
        }
      }
    }
  });
  // reference: the 48 ops other than input and unknown, × 2; gemm: conv, fc,
  // linear, matmul, transpose × 2; onednn: 28 ops × 2 (the 13 of the classic
  // networks, hardswish, silu, gelu, elu, mish, mul, sub, div, linear, matmul,
  // layernorm, mean, max, transpose, scale).
  CHECK(compared == 2 * (48 + 5 + 28));
}
