// The zoo from 2017 on (issue 19): ResNeXt, Wide ResNet, DenseNet, RegNet,
// ConvNeXt, ViT, Swin and MaxViT land exactly on torchvision 0.14's
// num_params and on the exact MACs behind its GFLOPS column (conv, linear and
// the attention products), and `--set` reaches other members of each family.
// The figures are torchvision's own (its modules counted layer by layer
// through forward hooks); block rows are worked out in the comments or are
// those of the modules (tests/reference/module_figures.py).
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "helpers.hpp"
#include "zoo_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

using Sets = std::vector<std::pair<std::string, std::string>>;

// Inference (params, MACs) of the whole network.
ParamsMacs totals(const Network& n) {
  const Totals t = n.totals(false);
  return {t.cost.params(), t.cost.macs};
}

// MACs by kind: conv, fc/linear, matmul.
struct Kinds {
  Count conv, linear, matmul;
  bool operator==(const Kinds&) const = default;
};
Kinds kinds(const Network& n) {
  const Totals t = n.totals(false);
  return {t.conv_macs, t.linear_macs, t.matmul_macs};
}

// The file's `published` figures are the exact counts, and its accuracy
// is torchvision's IMAGENET1K_V1 acc@1 / acc@5 as written there.
void check_published(const Network& net, ParamsMacs figures, const std::string& top1,
                     const std::string& top5) {
  const Published& pub = net.published;
  REQUIRE(pub.params.has_value());
  REQUIRE(pub.macs.has_value());
  CHECK(published_agrees(*pub.params, pub.params_unit, figures.first));
  CHECK(published_agrees(*pub.macs, pub.macs_unit, figures.second));
  CHECK(pub.source.find("torchvision") != std::string::npos);
  CHECK(pub.top1_text == top1);
  CHECK(pub.top5_text == top5);
  CHECK(pub.accuracy_source.find("IMAGENET1K_V1 (acc@1 / acc@5)") != std::string::npos);
}

}  // namespace

TEST_CASE("zoo: ResNeXt-50 32x4d matches torchvision: 25,028,904 params, 4,230,479,872 MACs",
          "[zoo][modern]") {
  Network net = zoo_network("resnext50_32x4d");
  CHECK(totals(net) == ParamsMacs{25028904, 4230479872});
  CHECK(kinds(net) == Kinds{4228431872, 2048000, 0});
  check_published(net, totals(net), "77.618", "93.698");
  // conv3_x (128 planes): bottleneck width 128 · 4 / 64 · 32 = 256, so the
  // grouped 3x3 has 32 groups of 8 channels: 256 · 8 · 9 = 18,432 weights.
  CHECK(layer_named(net, "conv3_x/block_1/conv2").cost.params() == 18432);
  CHECK(layer_named(net, "conv3_x/block_1/conv2").out.str("x") == "256x28x28");
  CHECK(row(net, "conv2_x") == ParamsMacs{205824, 634224640});
  CHECK(row(net, "conv3_x") == ParamsMacs{1197056, 1085407232});
  CHECK(row(net, "conv4_x") == ParamsMacs{7022592, 1525350400});
  CHECK(row(net, "conv5_x") == ParamsMacs{14544896, 865435648});
}

TEST_CASE("zoo: ResNeXt's cardinality, width per group and depth reach other members",
          "[zoo][modern]") {
  SECTION("ResNeXt-101 32x8d: 88,791,336 params, 16,414,015,488 MACs") {
    Network net = zoo_network("resnext50_32x4d", {{"width_per_group", "8"}, {"blocks4", "23"}});
    CHECK(totals(net) == ParamsMacs{88791336, 16414015488});
  }
  SECTION("ResNeXt-101 64x4d: 83,455,272 params, 15,460,270,080 MACs") {
    Network net = zoo_network("resnext50_32x4d", {{"cardinality", "64"}, {"blocks4", "23"}});
    CHECK(totals(net) == ParamsMacs{83455272, 15460270080});
  }
  SECTION("one group of 128 per 64 planes is Wide ResNet-50-2") {
    Network net =
        zoo_network("resnext50_32x4d", {{"cardinality", "1"}, {"width_per_group", "128"}});
    CHECK(totals(net) == totals(zoo_network("wide_resnet50_2")));
  }
}

TEST_CASE("zoo: Wide ResNet-50-2 matches torchvision; k = 1 is ResNet-50", "[zoo][modern]") {
  Network net = zoo_network("wide_resnet50_2");
  CHECK(totals(net) == ParamsMacs{68883240, 11398021120});
  check_published(net, totals(net), "78.468", "94.086");
  CHECK(layer_named(net, "conv2_x/block_1/conv2").out.str("x") == "128x56x56");
  CHECK(totals(zoo_network("wide_resnet50_2", {{"k", "1"}})) == ParamsMacs{25557032, 4089184256});
}

TEST_CASE("zoo: DenseNet-121 matches torchvision: 7,978,856 params, 2,834,161,664 MACs",
          "[zoo][modern]") {
  Network net = zoo_network("densenet121");
  CHECK(totals(net) == ParamsMacs{7978856, 2834161664});
  check_published(net, totals(net), "74.434", "91.972");
  // Table 1: the dense blocks end at 256, 512, 1,024 and 1,024 maps.
  CHECK(layer_named(net, "denseblock1_6/concat").out.str("x") == "256x56x56");
  CHECK(layer_named(net, "transition1/pool").out.str("x") == "128x28x28");
  CHECK(layer_named(net, "denseblock3_24/concat").out.str("x") == "1024x14x14");
  CHECK(layer_named(net, "denseblock4_16/concat").out.str("x") == "1024x7x7");
  // The first dense layer: BN on 64 maps (128), 1x1 64->128 (8,192), BN on
  // 128 (256), 3x3 128->32 (36,864) = 45,440 params; MACs at 56x56:
  // 3,136 · (8,192 + 36,864) = 141,295,616.
  CHECK(row(net, "denseblock1_1") == ParamsMacs{45440, 141295616});
  SECTION("DenseNet-169 and DenseNet-161 by --set") {
    CHECK(totals(zoo_network("densenet121", {{"n3", "32"}, {"n4", "32"}})) ==
          ParamsMacs{14149480, 3359843328});
    CHECK(totals(
              zoo_network("densenet121", {{"k", "48"}, {"init", "96"}, {"n3", "36"}, {"n4", "24"}}))
              .first == 28681000);
  }
}

TEST_CASE("zoo: RegNetX-400MF matches torchvision: 5,495,976 params, 413,812,608 MACs",
          "[zoo][modern]") {
  Network net = zoo_network("regnet_x_400mf");
  CHECK(totals(net) == ParamsMacs{5495976, 413812608});
  check_published(net, totals(net), "72.834", "90.95");
  // Stage 4's grouped 3x3: 400 channels in 25 groups of 16.
  CHECK(layer_named(net, "stage4/block_1/b").cost.params() == 400 * 16 * 9);
  CHECK(layer_named(net, "stage4/block_12/relu").out.str("x") == "400x7x7");
  SECTION("RegNetX-800MF by --set of the stage widths and depths") {
    Network m = zoo_network(
        "regnet_x_400mf",
        {{"w1", "64"}, {"w2", "128"}, {"w3", "288"}, {"w4", "672"}, {"d2", "3"}, {"d4", "5"}});
    CHECK(totals(m) == ParamsMacs{7259656, 799699712});
  }
}

TEST_CASE("zoo: RegNetY-400MF matches torchvision: 4,344,144 params, 401,842,848 MACs",
          "[zoo][modern]") {
  Network net = zoo_network("regnet_y_400mf");
  CHECK(totals(net) == ParamsMacs{4344144, 401842848});
  check_published(net, totals(net), "74.046", "91.716");
  // SE to a quarter of the block's input: 208/4 = 52 at stage 4's first
  // block, 440/4 = 110 after it.
  CHECK(layer_named(net, "stage4/block_1/se/fc1").out.str("x") == "52x1x1");
  CHECK(layer_named(net, "stage4/block_2/se/fc1").out.str("x") == "110x1x1");
  SECTION("RegNetY-800MF by --set of the stage widths, depths and group width") {
    Network m = zoo_network("regnet_y_400mf", {{"w1", "64"},
                                               {"w2", "144"},
                                               {"w3", "320"},
                                               {"w4", "784"},
                                               {"d3", "8"},
                                               {"d4", "2"},
                                               {"group_width", "16"}});
    CHECK(totals(m) == ParamsMacs{6432512, 833856256});
  }
}

TEST_CASE("zoo: ConvNeXt-T matches torchvision: 28,589,128 params, 4,455,531,264 MACs",
          "[zoo][modern]") {
  Network net = zoo_network("convnext_tiny");
  CHECK(totals(net) == ParamsMacs{28589128, 4455531264});
  check_published(net, totals(net), "82.52", "96.146");
  // torchvision's split: the blocks' linear layers (4,161,798,144) act on
  // the permuted H×W×C map, the head's on the pooled 768.
  CHECK(kinds(net) == Kinds{292965120, 4161798144 + 768000, 0});
  CHECK(layer_named(net, "stage2_1/pw1").out.str("x") == "28x28x768");
  // A stage-1 block is architectures/modules/convnext_block.yaml.
  CHECK(row(net, "stage1_1") == ParamsMacs{79296, 245962752});
  CHECK(layer_named(net, "stage4_3/add").out.str("x") == "768x7x7");
  SECTION("ConvNeXt-S by --set blocks3=27") {
    CHECK(totals(zoo_network("convnext_tiny", {{"blocks3", "27"}})) ==
          ParamsMacs{50223688, 8683712256});
  }
}

TEST_CASE("zoo: ViT-B/16 matches torchvision: 86,567,656 params, 17,563,828,224 MACs",
          "[zoo][modern]") {
  Network net = zoo_network("vit_b_16");
  CHECK(totals(net) == ParamsMacs{86567656, 17563828224});
  CHECK(kinds(net) == Kinds{115605504, 16732895232, 715327488});
  check_published(net, totals(net), "81.072", "95.318");
  // An encoder layer is architectures/modules/vit_block.yaml.
  CHECK(row(net, "layer_1") == ParamsMacs{7087872, 1453954560});
  CHECK(layer_named(net, "embed").out.str("x") == "197x768");
  CHECK(layer_named(net, "pos_embed").cost.params() == 197 * 768);
  SECTION("ViT-B/32 by --set patch=32") {
    Network m = zoo_network("vit_b_16", {{"patch", "32"}});
    CHECK(totals(m) == ParamsMacs{88224232, 4409186304});
    CHECK(kinds(m) == Kinds{115605504, 4247500800, 46080000});
  }
  SECTION("ViT-L/16 by --set of width, depth, heads and MLP size") {
    Network m = zoo_network("vit_b_16",
                            {{"dim", "1024"}, {"depth", "24"}, {"heads", "16"}, {"mlp", "4096"}});
    CHECK(totals(m).first == 304326632);
  }
}

TEST_CASE("zoo: Swin-T matches torchvision: 28,288,354 params, 4,490,566,656 MACs",
          "[zoo][modern]") {
  Network net = zoo_network("swin_t");
  CHECK(totals(net) == ParamsMacs{28288354, 4490566656});
  CHECK(kinds(net) == Kinds{14450688, 4335974400, 140141568});
  check_published(net, totals(net), "81.474", "95.776");
  // Stage 1: 64 windows of 49 tokens, 3 heads of 32.
  CHECK(layer_named(net, "stage1_1/attn/scores").out.str("x") == "64x3x49x49");
  CHECK(layer_named(net, "stage4_2/attn/scores").out.str("x") == "1x24x49x49");
  // A stage-1 block, worked by hand (T = 3,136 tokens, C = 96):
  // params 2·192 (norms) + 27,936 (qkv) + 9,312 (proj) + 37,248 + 36,960
  // (MLP) + 169·3 (bias table) = 112,347; MACs 12·T·C² = 346,816,512 in the
  // linear layers + 2·T·49·C = 29,503,488 in the attention products.
  CHECK(row(net, "stage1_1") == ParamsMacs{112347, 376320000});
  // Patch merging 56x56x96 -> 28x28x192: norm 768, linear 384·192.
  CHECK(row(net, "merge2") == ParamsMacs{768 + 73728, 784 * 73728});
  SECTION("Swin-S by --set d3=18") {
    CHECK(totals(zoo_network("swin_t", {{"d3", "18"}})) == ParamsMacs{49606258, 8740875264});
  }
}

TEST_CASE("zoo: MaxViT-T matches torchvision: 30,919,624 params, 5,558,046,720 MACs",
          "[zoo][modern]") {
  Network net = zoo_network("maxvit_t");
  CHECK(totals(net) == ParamsMacs{30919624, 5558046720});
  CHECK(kinds(net) == Kinds{1989156864, 3391868928, 177020928});
  check_published(net, totals(net), "83.7", "96.722");
  // Block attention: 64 windows of 49 neighbours; grid attention: 64 groups
  // of 49 tokens 8 apart; 2 heads of 32 at 64 channels.
  CHECK(layer_named(net, "s1/layer_1/block/attn/scores").out.str("x") == "64x2x49x49");
  CHECK(layer_named(net, "s1/layer_1/grid/attn/scores").out.str("x") == "64x2x49x49");
  CHECK(layer_named(net, "s4/layer_2/grid/to_chw").out.str("x") == "512x7x7");
  // One attention at 64 channels on 3,136 tokens: LN 128, qkv 12,480, merge
  // 4,160, LN 128, MLP 16,640 + 16,448, table 169·2 = 50,322 params;
  // MACs 3,136·(12,288 + 4,096 + 32,768) + 2·3,136·49·64 = 173,809,664.
  CHECK(row(net, "s1/layer_1/block") == ParamsMacs{50322, 173809664});
  CHECK(row(net, "s1/layer_1/grid") == row(net, "s1/layer_1/block"));
}
