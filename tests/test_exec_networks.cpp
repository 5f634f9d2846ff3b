// The executor on whole networks: every bundled architecture end to end on
// the reference backend (the large ones at a reduced input), tensor shapes
// equal to the shape pass's, parameter tensors equal to the counted params,
// batches, training-only layers, the memory plan, file names.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <numeric>
#include <regex>
#include <sstream>

#include "helpers.hpp"
#include "test_exec_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;
using exec::Array;

namespace {

std::unique_ptr<exec::Backend> reference() {
  return exec::make_backend("reference", {});
}

}  // namespace

TEST_CASE("exec: every bundled network runs end to end on the reference backend",
          "[exec][networks]") {
  // The smallest input (a multiple of 8, or 75 for the Inception stems) at
  // which each file's shapes are valid.
  const std::vector<std::pair<std::string, int>> files{{"alexnet", 75},
                                                       {"alexnet_single", 75},
                                                       {"googlenet", 48},
                                                       {"googlenet_torchvision", 32},
                                                       {"inception_resnet_v2", 75},
                                                       {"inception_v3", 75},
                                                       {"inception_v4", 75},
                                                       {"lenet5", 32},
                                                       {"nin", 56},
                                                       {"resnet18", 16},
                                                       {"resnet34", 16},
                                                       {"resnet50", 16},
                                                       {"resnet50_v1", 16},
                                                       {"resnet101", 16},
                                                       {"resnet101_v1", 16},
                                                       {"resnet152", 16},
                                                       {"resnet152_v1", 16},
                                                       {"vgg11", 32},
                                                       {"vgg13", 32},
                                                       {"vgg16", 32},
                                                       {"vgg19", 32},
                                                       {"modules/bottleneck_128", 16},
                                                       {"modules/conv3x3_128", 16},
                                                       {"modules/inception_naive", 16},
                                                       {"modules/inception_reduced", 16}};
  // Two threads split each conv and fc by output channel.
  auto backend = exec::make_backend("reference", {/*threads=*/2});
  for (const auto& [name, size] : files) {
    INFO(name << " at " << size << "x" << size);
    Network net = reduced_network("architectures/" + name + ".yaml", size);
    exec::Executor ex(net, *backend, /*batch=*/1);
    ex.seed_params(1);
    ex.seed_inputs(1);
    ex.forward();
    // Parameter tensors hold exactly the counted params and buffers.
    Count elements = 0;
    for (const auto& p : ex.params()) elements += p.tensor.size();
    const Cost& total = net.totals(false).cost;
    CHECK(elements == total.params() + total.buffers);
    // Every tensor has the shape pass's shape; every value is finite.
    for (Vertex v : ex.order()) {
      const Layer& l = net.layer(v);
      REQUIRE(ex.tensor(v).dims() == with_batch(1, l.out));
      const Array& t = ex.tensor(v);
      REQUIRE(std::all_of(t.data(), t.data() + t.size(), [](float x) { return std::isfinite(x); }));
    }
    const Layer& last = net.layer(ex.output());
    if (std::holds_alternative<Softmax>(last.op)) {
      const Array& y = ex.tensor(ex.output());
      double sum = std::accumulate(y.data(), y.data() + y.size(), 0.0);
      CHECK(sum == Approx(1.0).margin(1e-4));
    }
  }
}

TEST_CASE("exec: full-size files run unedited", "[exec][networks]") {
  auto backend = reference();
  Network net = analyzed_file("architectures/lenet5.yaml");
  exec::Executor ex(net, *backend, 1);
  ex.seed_params(3);
  ex.seed_inputs(3);
  ex.forward();
  CHECK(ex.tensor(ex.output()).dims() == std::vector<std::int64_t>{1, 10});
  CHECK(ex.params().size() == 10);  // 5 weighted layers, weight and bias each
}

TEST_CASE("exec: the lecture example as a network: a 1x1 conv of 2 doubles the input",
          "[exec][networks]") {
  Network net = analyzed_text(
      "name: lecture\ninput: [1, 6, 6]\nlayers:\n"
      "  - {name: conv1, op: conv, out: 1, kernel: 1, bias: false}\n");
  auto backend = reference();
  exec::Executor ex(net, *backend, 1);
  REQUIRE(ex.params().size() == 1);
  CHECK(ex.params()[0].file == "conv1.weight.npy");
  ex.params()[0].tensor.data()[0] = 2.0f;
  Array& x = ex.tensor(ex.order().front());
  for (std::size_t i = 0; i < 36; ++i) x.data()[i] = static_cast<float>(i) - 10.0f;
  ex.forward();
  const Array& y = ex.tensor(ex.output());
  REQUIRE(y.dims() == std::vector<std::int64_t>{1, 1, 6, 6});
  for (std::size_t i = 0; i < 36; ++i) CHECK(y.data()[i] == 2.0f * (static_cast<float>(i) - 10.0f));
}

TEST_CASE("exec: each item of a batch is computed as if alone", "[exec][networks]") {
  Network net = reduced_network("architectures/resnet18.yaml", 16);
  auto backend = reference();
  exec::Executor one(net, *backend, 1);
  one.seed_params(5);
  one.seed_inputs(5);
  one.forward();
  exec::Executor two(net, *backend, 2);
  two.seed_params(5);
  const Array& x1 = one.tensor(one.order().front());
  Array& x2 = two.tensor(two.order().front());
  REQUIRE(x2.size() == 2 * x1.size());
  std::copy_n(x1.data(), x1.size(), x2.data());
  std::copy_n(x1.data(), x1.size(), x2.data() + x1.size());
  two.forward();
  const Array& y1 = one.tensor(one.output());
  const Array& y2 = two.tensor(two.output());
  REQUIRE(y2.dims() == std::vector<std::int64_t>{2, 1000});
  CHECK(std::equal(y1.data(), y1.data() + y1.size(), y2.data()));
  CHECK(std::equal(y1.data(), y1.data() + y1.size(), y2.data() + y1.size()));
}

TEST_CASE("exec: seeded values depend on the seed and the tensor's name only", "[exec][networks]") {
  Network net = analyzed_file(std::string("tests/data/exec_tiny.yaml"));
  auto backend = reference();
  exec::Executor a(net, *backend, 1), b(net, *backend, 1), c(net, *backend, 1);
  a.seed_params(7);
  b.seed_params(7);
  c.seed_params(8);
  const Array& wa = a.params()[0].tensor;
  CHECK(std::equal(wa.data(), wa.data() + wa.size(), b.params()[0].tensor.data()));
  CHECK(!std::equal(wa.data(), wa.data() + wa.size(), c.params()[0].tensor.data()));
  // conv1.weight: He uniform, |w| <= sqrt(6 / 9); fc.bias: |b| <= 1 / sqrt(32).
  for (float w : wa.values()) CHECK(std::abs(w) <= std::sqrt(6.0f / 9.0f));
  REQUIRE(a.params()[3].file == "fc.bias.npy");
  for (float v : a.params()[3].tensor.values()) CHECK(std::abs(v) <= 1.0f / std::sqrt(32.0f));
}

TEST_CASE("exec: seeded values follow SplitMix64 from seed ^ FNV-1a(name)", "[exec][networks]") {
  // FNV-1a of "" is its offset basis, so this seed starts SplitMix64 at state 0,
  // whose published first outputs are 0xe220a8397b1dcdaf and 0x6e789e6aa1b965f4:
  // top 24 bits 0xe220a8 = 14819496 and 0x6e789e = 7239838, over 2^24.
  Array t({2});
  exec::fill_uniform(t, 0.0f, 1.0f, 0xcbf29ce484222325ull, "");
  CHECK(t.data()[0] == 14819496 * 0x1p-24f);
  CHECK(t.data()[1] == 7239838 * 0x1p-24f);
  exec::fill_uniform(t, -1.0f, 1.0f, 0xcbf29ce484222325ull, "");
  CHECK(t.data()[0] == -1.0f + 2.0f * (14819496 * 0x1p-24f));
}

TEST_CASE("exec: training-only layers are not run and not counted in memory", "[exec][networks]") {
  Network net = analyzed_text(
      "name: aux\ninput: [1, 4, 4]\nlayers:\n"
      "  - {name: conv1, op: conv, out: 2, kernel: 1}\n"
      "  - {name: aux, op: fc, out: 5, train_only: true}\n"
      "  - {name: pool, op: maxpool, kernel: 2, from: conv1}\n");
  auto backend = reference();
  exec::Executor ex(net, *backend, 1);
  std::vector<std::string> names;
  for (Vertex v : ex.order()) names.push_back(net.layer(v).name);
  CHECK(names == std::vector<std::string>{"input", "conv1", "pool"});
  CHECK(net.layer(ex.output()).name == "pool");
  CHECK(ex.params().size() == 2);  // conv1 weight and bias; not aux's
  // Outputs 16 (input) + 32 (conv1) + 8 (pool) floats; at their peak, while
  // conv1 runs, input and conv1: 48 floats, at batch 3: 3·48·4 = 576 bytes.
  // The input's own buffer: 3·16·4 = 192 bytes. Weights 2 + 2 floats.
  exec::MemoryPlan m = exec::plan_memory(net, *backend, 3);
  CHECK(m.activations == 576);
  CHECK(m.inputs == 192);
  CHECK(m.weights == 16);
  CHECK(m.workspace == 0);
  CHECK(m.total() == 784);
}

TEST_CASE("exec: parameter file names map '/' in block paths to '.'", "[exec][networks]") {
  CHECK(exec::layer_stem("inception_3a/b1") == "inception_3a.b1");
  CHECK(exec::param_file_name("conv2_x/block_1/bn1", "running_var") ==
        "conv2_x.block_1.bn1.running_var.npy");
  Network net = reduced_network("architectures/resnet50.yaml", 16);
  auto backend = reference();
  exec::Executor ex(net, *backend, 1);
  std::vector<std::string> files;
  for (const auto& p : ex.params()) files.push_back(p.file);
  CHECK(files[0] == "conv1.weight.npy");
  CHECK(files[1] == "bn1.weight.npy");
  CHECK(files[2] == "bn1.bias.npy");
  CHECK(files[3] == "bn1.running_mean.npy");
  CHECK(files[4] == "bn1.running_var.npy");
  CHECK(std::find(files.begin(), files.end(), "conv2_x.block_1.proj_bn.running_var.npy") !=
        files.end());
  CHECK(files.back() == "fc.bias.npy");
}

TEST_CASE("exec: two parameters that would share a file are refused", "[exec][networks]") {
  Network net = analyzed_text(
      "name: clash\ninput: [1, 2, 2]\n"
      "blocks:\n  blk:\n    args: []\n    layers:\n"
      "      - {name: b, op: conv, out: 1, kernel: 1}\n"
      "layers:\n"
      "  - {name: a.b, op: conv, out: 1, kernel: 1}\n"
      "  - {name: a, block: blk, args: []}\n");
  auto backend = reference();
  exec::Executor ex(net, *backend, 1);
  TempDir dir("clash");
  CHECK_THROWS_WITH(ex.save_params(dir.str()),
                    "conv 'a/b': its parameter file name 'a.b.weight.npy' is also that of layer "
                    "'a.b' ('/' maps to '.'); rename one to load or save weights");
}
