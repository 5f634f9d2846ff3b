// ONNX import of what exporters write beyond plain CNNs (docs/import.md): the
// shape-only subgraphs evaluated at import, learned tensors, the decomposed
// layer norm and GELU, matrix products on tokens, pads folded into windows,
// the opsets' attributes that became inputs, weights checked against their
// inputs, and torchvision models exported by PyTorch (gen_torchvision.py).
#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "import_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("onnx: shape subgraphs, learned tensors, layer norm, GELU and attention",
          "[import][onnx]") {
  Network net = analyzed_file("tests/data/import/transformer_ops.onnx");
  CHECK(layer_named(net, "stem").cost.params() == 52);  // 4·3·2·2 + the folded [4, 1, 1] bias
  CHECK(layer_named(net, "stem").cost.macs == 768);     // 4·4·4 · 3·2·2
  // Shape → Gather → Unsqueeze → Concat gives the target [1, 4, -1].
  CHECK(layer_named(net, "to_tokens").out == Shape{{4, 16}});
  CHECK(layer_named(net, "tokens").out == Shape{{16, 4}});
  CHECK(layer_named(net, "cat_cls").out == Shape{{17, 4}});
  CHECK(layer_named(net, "cat_cls_const").cost.params() == 4);     // the class token
  CHECK(layer_named(net, "pos_embed_const").cost.params() == 68);  // 17·4
  const Layer& ln = layer_named(net, "ln_mean");                   // nine nodes, one layer norm
  REQUIRE(std::holds_alternative<LayerNorm>(ln.op));
  CHECK(std::get<LayerNorm>(ln.op).eps == Approx(1e-6));
  CHECK(ln.cost.params() == 8);
  CHECK(ln.cost.other_ops == 476);  // 17·4 · 7
  CHECK_THROWS(layer_named(net, "ln_pow"));
  CHECK(layer_named(net, "fc1").cost.macs == 544);  // linear on 17 tokens: 17·4·8
  CHECK(layer_named(net, "fc1").cost.params() == 40);
  CHECK(std::holds_alternative<Gelu>(layer_named(net, "gelu_div").op));
  CHECK(layer_named(net, "fc2").cost.params() == 32);
  CHECK(std::get<Scale>(layer_named(net, "q_scale").op).factor == 0.5);
  CHECK(layer_named(net, "qk").cost.macs == 1156);  // 17·4·17
  CHECK(layer_named(net, "av").cost.macs == 1156);  // 17·17·4
  CHECK(layer_named(net, "pick_cls").out == Shape{{4}});
  const Totals& t = net.totals(false);
  CHECK(t.cost.params() == 214);
  CHECK(t.cost.macs == 4176);
}

TEST_CASE("onnx: Pad, Split and ReduceMean in opsets 11, 13 and 18", "[import][onnx]") {
  for (const char* rel : {"tests/data/import/opset11.onnx", "tests/data/import/opset13.onnx",
                          "tests/data/import/opset18.onnx"}) {
    DYNAMIC_SECTION(rel) {
      Network net = analyzed_file(rel);
      // The Pad's [1, 1, 1, 1] goes into the average pool, its zeros averaged in.
      const Layer& pool = layer_named(net, "pool");
      CHECK(pool.out == Shape{{4, 6, 6}});
      CHECK(std::get<AvgPool>(pool.op).count_pad);
      CHECK(pool.cost.other_ops == 1296);  // 144 outputs · 9
      CHECK(layer_named(net, "split_0").out == Shape{{1, 6, 6}});
      CHECK(layer_named(net, "split_1").out == Shape{{3, 6, 6}});
      CHECK(layer_named(net, "mean").out == Shape{{3}});
      const Totals& t = net.totals(false);
      CHECK(t.cost.params() == 26);  // conv 2·3, fc 5·3 + 5
      CHECK(t.cost.macs == 231);     // 36·2·3 + 15
    }
  }
}

TEST_CASE("onnx: malformed models give one error line and exit 2", "[import][onnx][errors]") {
  struct Case {
    const char* rel;
    std::vector<std::string> flags;
    std::string error;
  };
  const std::vector<Case> cases{
      {"tests/data/import/bad_weight.onnx",
       {},
       "node 'fc' (Gemm): its weights hold 1000 values, but fc on an input of 144 needs 1440"},
      {"tests/data/import/bad_reshape.onnx",
       {},
       "node 'reshape' (Reshape): the target does not divide the elements"},
      {"tests/data/import/unknown_two_inputs.onnx",
       {"--allow-unknown"},
       "node 'mystery' (Mystery): unsupported op"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.rel) {
      std::string path = source_path(c.rel);
      std::vector<std::string> args{"analyze", path};
      args.insert(args.end(), c.flags.begin(), c.flags.end());
      CliResult r = run_cli(args);
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(r.err.rfind(path + ": error: " + c.error, 0) == 0);
      CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    }
  }
  // An unknown op whose output the model does not declare: never guessed.
  CliResult r = run_cli(
      {"analyze", source_path("tests/data/import/unknown_two_inputs.onnx"), "--allow-unknown"});
  CHECK(r.code == 2);
  CHECK(r.err.rfind(source_path("tests/data/import/unknown_two_inputs.onnx") +
                        ": error: node 'mystery' (Mystery): unsupported op (supported: ",
                    0) == 0);
  CHECK(r.err.find("); neither the model nor ONNX's shape inference gives its output's shape, so "
                   "nothing after it can be counted\n") != std::string::npos);
}

TEST_CASE("onnx: torchvision models exported by PyTorch, exact", "[import][onnx][torchvision]") {
  // PyTorch's own figures (tests/data/zoo_figures.json): sum(p.numel()) and
  // the MACs of every convolution and matrix product.
  struct Case {
    const char* name;
    Count params, macs;
  };
  for (const Case& c :
       {Case{"squeezenet1_1", 1235496, 349151936}, Case{"shufflenet_v2_x0_5", 1366792, 40476448},
        Case{"mnasnet0_5", 2218512, 104455968}, Case{"mobilenet_v3_small", 2542856, 56510400}}) {
    DYNAMIC_SECTION(c.name) {
      Network net = analyzed_file(std::string("tests/data/import/tv_") + c.name + ".onnx");
      const Totals& t = net.totals(false);
      CHECK(t.cost.params() == c.params);
      CHECK(t.cost.macs == c.macs);
    }
  }
}

TEST_CASE("onnx: batch norms PyTorch folded into convs are named on stderr", "[import][onnx]") {
  // conv 3→8, 3x3, no bias, then batch norm, exported in eval mode: the file
  // holds the conv's 216 weights and a folded bias of 8, where the model had
  // γ and β, 16. MACs 8·6·6·27 = 7,776.
  CliResult r = run_cli({"analyze", "tests/data/import/tv_folded_bn.onnx", "--format", "json"});
  CHECK(r.code == 0);
  CHECK(r.err ==
        "tests/data/import/tv_folded_bn.onnx: warning: params are lower by 8 than the PyTorch "
        "model's, or by 16 if those convs had a bias of their own (VGG's with batch norm): its "
        "exporter folded 1 batch norm into the convs before them (a norm's γ and β, 2 per "
        "channel, and the conv's own bias if any became one conv bias, 1 per channel); export "
        "with training=torch.onnx.TrainingMode.PRESERVE to keep them\n");
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["totals"]["params"] == 224);
  CHECK(j["totals"]["macs"] == 7776);
}
