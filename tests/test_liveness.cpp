// Peak activation memory by liveness: the pass's figures worked by hand, and
// the executor's measured high-water mark against them.
#include <catch2/catch.hpp>

#include "emit/report.hpp"
#include "exec/executor.hpp"
#include "helpers.hpp"
#include "passes/liveness.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

std::string at(const Network& net, const PeakMemory& p) {
  return p.at ? net.layer(*p.at).name : "";
}

// GoogLeNet's inception_3a on its own: a 192×28×28 input and the module.
const char* kInception = R"(
name: inception_3a
input: [192, 28, 28]
blocks:
  inception:
    args: [n1, r3, n3, r5, n5, pool_proj]
    layers:
      - {name: 1x1,        op: conv, out: $n1, kernel: 1, act: relu}
      - {name: 3x3_reduce, op: conv, out: $r3, kernel: 1, from: input, act: relu}
      - {name: 3x3,        op: conv, out: $n3, kernel: 3, pad: 1, act: relu}
      - {name: 5x5_reduce, op: conv, out: $r5, kernel: 1, from: input, act: relu}
      - {name: 5x5,        op: conv, out: $n5, kernel: 5, pad: 2, act: relu}
      - {name: pool,       op: maxpool, kernel: 3, stride: 1, pad: 1, from: input}
      - {name: pool_proj,  op: conv, out: $pool_proj, kernel: 1, act: relu}
      - {name: output,     op: concat, from: [1x1_relu, 3x3_relu, 5x5_relu, pool_proj_relu]}
layers:
  - {name: m, block: inception, args: [64, 96, 128, 16, 32, 32]}
)";

}  // namespace

TEST_CASE("liveness: VGG-16 peaks at its largest input + output pair", "[liveness][vgg16]") {
  Network net = analyzed_file("architectures/vgg16.yaml");
  // In a chain a step holds its input and its output. The largest pair is two
  // 64×224×224 tensors (3,211,264 elements each): conv1_1 → conv1_1_relu,
  // conv1_1_relu → conv1_2, conv1_2 → conv1_2_relu all hold 6,422,528. Every
  // other pair is smaller: input + conv1_1 = 150,528 + 3,211,264; conv1_2_relu
  // + pool1 = 3,211,264 + 802,816; stage 2 pairs 2 · 1,605,632.
  const PeakMemory& p = net.peak[0];
  CHECK(p.elements == 2 * 64 * 224 * 224);
  CHECK(p.elements == 6'422'528);
  CHECK(p.bytes == 25'690'112);
  CHECK(at(net, p) == "conv1_1_relu");  // the first step holding the peak
  CHECK(p.weight_bytes == 138'357'544ULL * 4);
  CHECK(p.total_bytes() == 553'430'176ULL + 25'690'112);
  // In place, each ReLU shares its conv's buffer; conv1_2 still holds its
  // input (conv1_1's buffer) and its own output: the same pair.
  const PeakMemory& q = net.peak[1];
  CHECK(q.elements == 6'422'528);
  CHECK(at(net, q) == "conv1_2");
}

TEST_CASE("liveness: an inception module holds its input until the pool branch reads it",
          "[liveness][inception]") {
  Network net = analyzed_text(kInception);
  // In channels of 28×28 = 784 elements, step by step (no op in place):
  //   input 192 · 1x1 +64 = 256 · relu +64 = 320 (1x1 freed after) ·
  //   3x3_reduce 192+64+96 = 352 · relu 448 · 3x3 192+64+96+128 = 480 ·
  //   relu 192+64+128+128 = 512 · 5x5_reduce 192+64+128+16 = 400 · relu 416 ·
  //   5x5 192+64+128+16+32 = 432 · relu 448 ·
  //   pool 192+64+128+32+192 = 608 (the input's last reader) ·
  //   pool_proj 64+128+32+192+32 = 448 · relu 288 · output 64+128+32+32+256 = 512.
  // The peak, 608 · 784, includes the 192-channel block input: it stays live
  // until the pool branch, the last to read it, has run.
  const PeakMemory& p = net.peak[0];
  CHECK(p.elements == 608 * 784);
  CHECK(p.elements == 476'672);
  CHECK(at(net, p) == "m/pool");
  // In place the ReLUs add nothing, but the pool step is unchanged:
  // 192 (input) + 64 + 128 + 32 (1x1, 3x3, 5x5 buffers) + 192 (pool) = 608.
  CHECK(net.peak[1].elements == 476'672);
  CHECK(at(net, net.peak[1]) == "m/pool");
}

TEST_CASE("liveness: an op runs in place only over an input it reads last", "[liveness]") {
  Network net = analyzed_text(R"(
name: inplace
input: [1, 4, 4]
layers:
  - {name: a, op: conv, out: 1, kernel: 1}
  - {name: r, op: relu}
  - {name: s, op: add, from: [r, a]}
  - {name: d, op: dropout}
)");
  // 16 elements per tensor. Steps: input 16; a 32; r 32 (a is read again by
  // s, so r cannot overwrite it); s: a + r + s = 48; d: s + d = 32, or 16 in place.
  CHECK(net.peak[0].elements == 48);
  CHECK(net.peak[1].elements == 48);
  CHECK(at(net, net.peak[1]) == "s");
  CHECK(peak_memory(net, /*in_place=*/true).elements == 48);
}

TEST_CASE("liveness: training-only layers are not run", "[liveness]") {
  Network net = analyzed_text(R"(
name: aux
input: [1, 4, 4]
layers:
  - {name: a, op: conv, out: 2, kernel: 1}
  - {name: aux, op: conv, out: 50, kernel: 1, train_only: true}
  - {name: p, op: maxpool, kernel: 2, from: a}
)");
  // input 16 + a 32 = 48 while a runs; a 32 + p 8 after. aux (800) is not counted.
  CHECK(net.peak[0].elements == 48);
  CHECK(at(net, net.peak[0]) == "a");
}

TEST_CASE("liveness: analyze shows the peak in the table, JSON and markdown",
          "[liveness][analyze]") {
  const std::string vgg = source_path("architectures/vgg16.yaml");
  CliResult t = run_cli({"analyze", vgg});
  REQUIRE(t.code == 0);
  CHECK(t.out.find("\npeak activations       6,422,528  elements = 25,690,112 bytes, at "
                   "conv1_1_relu (no op in place)\n") != std::string::npos);
  CHECK(t.out.find("\npeak total           579,120,288  bytes = weights 553,430,176 + peak "
                   "activations 25,690,112\n") != std::string::npos);
  CliResult ip = run_cli({"analyze", vgg, "--in-place"});
  CHECK(ip.out.find("bytes, at conv1_2 (activations in place)\n") != std::string::npos);

  CliResult j = run_cli({"analyze", vgg, "-f", "json"});
  auto doc = nlohmann::ordered_json::parse(j.out);
  CHECK(doc["peak_memory"]["no_in_place"] == nlohmann::ordered_json{{"elements", 6'422'528},
                                                                    {"bytes", 25'690'112},
                                                                    {"at", "conv1_1_relu"},
                                                                    {"weight_bytes", 553'430'176},
                                                                    {"total_bytes", 579'120'288}});
  CHECK(doc["peak_memory"]["in_place"]["at"] == "conv1_2");

  CliResult md = run_cli({"analyze", vgg, "-f", "markdown"});
  CHECK(md.out.find("| peak activations (bytes) | 25,690,112 at conv1_1_relu |\n") !=
        std::string::npos);
  CHECK(md.out.find("| peak total: weights + peak activations (bytes) | 579,120,288 |\n") !=
        std::string::npos);
}

TEST_CASE("liveness: the executor's measured peak equals the prediction when it frees at last use",
          "[liveness][exec]") {
  // The inception module at 6×6 with narrow branches, a residual block, the tiny chain.
  std::string small = kInception;
  small.replace(small.find("[192, 28, 28]"), 13, "[12, 6, 6]");
  small.replace(small.find("[64, 96, 128, 16, 32, 32]"), 25, "[4, 6, 8, 2, 3, 1]");
  const std::vector<std::string> texts = {small, R"(
name: residual
input: [3, 8, 8]
layers:
  - {name: c1, op: conv, out: 4, kernel: 3, pad: 1, act: relu}
  - {name: c2, op: conv, out: 4, kernel: 3, pad: 1}
  - {name: s, op: add, from: [c2, c1_relu]}
  - {name: r, op: relu}
  - {name: p, op: avgpool, global: true}
  - {name: fc, op: fc, out: 3}
)"};
  auto backend = exec::make_backend("reference", {});
  for (const std::string& text : texts) {
    Network net = analyzed_text(text);
    // Hand check of the small inception's prediction, in channels of 36:
    // the pool step holds input 12 + 1x1 4 + 3x3 8 + 5x5 3 + pool 12 = 39
    // (the output step only 4 + 8 + 3 + 1 + 16 = 32).
    if (net.name == "inception_3a") CHECK(net.peak[0].elements == 39 * 36);
    for (std::int64_t batch : {1, 2}) {
      exec::Executor ex(net, *backend, batch, exec::Lifetime::kFreeAtLastUse);
      ex.seed_params(1);
      ex.seed_inputs(1);
      ex.forward();
      ex.forward();
      CHECK(ex.peak_bytes() == net.peak[0].bytes * static_cast<Count>(batch));
      // Keeping every output instead holds the sum of them all.
      exec::Executor all(net, *backend, batch);
      Count sum = 0;
      for (Vertex v : inference_steps(net)) sum += net.layer(v).out_bytes;
      CHECK(all.peak_bytes() == sum * static_cast<Count>(batch));
      // Freeing early changes nothing in what is computed.
      all.seed_params(1);
      all.seed_inputs(1);
      all.forward();
      const auto a = ex.tensor(ex.output()).values(), b = all.tensor(all.output()).values();
      CHECK(std::vector<float>(a.begin(), a.end()) == std::vector<float>(b.begin(), b.end()));
    }
  }
}

TEST_CASE("liveness: run shows the measured peak beside the prediction", "[liveness][exec]") {
  CliResult r = run_cli({"run", source_path("tests/data/exec_tiny.yaml"), "--repeat", "2",
                         "--warmup", "0", "--batch", "2", "-f", "json"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  // exec_tiny: 68 floats at the peak (conv1 with its input), × 2 × 4 bytes.
  CHECK(j["memory"]["activations"] == 544);
  CHECK(j["memory"]["activations_measured"] == 544);
  CHECK(j["memory"]["peak_at"] == "conv1");
}
