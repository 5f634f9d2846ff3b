// The mobile and efficient CNNs of the zoo (issue 19): SqueezeNet, AlexNet and
// VGG-16-BN as torchvision builds them, MobileNet v1/v2/v3, EfficientNet-B0
// and V2-S, MnasNet and ShuffleNet V2. Every file lands exactly on
// torchvision 0.14's params and on the MACs of its convolutions and linear
// layers, as tests/reference/zoo_figures.py counts them with forward hooks
// (recorded in tests/data/zoo_figures.json), split the same way; block rows
// are checked against the same hooks summed over torchvision's submodules.
// MobileNet v1, which torchvision does not have, is checked against the
// paper's tables.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "helpers.hpp"
#include "zoo_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

using Sets = std::vector<std::pair<std::string, std::string>>;

const nlohmann::json& torchvision_figures() {
  static const nlohmann::json j = [] {
    std::ifstream in(source_path("tests/data/zoo_figures.json"));
    return nlohmann::json::parse(in);
  }();
  return j;
}

// PyTorch's figures for one model, and archcalc's totals against them.
struct Figures {
  Count params, macs, conv, linear;
};

void check_against(const Network& net, const std::string& torchvision_name, const Figures& f) {
  const Totals& t = net.totals(false);
  CHECK(t.cost.params() == f.params);
  CHECK(t.cost.macs == f.macs);
  CHECK(t.conv_macs == f.conv);
  CHECK(t.linear_macs == f.linear);
  CHECK(t.matmul_macs == 0);
  // The recorded hook counts are these figures too.
  const auto& j = torchvision_figures().at(torchvision_name);
  CHECK(j.at("params").get<Count>() == f.params);
  CHECK(j.at("macs").get<Count>() == f.macs);
  CHECK(j.at("conv").get<Count>() == f.conv);
  CHECK(j.at("linear").get<Count>() == f.linear);
  CHECK(j.at("matmul").get<Count>() == 0);
}

// The file's own `published` figures agree with its exact counts.
void check_published(const Network& net) {
  const Published& pub = net.published;
  REQUIRE(pub.params.has_value());
  CHECK(published_agrees(*pub.params, pub.params_unit, net.totals(false).cost.params()));
  REQUIRE(pub.macs.has_value());
  CHECK(published_agrees(*pub.macs, pub.macs_unit, net.totals(false).cost.macs));
  CHECK_FALSE(pub.source.empty());
}

}  // namespace

TEST_CASE("zoo mobile: SqueezeNet 1.0 and 1.1 match torchvision, fire by fire", "[zoo]") {
  SECTION("1.0: Table 1's 1,248,424 params") {
    Network net = zoo_network("squeezenet1_0");
    check_against(net, "squeezenet1_0", {1248424, 818924576, 818924576, 0});
    check_published(net);
    CHECK(row(net, "fire2") == ParamsMacs{11920, 34338816});
    CHECK(row(net, "fire9") == ParamsMacs{197184, 33226752});
    CHECK(layer_named(net, "maxpool8").out.str("x") == "512x13x13");  // ceil rounding
  }
  SECTION("1.1: 2.4x fewer MACs") {
    Network net = zoo_network("squeezenet1_1");
    check_against(net, "squeezenet1_1", {1235496, 349151936, 349151936, 0});
    check_published(net);
    CHECK(row(net, "fire2") == ParamsMacs{11408, 34073600});
    CHECK(row(net, "fire9") == ParamsMacs{197184, 33226752});
  }
}

TEST_CASE("zoo mobile: torchvision's AlexNet and VGG-16-BN", "[zoo]") {
  SECTION("AlexNet, one tower: 61,100,840 params") {
    Network net = zoo_network("alexnet_torchvision");
    check_against(net, "alexnet", {61100840, 714188480, 655566528, 58621952});
    check_published(net);
    CHECK(layer_named(net, "conv1").out.str("x") == "64x55x55");
    CHECK(layer_named(net, "pool5").out.str("x") == "256x6x6");
  }
  SECTION("VGG-16-BN: vgg16's 138,357,544 params and 13 batch norms' 8,448") {
    Network net = zoo_network("vgg16_bn");
    check_against(net, "vgg16_bn", {138365992, 15470264320, 15346630656, 123633664});
    check_published(net);
    CHECK(net.totals(false).cost.affine == 8448);
    CHECK(net.totals(false).cost.params() - 8448 == 138357544);
  }
}

TEST_CASE("zoo mobile: MobileNet v1 is the paper's network, Tables 2, 6, 7 and 8", "[zoo]") {
  Network net = zoo_network("mobilenet_v1");
  const Totals& t = net.totals(false);
  // Table 8: 4.2 million parameters (conv and fc weights), 569 million mult-adds.
  CHECK(t.cost.weights == 4209088);
  CHECK(t.cost.macs == 568740352);
  CHECK(t.cost.params() == 4231976);  // with the fc bias and batch norm's γ and β
  check_published(net);
  // Table 2, to its two decimals: 1x1 conv 94.86% of mult-adds and 74.59% of
  // weights, depthwise 3.06% and 1.06%, fc 0.18% and 24.33%.
  Count pw_macs = 0, pw_weights = 0, dw_macs = 0, dw_weights = 0;
  for (auto [it, end] = boost::vertices(net.graph); it != end; ++it) {
    const Layer& l = net.layer(*it);
    const auto slash = l.name.rfind('/');
    const std::string leaf = slash == std::string::npos ? l.name : l.name.substr(slash + 1);
    if (leaf == "pw") pw_macs += l.cost.macs, pw_weights += l.cost.weights;
    if (leaf == "dw") dw_macs += l.cost.macs, dw_weights += l.cost.weights;
  }
  auto pct = [](Count part, Count whole) {
    return std::round(10000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 100;
  };
  CHECK(pct(pw_macs, t.cost.macs) == 94.86);
  CHECK(pct(pw_weights, t.cost.weights) == 74.59);
  CHECK(pct(dw_macs, t.cost.macs) == 3.06);
  CHECK(pct(dw_weights, t.cost.weights) == 1.06);
  CHECK(pct(t.linear_macs, t.cost.macs) == 0.18);
  CHECK(pct(layer_named(net, "fc").cost.weights, t.cost.weights) == 24.33);
  // Table 2's "Conv 3x3 1.19%" has two digits swapped: 10,838,016 MACs are 1.91%.
  CHECK(layer_named(net, "conv1/conv").cost.macs == 10838016);
  CHECK(pct(10838016, t.cost.macs) == 1.91);
  CHECK(layer_named(net, "conv10/pw").out.str("x") == "1024x7x7");

  // Table 6 (width multiplier): 325M, 149M, 41M mult-adds; 2.6M, 1.3M, 0.5M weights.
  const std::vector<std::tuple<const char*, Count, Count>> widths = {
      {"75", 2568144, 325400448}, {"50", 1319648, 149497088}, {"25", 463600, 41030272}};
  for (const auto& [width, weights, macs] : widths) {
    INFO("width " << width);
    Network w = zoo_network("mobilenet_v1", {{"width", width}});
    CHECK(w.totals(false).cost.weights == weights);
    CHECK(w.totals(false).cost.macs == macs);
  }
  // Table 7 (resolution): 418M, 290M (290,675,200), 186M mult-adds.
  const std::vector<std::pair<const char*, Count>> sizes = {
      {"192", 418121728}, {"160", 290675200}, {"128", 186400768}};
  for (const auto& [size, macs] : sizes) {
    INFO("resolution " << size);
    Network r = zoo_network("mobilenet_v1", {{"resolution", size}});
    CHECK(r.totals(false).cost.weights == 4209088);
    CHECK(r.totals(false).cost.macs == macs);
  }
}

TEST_CASE("zoo mobile: MobileNetV2 matches torchvision, Table 2 row by row", "[zoo]") {
  Network net = zoo_network("mobilenet_v2");
  check_against(net, "mobilenet_v2", {3504872, 300774272, 299494272, 1280000});
  check_published(net);
  CHECK(row(net, "bottleneck2") == ParamsMacs{13968, 54942720});
  CHECK(row(net, "bottleneck6") == ParamsMacs{795264, 46560192});
  CHECK(row(net, "bottleneck7") == ParamsMacs{473920, 23002560});
  CHECK(layer_named(net, "bottleneck6/block_3/add").out.str("x") == "160x7x7");
}

TEST_CASE("zoo mobile: MobileNetV2's width multiplier and MnasNet's depth multiplier", "[zoo]") {
  check_against(zoo_network("mobilenet_v2", {{"width", "0.5"}}), "mobilenet_v2@width_mult=0.5",
                {1968680, 97131840, 95851840, 1280000});
  check_against(zoo_network("mobilenet_v2", {{"width", "0.75"}}), "mobilenet_v2@width_mult=0.75",
                {2636424, 209069792, 207789792, 1280000});
  check_against(zoo_network("mnasnet1_0", {{"width", "0.5"}}), "mnasnet0_5",
                {2218512, 104455968, 103175968, 1280000});
  check_against(zoo_network("mnasnet1_0", {{"width", "0.75"}}), "mnasnet0_75",
                {3170208, 215493104, 214213104, 1280000});
  check_against(zoo_network("mnasnet1_0", {{"width", "1.3"}}), "mnasnet1_3",
                {6282256, 526362432, 525082432, 1280000});
  // The same value as the file's is no change: the published figures stay.
  CHECK(zoo_network("mnasnet1_0", {{"width", "1.0"}}).published.params == 4383312);
}

TEST_CASE("zoo mobile: MobileNetV3 Large and Small match torchvision", "[zoo]") {
  SECTION("Large") {
    Network net = zoo_network("mobilenet_v3_large");
    check_against(net, "mobilenet_v3_large", {5483032, 216589760, 214080960, 2508800});
    check_published(net);
    CHECK(row(net, "bneck4") == ParamsMacs{10328, 9091584});
    // Row 12 is architectures/modules/mobilenet_v3_block.yaml.
    CHECK(row(net, "bneck12") == ParamsMacs{386120, 30914688});
    CHECK(row(net, "bneck15") == ParamsMacs{797360, 16689600});
  }
  SECTION("Small") {
    Network net = zoo_network("mobilenet_v3_small");
    check_against(net, "mobilenet_v3_small", {2542856, 56510400, 54896576, 1613824});
    check_published(net);
    CHECK(row(net, "bneck1") == ParamsMacs{744, 1254656});
    CHECK(row(net, "bneck9") == ParamsMacs{91848, 4458528});
  }
}

TEST_CASE("zoo mobile: EfficientNet-B0 and V2-S match torchvision, stage by stage", "[zoo]") {
  SECTION("B0") {
    Network net = zoo_network("efficientnet_b0");
    check_against(net, "efficientnet_b0", {5288548, 385814752, 384534752, 1280000});
    check_published(net);
    CHECK(row(net, "stage2") == ParamsMacs{1448, 10035712});
    CHECK(row(net, "stage3") == ParamsMacs{16714, 54945216});
    CHECK(row(net, "stage7") == ParamsMacs{2026348, 91528224});
  }
  SECTION("B1-B3: compound scaling through --set, torchvision's members at 224x224") {
    // Stage 2 and 8 have one layer in B0 and two in B1-B3 (ceil(1 · 1.1)):
    // their second layer repeats 0 times in B0.
    Network b1 = zoo_network("efficientnet_b0", {{"depth", "1.1"}});
    check_against(b1, "efficientnet_b1", {7794184, 569651680, 568371680, 1280000});
    CHECK(b1.totals(false).layers == 341);
    CHECK(layer_named(b1, "stage8/block_2/add").out.str("x") == "320x7x7");
    Network b2 = zoo_network("efficientnet_b0", {{"width", "1.1"}, {"depth", "1.2"}});
    check_against(b2, "efficientnet_b2", {9109994, 658963440, 657555440, 1408000});
    Network b3 = zoo_network("efficientnet_b0", {{"width", "1.2"}, {"depth", "1.4"}});
    check_against(b3, "efficientnet_b3", {12233232, 962708240, 961172240, 1536000});
    // The file's published figures are B0's: under --set they are left out.
    CHECK_FALSE(b2.published.params.has_value());
    CHECK_FALSE(b2.published.has_accuracy());
    CHECK(b2.published.withheld == "--set width=1.1 depth=1.2 changes the network");
    // At torchvision's crop sizes (240, 288, 300) its metadata's 0.69, 1.09
    // and 1.83 GFLOPS, rounded to 0.01G.
    for (auto [depth, width, size, gmacs] : {std::tuple{"1.1", "1.0", "240", 69},
                                             {"1.2", "1.1", "288", 109},
                                             {"1.4", "1.2", "300", 183}}) {
      Network at = zoo_network("efficientnet_b0",
                               {{"depth", depth}, {"width", width}, {"resolution", size}});
      CHECK(published_agrees(Count(gmacs) * 10000000, 10000000, at.totals(false).cost.macs));
    }
  }
  SECTION("V2-S, and at its 384x384 evaluation size torchvision's 8.37 GFLOPS") {
    Network net = zoo_network("efficientnet_v2_s");
    check_against(net, "efficientnet_v2_s", {21458488, 2849895872, 2848615872, 1280000});
    check_published(net);
    CHECK(row(net, "stage1_1") == ParamsMacs{5232, 65028096});  // torchvision's features.1: 10,464
    CHECK(row(net, "stage1_2") == ParamsMacs{5232, 65028096});  // and 130,056,192, in two blocks
    CHECK(row(net, "stage2") == ParamsMacs{303552, 946520064});
    CHECK(row(net, "stage6") == ParamsMacs{14561832, 594376128});
    Network at384 = zoo_network("efficientnet_v2_s", {{"resolution", "384"}});
    CHECK(at384.totals(false).cost.params() == 21458488);
    CHECK(at384.totals(false).cost.macs == 8365617152);
  }
}

TEST_CASE("zoo mobile: MnasNet 1.0 (B1) matches torchvision", "[zoo]") {
  Network net = zoo_network("mnasnet1_0");
  check_against(net, "mnasnet1_0", {4383312, 314415872, 313135872, 1280000});
  check_published(net);
  CHECK(row(net, "stack1") == ParamsMacs{11472, 40341504});
  CHECK(row(net, "stack5") == ParamsMacs{1611456, 86224320});
}

TEST_CASE("zoo mobile: ShuffleNet V2 1x, and 0.5x/1.5x/2x by Table 5's columns", "[zoo]") {
  Network net = zoo_network("shufflenet_v2_x1_0");
  check_against(net, "shufflenet_v2_x1_0", {2278604, 144907992, 143883992, 1024000});
  check_published(net);
  CHECK(row(net, "stage2") == ParamsMacs{30192, 25724608});
  CHECK(row(net, "stage3") == ParamsMacs{244180, 54589136});
  CHECK(row(net, "stage4") == ParamsMacs{501352, 32160072});
  CHECK(layer_named(net, "stage4/unit_4/shuffle").out.str("x") == "464x7x7");

  SECTION("0.5x") {
    Network w = zoo_network("shufflenet_v2_x1_0", {{"c2", "48"}, {"c3", "96"}, {"c4", "192"}});
    check_against(w, "shufflenet_v2_x0_5", {1366792, 40476448, 39452448, 1024000});
  }
  SECTION("1.5x") {
    Network w = zoo_network("shufflenet_v2_x1_0", {{"c2", "176"}, {"c3", "352"}, {"c4", "704"}});
    check_against(w, "shufflenet_v2_x1_5", {3503624, 295759392, 294735392, 1024000});
  }
  SECTION("2x") {
    Network w = zoo_network("shufflenet_v2_x1_0",
                            {{"c2", "244"}, {"c3", "488"}, {"c4", "976"}, {"c5", "2048"}});
    check_against(w, "shufflenet_v2_x2_0", {7393996, 583253464, 581205464, 2048000});
  }
}
