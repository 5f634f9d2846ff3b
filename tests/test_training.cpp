// The training step: backward costs per op rule, the memory a step holds, the
// optimizer state, loss weights of auxiliary heads. Figures worked by hand.
#include <catch2/catch.hpp>

#include "emit/report.hpp"
#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("training: VGG-16's step is three forwards less conv1_1's input gradient",
          "[training][vgg16]") {
  Network net = analyzed_file("architectures/vgg16.yaml");
  const Totals& t = net.totals(true);
  // Forward 15,470,264,320 MACs. Backward: every conv and fc again for the
  // weight gradient and again for the input gradient, except conv1_1, whose
  // input is the image: 2 · 15,470,264,320 − 86,704,128 = 30,853,824,512.
  CHECK(t.cost.macs == 15'470'264'320ULL);
  CHECK(layer_named(net, "conv1_1").backward.macs == 86'704'128);
  CHECK(layer_named(net, "conv1_2").backward.macs == 2 * 1'849'688'064ULL);
  CHECK(t.backward_macs == 30'853'824'512ULL);
  CHECK(t.step_macs() == 3 * 15'470'264'320ULL - 86'704'128);
  CHECK(t.step_macs() == 46'324'088'832ULL);
  // Backward other ops. Conv outputs: conv1 2 · 3,211,264, conv2 2 · 1,605,632,
  // conv3 3 · 802,816, conv4 3 · 401,408, conv5 3 · 100,352 = 13,547,520.
  //   bias gradients: 13,547,520 + fc 4,096 + 4,096 + 1,000 = 13,556,712
  //   ReLUs (1 per element): 13,547,520 + 2 · 4,096 = 13,555,712
  //   max pools (1 per output): 802,816 + 401,408 + 200,704 + 100,352 + 25,088 = 1,530,368
  //   dropout 2 · 4,096 = 8,192; softmax 3 · 1,000 = 3,000
  CHECK(t.backward_other_ops == 13'556'712 + 13'555'712 + 1'530'368 + 8'192 + 3'000);
  CHECK(t.backward_other_ops == 28'653'984);
  // Saved for backward: the image (conv1_1 reads it for its weight gradient),
  // every ReLU's output (13,547,520 + 8,192), the outputs of pool1–pool4 (read
  // by the next conv: 1,505,280) and pool5 (read by fc6: 25,088), the two
  // dropout masks (8,192) and softmax's output (1,000). Conv outputs are read
  // only by ReLUs, which keep their own output instead.
  const TrainingMemory& m = net.training_memory;
  CHECK(m.saved_elements == 150'528 + 13'555'712 + 1'505'280 + 25'088 + 8'192 + 1'000);
  CHECK(m.saved_elements == 15'245'800);
  CHECK(m.saved_bytes == 60'983'200);
  CHECK(m.gradient_bytes == 138'357'544ULL * 4);
  CHECK(m.optimizer_bytes[static_cast<int>(Optimizer::kSgd)] == 0);
  CHECK(m.optimizer_bytes[static_cast<int>(Optimizer::kMomentum)] == 553'430'176);
  CHECK(m.optimizer_bytes[static_cast<int>(Optimizer::kAdam)] == 1'106'860'352);
  // Momentum: weights + gradients + velocity + saved = 3 · 553,430,176 + 60,983,200.
  CHECK(m.total_bytes(Optimizer::kMomentum) == 1'721'273'728);
  CHECK(m.total_bytes(Optimizer::kAdam) == 4 * 553'430'176ULL + 60'983'200);
}

TEST_CASE("training: every op's backward rule on a small network", "[training]") {
  Network net = analyzed_text(R"(
name: rules
input: [2, 4, 4]
layers:
  - {name: p, op: maxpool, kernel: 2}
  - {name: c, op: conv, out: 3, kernel: 1}
  - {name: b, op: batchnorm}
  - {name: r, op: relu}
  - {name: a, op: conv, out: 3, kernel: 1}
  - {name: s, op: add, from: [a, r]}
  - {name: g, op: avgpool, global: true}
  - {name: f, op: fc, out: 2}
)");
  // p reads the input, which depends on no parameter: no gradient, no cost.
  CHECK_FALSE(layer_named(net, "p").needs_grad);
  CHECK(layer_named(net, "p").backward.other_ops == 0);
  // c (3×2×2 = 12 outputs, 24 MACs): weight gradient only (p needs none);
  // bias gradient 12.
  CHECK(layer_named(net, "c").needs_grad);
  CHECK(layer_named(net, "c").backward.macs == 24);
  CHECK(layer_named(net, "c").backward.other_ops == 12);
  // b: γ/β 3 + input 4 per element: 7 · 12.
  CHECK(layer_named(net, "b").backward.other_ops == 84);
  // r: 1 per element, plus 1 per element summing the gradients of its two readers (a, s).
  CHECK(layer_named(net, "r").backward.other_ops == 12 + 12);
  // a (36 MACs): weight and input gradients 72; bias 12. s: nothing.
  CHECK(layer_named(net, "a").backward.macs == 72);
  CHECK(layer_named(net, "a").backward.other_ops == 12);
  CHECK(layer_named(net, "s").backward.other_ops == 0);
  // g: 3 outputs × window 2·2 = 12. f (6 MACs): 12; bias 2.
  CHECK(layer_named(net, "g").backward.other_ops == 12);
  CHECK(layer_named(net, "f").backward.macs == 12);
  CHECK(layer_named(net, "f").backward.other_ops == 2);
  const Totals& t = net.totals(true);
  CHECK(t.cost.macs == 66);
  CHECK(t.backward_macs == 108);
  CHECK(t.step_macs() == 174);
  CHECK(t.backward_other_ops == 12 + 84 + 24 + 12 + 12 + 2);
  // Saved: p (c's input, 8), c (b's input, 12), r (its own output, read by a
  // too, 12), g (f's input, 3). Not the image (p needs no gradient), nor b, a,
  // s (nothing reads them for a gradient).
  CHECK(layer_named(net, "p").saved);
  CHECK_FALSE(layer_named(net, "input").saved);
  CHECK_FALSE(layer_named(net, "s").saved);
  CHECK(net.training_memory.saved_elements == 8 + 12 + 12 + 3);
  // Params: c 9, b 6, a 12, f 8 = 35: gradients 140 bytes; Adam 280.
  CHECK(net.training_memory.gradient_bytes == 140);
  CHECK(net.training_memory.optimizer_bytes[static_cast<int>(Optimizer::kAdam)] == 280);
}

TEST_CASE("training: GoogLeNet's auxiliary classifiers, with their loss weights",
          "[training][googlenet]") {
  Network net = analyzed_file("architectures/googlenet.yaml");
  // aux1 on inception_4a (512×14×14): avgpool 5×5/3 → 512×4×4; conv 1×1 128:
  // 4·4·128·512 = 1,048,576 MACs; fc 2048·1024 = 2,097,152; fc 1024·1000 =
  // 1,024,000: 4,169,728 forward, twice that backward (all inputs need gradients).
  const BlockInstance& aux1 = block_named(net, "aux1");
  CHECK(aux1.training.cost.macs == 4'169'728);
  CHECK(aux1.training.backward_macs == 8'339'456);
  // aux2 on inception_4d (528 channels): conv 4·4·128·528 = 1,081,344.
  CHECK(block_named(net, "aux2").training.backward_macs == 2 * 4'202'496);
  CHECK(layer_named(net, "aux1/classifier").loss_weight == 0.3);
  CHECK(layer_named(net, "aux2/classifier").loss_weight == 0.3);
  // The step: forward 1,582,671,872 + 4,169,728 + 4,202,496 = 1,591,044,096;
  // backward twice that less conv1's input gradient (118,013,952).
  const Totals& t = net.totals(true);
  CHECK(t.cost.macs == 1'591'044'096);
  CHECK(t.backward_macs == 2 * 1'591'044'096ULL - 118'013'952);
  // inception_4a's output feeds inception_4b's four branches and aux1's pool:
  // 4 extra gradient sums per element of 512×14×14.
  CHECK(layer_named(net, "inception_4a/output").backward.other_ops == 4 * 100'352);

  CliResult r = run_cli({"analyze", source_path("architectures/googlenet.yaml"), "--mode",
                         "training", "--depth", "0"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("loss weights                       aux1/classifier ×0.3, aux2/classifier ×0.3 "
                   "(the main output ×1)\n") != std::string::npos);
  CliResult v3 = run_cli({"analyze", source_path("architectures/inception_v3.yaml"), "--mode",
                          "training", "-f", "json"});
  REQUIRE(v3.code == 0);
  auto j = nlohmann::ordered_json::parse(v3.out);
  CHECK(j["training_step"]["loss_weights"] ==
        nlohmann::ordered_json::array({{{"layer", "AuxLogits/fc"}, {"weight", 0.4}}}));
}

TEST_CASE("training: analyze --mode training shows forward, backward and step",
          "[training][analyze]") {
  const std::string vgg = source_path("architectures/vgg16.yaml");
  CliResult t = run_cli({"analyze", vgg, "--mode", "training"});
  REQUIRE(t.code == 0);
  CHECK(t.out.find("\nbackward MACs       30,853,824,512  step MACs 46,324,088,832 = forward "
                   "15,470,264,320 + backward 30,853,824,512\n") != std::string::npos);
  CHECK(t.out.find("\noptimizer state        553,430,176  bytes (momentum)\n") !=
        std::string::npos);
  CHECK(t.out.find(
            "\nconv1_1       conv 3×3               64×224×224         1,792     86,704,128   "
            "0.56%  3,211,264    3,211,264     86,704,128      3,211,264\n") != std::string::npos);
  CliResult adam = run_cli({"analyze", vgg, "--mode", "training", "--optimizer", "adam"});
  CHECK(adam.out.find("\noptimizer state      1,106,860,352  bytes (adam)\n") != std::string::npos);

  CliResult j = run_cli({"analyze", vgg, "--mode", "training", "-f", "json", "--optimizer", "sgd"});
  auto doc = nlohmann::ordered_json::parse(j.out);
  const auto& s = doc["training_step"];
  CHECK(s["forward_macs"] == 15'470'264'320ULL);
  CHECK(s["backward_macs"] == 30'853'824'512ULL);
  CHECK(s["step_macs"] == 46'324'088'832ULL);
  CHECK(s["saved_bytes"] == 60'983'200);
  CHECK(s["optimizer"] == "sgd");
  CHECK(s["total_bytes"] == 2 * 553'430'176ULL + 60'983'200);
  CHECK(doc["layers"][1]["backward_macs"] == 86'704'128);
  CHECK(doc["layers"][1]["needs_grad"] == true);
  CHECK(doc["layers"][0]["saved_for_backward"] == true);

  CliResult bad = run_cli({"analyze", vgg, "--optimizer", "lbfgs"});
  CHECK(bad.code == 2);
}
