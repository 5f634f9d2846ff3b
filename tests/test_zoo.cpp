// The network zoo (architectures/*.yaml): every network lands exactly on the
// figures of tests/zoo/expected.py, a second count of each network written
// independently of the YAML, and on the published figure each test names.
// Per-module (GoogLeNet, Inception) and per-stage (ResNet) rows are checked
// through the block roll-ups.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <utility>

#include "helpers.hpp"
#include "zoo_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

std::string zoo_path(const std::string& stem) {
  return source_path("architectures/" + stem + ".yaml");
}

// Loads and analyzes architectures/<stem>.yaml; the file must load without
// a single warning (an unknown key is usually a typo that changes a count).
Network load_zoo(const std::string& stem, const LoadOptions& options = {}) {
  Diagnostics diag;
  Network net = load_network_file(zoo_path(stem), options, diag);
  for (const auto& w : diag.warnings()) UNSCOPED_INFO(w);
  CHECK(diag.warnings().empty());
  analyze(net);
  return net;
}

Count params(const Network& n) {
  return n.totals(false).cost.params();
}
Count macs(const Network& n) {
  return n.totals(false).cost.macs;
}
Count train_params(const Network& n) {
  return n.totals(true).cost.params();
}
Count train_macs(const Network& n) {
  return n.totals(true).cost.macs;
}

const BlockInstance& block(const Network& n, const std::string& name) {
  return block_named(n, name);
}
const Layer& layer(const Network& n, const std::string& name) {
  return layer_named(n, name);
}

// Training-only heads: their own roll-up in training mode.
ParamsMacs train_row(const Network& n, const std::string& name) {
  const auto& t = block(n, name).training.cost;
  return {t.params(), t.macs};
}

// The totals (from tests/zoo/expected.py), the training totals, and the
// file's own `published` figures.
void check_totals(const Network& net, Count p, Count m, Count tp, Count tm) {
  CHECK(params(net) == p);
  CHECK(macs(net) == m);
  CHECK(train_params(net) == tp);
  CHECK(train_macs(net) == tm);
  // The published figures, exact or rounded, agree with the exact counts.
  const Published& pub = net.published;
  REQUIRE(pub.params.has_value());
  CHECK(published_agrees(*pub.params, pub.params_unit, p));
  // Some sources publish no operation count (AlexNet, NIN): then none is written.
  if (pub.macs) CHECK(published_agrees(*pub.macs, pub.macs_unit, m));
  CHECK_FALSE(net.published.source.empty());
}

}  // namespace

// ---------------------------------------------------------------------------
// LeNet-5, AlexNet, VGG, NIN
// ---------------------------------------------------------------------------

TEST_CASE("zoo: LeNet-5 has 61,706 params (modern form of LeCun et al. 1998)", "[zoo]") {
  Network net = load_zoo("lenet5");
  check_totals(net, 61706, 416520, 61706, 416520);
  CHECK(layer(net, "c1").cost.params() == 156);
  CHECK(layer(net, "c3").cost.params() == 2416);
  CHECK(layer(net, "c5").cost.params() == 48120);
  CHECK(layer(net, "f6").cost.params() == 10164);
  CHECK(layer(net, "output").cost.params() == 850);
  CHECK(layer(net, "c1").cost.macs == 117600);
  CHECK(layer(net, "c3").cost.macs == 240000);
}

TEST_CASE("zoo: AlexNet two towers matches Caffe bvlc_alexnet (60,965,224 params)", "[zoo]") {
  Network net = load_zoo("alexnet");
  check_totals(net, 60965224, 724406816, 60965224, 724406816);
  // Grouped conv2/conv4/conv5: each tower sees half the input maps.
  CHECK(layer(net, "conv1").cost.params() == 34944);
  CHECK(layer(net, "conv2").cost.params() == 307456);
  CHECK(layer(net, "conv3").cost.params() == 885120);
  CHECK(layer(net, "conv4").cost.params() == 663936);
  CHECK(layer(net, "conv5").cost.params() == 442624);
  CHECK(layer(net, "fc6").cost.params() == 37752832);
  CHECK(layer(net, "conv1").out.str("x") == "96x55x55");
  CHECK(layer(net, "pool5").out.str("x") == "256x6x6");
}

TEST_CASE("zoo: AlexNet single tower matches the lecture figures (conv1 34,944, conv2 614,656)",
          "[zoo]") {
  Network net = load_zoo("alexnet_single");
  check_totals(net, 62378344, 1135256096, 62378344, 1135256096);
  CHECK(layer(net, "conv1").cost.params() == 34944);
  CHECK(layer(net, "conv2").cost.params() == 614656);
}

TEST_CASE("zoo: VGG-11/13/19 match torchvision vgg11/vgg13/vgg19", "[zoo]") {
  SECTION("VGG-11 (configuration A): 132,863,336 params, 7.609 GMACs") {
    Network net = load_zoo("vgg11");
    check_totals(net, 132863336, 7609090048, 132863336, 7609090048);
  }
  SECTION("VGG-13 (configuration B): 133,047,848 params, 11.308 GMACs") {
    Network net = load_zoo("vgg13");
    check_totals(net, 133047848, 11308466176, 133047848, 11308466176);
  }
  SECTION("VGG-19 (configuration E): 143,667,240 params, 19.632 GMACs") {
    Network net = load_zoo("vgg19");
    check_totals(net, 143667240, 19632062464, 143667240, 19632062464);
    CHECK(layer(net, "pool5").out.str("x") == "512x7x7");
  }
}

TEST_CASE("zoo: NIN matches the NIN-Imagenet Caffe Model Zoo definition (29 MB of weights)",
          "[zoo]") {
  Network net = load_zoo("nin");
  check_totals(net, 7595176, 1100188800, 7595176, 1100188800);
  // 29 MB snapshot: 7,595,176 float32 values.
  CHECK(std::lround(static_cast<double>(params(net)) * 4 / (1 << 20)) == 29);
  CHECK(layer(net, "pool1").out.str("x") == "96x27x27");  // ceil-mode pooling
  CHECK(layer(net, "pool3").out.str("x") == "384x6x6");
  CHECK(layer(net, "mlpconv4/cccp2").out.str("x") == "1000x6x6");
  CHECK(row(net, "mlpconv4") == ParamsMacs{5614568, 202014720});
}

// ---------------------------------------------------------------------------
// GoogLeNet
// ---------------------------------------------------------------------------

TEST_CASE(
    "zoo: GoogLeNet matches Caffe bvlc_googlenet (6,998,552 params) and Table 1 module by module",
    "[zoo]") {
  Network net = load_zoo("googlenet");
  // Inference totals; the two auxiliary classifiers are training-only.
  check_totals(net, 6998552, 1582671872, 13378280, 1591044096);
  CHECK(train_row(net, "aux1") == ParamsMacs{3188840, 4169728});
  CHECK(train_row(net, "aux2") == ParamsMacs{3190888, 4202496});
  CHECK(row(net, "aux1") == ParamsMacs{0, 0});

  // Per module: params with biases, exact MACs (tests/zoo/expected.py).
  CHECK(row(net, "inception_3a") == ParamsMacs{163696, 128049152});
  CHECK(row(net, "inception_3b") == ParamsMacs{388736, 304267264});
  CHECK(row(net, "inception_4a") == ParamsMacs{376176, 73608192});
  CHECK(row(net, "inception_4b") == ParamsMacs{449160, 87908352});
  CHECK(row(net, "inception_4c") == ParamsMacs{510104, 99850240});
  CHECK(row(net, "inception_4d") == ParamsMacs{605376, 118515712});
  CHECK(row(net, "inception_4e") == ParamsMacs{868352, 169996288});
  CHECK(row(net, "inception_5a") == ParamsMacs{1043456, 51079168});
  CHECK(row(net, "inception_5b") == ParamsMacs{1444080, 70697984});
  CHECK(layer(net, "inception_5b/output").out.str("x") == "1024x7x7");

  // Against Table 1 (weights without biases, K = 1024, ops in M = 10^6).
  struct T1 {
    const char* module;
    double k, m;        // Table 1
    Count weights, ms;  // exact
    bool params_agree, ops_agree;
  };
  const T1 table[] = {
      // conv1: 7*7*3*64 = 9,408 weights, 118M MACs; Table 1 says 2.7K / 34M.
      {"conv1", 2.7, 34, 9408, 118013952, false, false},
      {"inception_3a", 159, 128, 163328, 128049152, true, true},
      {"inception_3b", 380, 304, 388096, 304267264, true, true},
      {"inception_4a", 364, 73, 375552, 73608192, false, true},
      {"inception_4b", 437, 88, 448512, 87908352, true, true},
      {"inception_4c", 463, 100, 509440, 99850240, false, true},
      {"inception_4d", 580, 119, 604672, 118515712, false, true},
      {"inception_4e", 840, 170, 867328, 169996288, false, true},
      {"inception_5a", 1072, 54, 1042432, 51079168, false, false},
      {"inception_5b", 1388, 71, 1442816, 70697984, false, true},
  };
  for (const auto& t : table) {
    INFO(t.module);
    Count w = 0, m = 0;
    if (std::string(t.module) == "conv1") {
      w = layer(net, "conv1").cost.weights;
      m = layer(net, "conv1").cost.macs;
    } else {
      w = block(net, t.module).inference.cost.weights;
      m = block(net, t.module).inference.cost.macs;
    }
    CHECK(w == t.weights);
    CHECK(m == t.ms);
    CHECK((std::abs(static_cast<double>(w) / 1024 - t.k) <= 1.0) == t.params_agree);
    CHECK((std::abs(static_cast<double>(m) / 1e6 - t.m) < 1.0) == t.ops_agree);
  }
  // conv2 (3x3 reduce + 3x3): 112K / 360M in Table 1.
  Count conv2_w = layer(net, "conv2_reduce").cost.weights + layer(net, "conv2").cost.weights;
  Count conv2_m = layer(net, "conv2_reduce").cost.macs + layer(net, "conv2").cost.macs;
  CHECK(conv2_w == 114688);  // = 112.0K
  CHECK(conv2_m == 359661568);
  // The classifier: 1000K / 1M.
  CHECK(layer(net, "fc").cost.weights == 1024000);
  // Whole net: 6,990,272 weights + 8,280 biases; "about 6.8M params, 1.5G ops".
  CHECK(net.totals(false).cost.weights == 6990272);
  CHECK(net.totals(false).cost.bias == 8280);
}

TEST_CASE("zoo: GoogLeNet as torchvision builds it: 6,624,904 params, 1,498,376,192 MACs",
          "[zoo]") {
  Network net = load_zoo("googlenet_torchvision");
  check_totals(net, 6624904, 1498376192, 13004888, 1506748416);
  CHECK(row(net, "inception3a") == ParamsMacs{155872, 121626624});
  CHECK(row(net, "inception3b") == ParamsMacs{340224, 265732096});
  CHECK(row(net, "inception4a") == ParamsMacs{364512, 71199744});
  CHECK(row(net, "inception4b") == ParamsMacs{425232, 83091456});
  CHECK(row(net, "inception4c") == ParamsMacs{486192, 95033344});
  CHECK(row(net, "inception4d") == ParamsMacs{573312, 112093184});
  CHECK(row(net, "inception4e") == ParamsMacs{803840, 157151232});
  CHECK(row(net, "inception5a") == ParamsMacs{978944, 47867904});
  CHECK(row(net, "inception5b") == ParamsMacs{1347040, 65881088});
  CHECK(train_row(net, "aux1") == ParamsMacs{3188968, 4169728});
  CHECK(train_row(net, "aux2") == ParamsMacs{3191016, 4202496});
}

// ---------------------------------------------------------------------------
// ResNet
// ---------------------------------------------------------------------------

namespace {

struct Stages {
  ParamsMacs conv1, conv2, conv3, conv4, conv5, fc;
};

void check_stages(const Network& net, const Stages& s) {
  Count c1p = layer(net, "conv1").cost.params() + layer(net, "bn1").cost.params();
  CHECK(ParamsMacs{c1p, layer(net, "conv1").cost.macs} == s.conv1);
  CHECK(row(net, "conv2_x") == s.conv2);
  CHECK(row(net, "conv3_x") == s.conv3);
  CHECK(row(net, "conv4_x") == s.conv4);
  CHECK(row(net, "conv5_x") == s.conv5);
  CHECK(ParamsMacs{layer(net, "fc").cost.params(), layer(net, "fc").cost.macs} == s.fc);
}

// He et al. 2015, Table 1 gives FLOPs (multiply-adds) to one decimal, x 10^9.
void check_paper_flops(const Network& net, double paper) {
  CHECK(std::abs(static_cast<double>(macs(net)) / 1e9 - paper) < 0.1);
}

const ParamsMacs kConv1{9536, 118013952};

}  // namespace

TEST_CASE("zoo: ResNet-18 matches torchvision (11,689,512 params) and Table 1 (1.8 GFLOPs)",
          "[zoo]") {
  Network net = load_zoo("resnet18");
  check_totals(net, 11689512, 1814073344, 11689512, 1814073344);
  check_stages(net, {kConv1,
                     {147968, 462422016},
                     {525568, 411041792},
                     {2099712, 411041792},
                     {8393728, 411041792},
                     {513000, 512000}});
  check_paper_flops(net, 1.8);
}

TEST_CASE("zoo: ResNet-34 matches torchvision (21,797,672 params) and Table 1 (3.6 GFLOPs)",
          "[zoo]") {
  Network net = load_zoo("resnet34");
  check_totals(net, 21797672, 3663761408, 21797672, 3663761408);
  check_stages(net, {kConv1,
                     {221952, 693633024},
                     {1116416, 873463808},
                     {6822400, 1335885824},
                     {13114368, 642252800},
                     {513000, 512000}});
  check_paper_flops(net, 3.6);
}

TEST_CASE("zoo: ResNet-50 (v1.5) matches torchvision: 25,557,032 params, 4,089,184,256 MACs",
          "[zoo]") {
  Network net = load_zoo("resnet50");
  check_totals(net, 25557032, 4089184256, 25557032, 4089184256);
  check_stages(net, {kConv1,
                     {215808, 667942912},
                     {1219584, 1027604480},
                     {7098368, 1464336384},
                     {14964736, 809238528},
                     {2049000, 2048000}});
  CHECK(layer(net, "conv5_x/block_2/relu").out.str("x") == "2048x7x7");
}

TEST_CASE("zoo: ResNet-50 v1 lands on Table 1's 3.8 x 10^9 multiply-adds", "[zoo]") {
  Network net = load_zoo("resnet50_v1");
  check_totals(net, 25557032, 3857973248, 25557032, 3857973248);
  check_stages(net, {kConv1,
                     {215808, 667942912},
                     {1219584, 950534144},
                     {7098368, 1387266048},
                     {14964736, 732168192},
                     {2049000, 2048000}});
  check_paper_flops(net, 3.8);
}

TEST_CASE(
    "zoo: ResNet-101 matches torchvision (44,549,160 params), v1 lands on Table 1's 7.6 GFLOPs",
    "[zoo]") {
  Network v15 = load_zoo("resnet101");
  check_totals(v15, 44549160, 7801405440, 44549160, 7801405440);
  check_stages(v15, {kConv1,
                     {215808, 667942912},
                     {1219584, 1027604480},
                     {26090496, 5176557568},
                     {14964736, 809238528},
                     {2049000, 2048000}});
  Network v1 = load_zoo("resnet101_v1");
  check_totals(v1, 44549160, 7570194432, 44549160, 7570194432);
  check_stages(v1, {kConv1,
                    {215808, 667942912},
                    {1219584, 950534144},
                    {26090496, 5099487232},
                    {14964736, 732168192},
                    {2049000, 2048000}});
  check_paper_flops(v1, 7.6);
}

TEST_CASE(
    "zoo: ResNet-152 matches torchvision (60,192,808 params), v1 lands on Table 1's 11.3 GFLOPs",
    "[zoo]") {
  Network v15 = load_zoo("resnet152");
  check_totals(v15, 60192808, 11513626624, 60192808, 11513626624);
  check_stages(v15, {kConv1,
                     {215808, 667942912},
                     {2339840, 1901068288},
                     {40613888, 8015314944},
                     {14964736, 809238528},
                     {2049000, 2048000}});
  Network v1 = load_zoo("resnet152_v1");
  check_totals(v1, 60192808, 11282415616, 60192808, 11282415616);
  check_stages(v1, {kConv1,
                    {215808, 667942912},
                    {2339840, 1823997952},
                    {40613888, 7938244608},
                    {14964736, 732168192},
                    {2049000, 2048000}});
  check_paper_flops(v1, 11.3);
}

TEST_CASE("zoo: --set classes=10 changes only ResNet-50's classifier", "[zoo]") {
  LoadOptions options;
  options.overrides.push_back({"classes", "10"});
  Network net = load_zoo("resnet50", options);
  CHECK(params(net) == 25557032 - 2049000 + 20490);
  CHECK(macs(net) == 4089184256 - 2048000 + 20480);
}

TEST_CASE("zoo: archcalc analyze architectures/resnet50.yaml", "[zoo]") {
  CliResult r = run_cli({"analyze", zoo_path("resnet50"), "--format", "json"});
  INFO(r.err);
  CHECK(r.code == cli::kOk);
  CHECK(r.out.find("\"params\": 25557032") != std::string::npos);
  CHECK(r.out.find("\"macs\": 4089184256") != std::string::npos);
}

// ---------------------------------------------------------------------------
// Inception-v3, Inception-v4, Inception-ResNet-v2
// ---------------------------------------------------------------------------

TEST_CASE("zoo: Inception-v3 matches torchvision inception_v3 (23,834,568 / 27,161,264 with aux)",
          "[zoo]") {
  Network net = load_zoo("inception_v3");
  check_totals(net, 23834568, 5713216096, 27161264, 5718899296);
  CHECK(train_row(net, "AuxLogits") == ParamsMacs{3326696, 5683200});
  CHECK(row(net, "Mixed_5b") == ParamsMacs{255904, 312345600});
  CHECK(row(net, "Mixed_5c") == ParamsMacs{277472, 338688000});
  CHECK(row(net, "Mixed_5d") == ParamsMacs{285152, 348096000});
  CHECK(row(net, "Mixed_6a") == ParamsMacs{1153280, 401937408});
  CHECK(row(net, "Mixed_6b") == ParamsMacs{1297408, 374063104});
  CHECK(row(net, "Mixed_6c") == ParamsMacs{1691008, 487702528});
  CHECK(row(net, "Mixed_6d") == ParamsMacs{1691008, 487702528});
  CHECK(row(net, "Mixed_6e") == ParamsMacs{2141952, 617914368});
  CHECK(row(net, "Mixed_7a") == ParamsMacs{1698304, 291004416});
  CHECK(row(net, "Mixed_7b") == ParamsMacs{5044608, 322437120});
  CHECK(row(net, "Mixed_7c") == ParamsMacs{6076800, 388497408});
  CHECK(layer(net, "maxpool2").out.str("x") == "192x35x35");
  CHECK(layer(net, "Mixed_6e/output").out.str("x") == "768x17x17");
  CHECK(layer(net, "Mixed_7c/output").out.str("x") == "2048x8x8");
  // Keras' 23,851,784 = these params - 17,216 BN gammas + 34,432 BN buffers.
  CHECK(net.totals(false).cost.buffers == 34432);
  CHECK(params(net) - net.totals(false).cost.buffers / 2 + net.totals(false).cost.buffers ==
        23851784);
}

TEST_CASE("zoo: Inception-v4 matches the TF-slim release with 1000 classes (42,679,816 params)",
          "[zoo]") {
  Network net = load_zoo("inception_v4");
  check_totals(net, 42679816, 12253974624, 46039280, 12260477024);
  CHECK(row(net, "stem") == ParamsMacs{605728, 2289943648});
  for (const char* m : {"inception_a_1", "inception_a_4"})
    CHECK(row(net, m) == ParamsMacs{317632, 387609600});
  CHECK(row(net, "reduction_a") == ParamsMacs{2306112, 1097164800});
  for (const char* m : {"inception_b_1", "inception_b_7"})
    CHECK(row(net, m) == ParamsMacs{2936256, 847264768});
  CHECK(row(net, "reduction_b") == ParamsMacs{2747392, 511098880});
  for (const char* m : {"inception_c_1", "inception_c_3"})
    CHECK(row(net, m) == ParamsMacs{4553088, 290979840});
  CHECK(layer(net, "stem/mixed_5a").out.str("x") == "384x35x35");
  CHECK(layer(net, "reduction_a/output").out.str("x") == "1024x17x17");
  CHECK(layer(net, "reduction_b/output").out.str("x") == "1536x8x8");
  CHECK(train_row(net, "aux") == ParamsMacs{3359464, 6502400});
}

TEST_CASE(
    "zoo: Inception-ResNet-v2 matches Keras/TF-slim (55,843,464 params = Keras 55,873,736 less BN "
    "statistics, plus gammas)",
    "[zoo]") {
  Network net = load_zoo("inception_resnet_v2");
  check_totals(net, 55843464, 13155794016, 59211120, 13162501216);
  // Keras InceptionResNetV2: 55,813,192 trainable + 60,544 non-trainable.
  const Count buffers = net.totals(false).cost.buffers;
  CHECK(buffers == 60544);
  CHECK(params(net) - buffers / 2 == 55813192);
  CHECK(params(net) - buffers / 2 + buffers == 55873736);
  CHECK(layer(net, "Mixed_5b/output").out.str("x") == "320x35x35");
  CHECK(layer(net, "Mixed_6a/output").out.str("x") == "1088x17x17");
  CHECK(layer(net, "Mixed_7a/output").out.str("x") == "2080x8x8");
  CHECK(row(net, "Mixed_6a") == ParamsMacs{2664960, 1398185984});
  CHECK(row(net, "Mixed_7a") == ParamsMacs{3880960, 585424896});
  CHECK(train_row(net, "aux") == ParamsMacs{3367656, 6707200});
}
