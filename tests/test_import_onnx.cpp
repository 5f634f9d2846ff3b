// ONNX import (docs/import.md) on the small models tests/data/import/gen_onnx.py
// writes: every supported op with hand-worked figures, weights as initializers
// or as graph inputs, --allow-unknown, and hostile bytes.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "import_helpers.hpp"
#include "io/onnx/onnx_import.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

std::string bytes_of(const std::string& rel) {
  std::ifstream in(source_path(rel), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("onnx: a small CNN, counted by hand", "[import][onnx]") {
  Network net = analyzed_file("tests/data/import/tiny_cnn.onnx");
  CHECK(layer_named(net, "x").out == Shape{{3, 32, 32}});  // the batch dim is left out
  CHECK(layer_named(net, "conv1").cost.params() == 224);   // 8·3·3·3 + 8
  CHECK(layer_named(net, "conv1").cost.macs == 221184);    // 32·32·8·27
  CHECK(layer_named(net, "bn1").cost.affine == 16);
  CHECK(layer_named(net, "bn1").cost.buffers == 16);
  CHECK(layer_named(net, "pool1").out == Shape{{8, 16, 16}});
  // SAME_UPPER, stride 2: ceil(16 / 2) = 8; no bias input.
  CHECK(layer_named(net, "conv2").out == Shape{{16, 8, 8}});
  CHECK(layer_named(net, "conv2").cost.params() == 1152);
  CHECK(layer_named(net, "conv2").cost.macs == 73728);
  CHECK(layer_named(net, "gap").out == Shape{{16, 1, 1}});
  CHECK(layer_named(net, "fc").cost.params() == 170);  // Gemm transB: B is [10, 16]
  const Totals& t = net.totals(false);
  CHECK(t.cost.params() == 1562);
  CHECK(t.cost.buffers == 16);
  CHECK(t.cost.macs == 295072);
  CHECK(t.cost.other_ops == 43048);
  CHECK(t.layers == 10);
}

TEST_CASE("onnx: parameters exported as graph inputs, without values", "[import][onnx]") {
  Network with = analyzed_file("tests/data/import/tiny_cnn.onnx");
  Network without = analyzed_file("tests/data/import/tiny_cnn_no_weights.onnx");
  CHECK(same_totals(with, without));
  CHECK(without.totals(false).cost.params() == 1562);
  CHECK(boost::num_vertices(without.graph) == 11);  // one input, ten layers
}

TEST_CASE("onnx: branches, folded bias, Clip, Reshape and LRN", "[import][onnx]") {
  Network net = analyzed_file("tests/data/import/branches.onnx");
  CHECK(layer_named(net, "branch_a").cost.params() == 8);
  CHECK(layer_named(net, "branch_b").cost.params() == 76);  // 4·2·9 + 4
  CHECK(std::get<LeakyRelu>(layer_named(net, "leaky").op).alpha == Approx(0.1));
  CHECK(std::holds_alternative<Relu6>(layer_named(net, "relu6").op));  // Clip(0, 6)
  CHECK(layer_named(net, "concat").out == Shape{{8, 8, 8}});
  CHECK(std::get<Lrn>(layer_named(net, "lrn").op).k == 2.0);
  CHECK(layer_named(net, "lrn").cost.other_ops == 3072);  // 512 × (3 + 3)
  CHECK(std::holds_alternative<Add>(layer_named(net, "residual").op));
  // ceil_mode: ceil((8 − 3) / 3) + 1 = 3; count_include_pad defaults to 0.
  CHECK(layer_named(net, "avgpool").out == Shape{{8, 3, 3}});
  CHECK_FALSE(std::get<AvgPool>(layer_named(net, "avgpool").op).count_pad);
  CHECK(std::holds_alternative<Flatten>(layer_named(net, "reshape").op));  // Reshape [0, -1]
  // MatMul + Add(constant): one fc with bias, 72·5 + 5.
  CHECK(layer_named(net, "matmul").cost.params() == 365);
  CHECK_THROWS(layer_named(net, "matmul_bias"));
  const Totals& t = net.totals(false);
  CHECK(t.cost.params() == 513);
  CHECK(t.cost.macs == 9576);
  CHECK(t.cost.other_ops == 5522);
}

TEST_CASE("onnx: an unsupported op is an error naming it", "[import][onnx][errors]") {
  std::string path = source_path("tests/data/import/unknown_op.onnx");
  CliResult r = run_cli({"analyze", path});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.rfind(path + ": error: node 'hsigmoid' (HardSigmoid): unsupported op (supported: "
                           "Conv, ",
                    0) == 0);
  CHECK(r.err.find("; --allow-unknown reports it as an uncounted row\n") != std::string::npos);
}

TEST_CASE("onnx: --allow-unknown reports the op as an uncounted row", "[import][onnx][unknown]") {
  std::string path = source_path("tests/data/import/unknown_op.onnx");
  CliResult r = run_cli({"analyze", path, "--allow-unknown", "--format", "json"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["totals"]["params"] == 116);  // conv1 4·3·9; conv2 2·4
  CHECK(j["totals"]["macs"] == 7424);   // 8·8·4·27 + 8·8·2·4
  auto row = j["layers"][2];
  CHECK(row["name"] == "hsigmoid");
  CHECK(row["op"] == "unknown");
  CHECK(row["label"] == "HardSigmoid (not counted)");
  CHECK(row["output_shape"] == nlohmann::json::array({4, 8, 8}));  // from value_info

  r = run_cli({"analyze", path, "--allow-unknown"});
  CHECK(r.out.find("hsigmoid  HardSigmoid (not counted)  4×8×8") != std::string::npos);
  r = run_cli({"analyze", path, "--allow-unknown", "--format", "csv"});
  CHECK(r.out.find("layer,hsigmoid,HardSigmoid (not counted),0,4x8x8,0,") != std::string::npos);
  r = run_cli({"analyze", path, "--allow-unknown", "--format", "markdown"});
  CHECK(r.out.find("HardSigmoid (not counted)") != std::string::npos);

  // Nothing to run it with, and no YAML to write it as.
  r = run_cli({"run", path, "--allow-unknown", "--repeat", "1"});
  CHECK(r.code == 2);
  CHECK(r.err == path +
                     ": error: unknown 'hsigmoid': backend 'reference': the imported op "
                     "'HardSigmoid' is not supported, so the network cannot run\n");
  // convert offers no --allow-unknown: the YAML it writes needs every op.
  r = run_cli({"convert", path, "--allow-unknown", "-o", "-"});
  CHECK(r.code == 2);
  CHECK(r.err.find("--allow-unknown") != std::string::npos);
  r = run_cli({"convert", path, "-o", "-"});
  CHECK(r.code == 2);
  CHECK(r.err.rfind(path + ": error: node 'hsigmoid' (HardSigmoid): unsupported op", 0) == 0);
}

TEST_CASE("onnx: convert writes YAML with the same totals", "[import][onnx][convert]") {
  for (const char* rel : {"tests/data/import/tiny_cnn.onnx", "tests/data/import/branches.onnx",
                          "tests/data/import/tiny_cnn_no_weights.onnx"}) {
    DYNAMIC_SECTION(rel) {
      Network source = analyzed_file(rel);
      Network yaml = converted(source_path(rel));
      CHECK(same_totals(source, yaml));
    }
  }
}

TEST_CASE("onnx: bytes that are not a model give one error line", "[import][onnx][errors]") {
  std::string model = bytes_of("tests/data/import/tiny_cnn.onnx");
  REQUIRE(model.size() > 1000);
  const std::string why =
      "f.onnx: error: not an ONNX model (the bytes do not parse as an ONNX "
      "ModelProto)";
  for (const std::string& bad : {model.substr(0, 300), std::string(), std::string("\xff\xff\xff"),
                                 std::string("name: \"yaml?\"\n")}) {
    Diagnostics diag;
    try {
      import_onnx_bytes(bad, "f.onnx", OnnxOptions{}, diag);
      FAIL("no error");
    } catch (const InputError& e) {
      CHECK(e.render() == why);
    }
  }
}

TEST_CASE("onnx: corrupted models never crash", "[import][onnx][fuzz]") {
  // Every byte of a real model, changed in turn: each import ends in a network
  // or an input error, never a crash (the sanitizer build checks).
  std::string model = bytes_of("tests/data/import/branches.onnx");
  std::size_t ok = 0, rejected = 0;
  for (std::size_t i = 0; i < model.size(); ++i) {
    std::string bad = model;
    bad[i] = static_cast<char>(bad[i] ^ (i % 2 ? 0x55 : 0xff));
    Diagnostics diag;
    try {
      Network net = import_onnx_bytes(bad, "f.onnx", OnnxOptions{true}, diag);
      analyze(net);
      ++ok;
    } catch (const InputError&) {
      ++rejected;
    } catch (const InputErrors&) {
      ++rejected;
    }
  }
  CHECK(ok + rejected == model.size());
  CHECK(rejected > 0);
}
