// VGG-16, configuration D of Simonyan & Zisserman (2014), Table 1; published
// totals from torchvision's vgg16: 138,357,544 params, 15,470,264,320 MACs.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("vgg16: totals equal torchvision's published figures", "[vgg16]") {
  Network net = analyzed_file("architectures/vgg16.yaml");
  const Totals& t = net.totals(false);
  CHECK(t.cost.params() == 138'357'544);
  CHECK(t.cost.macs == 15'470'264'320);
  CHECK(t.cost.flops() == 30'940'528'640);
  CHECK(t.weighted_layers == 16);
  CHECK(t.cost.bias == 13'416);
  CHECK(t.cost.buffers == 0);
}

TEST_CASE("vgg16: per-layer shapes, params and MACs", "[vgg16]") {
  Network net = analyzed_file("architectures/vgg16.yaml");
  // conv1_1: 3·3·3·64 + 64 = 1,792 params; 224·224·64·3·9 = 86,704,128 MACs.
  const Layer& c11 = layer_named(net, "conv1_1");
  CHECK(c11.out == Shape{{64, 224, 224}});
  CHECK(c11.cost.params() == 1'792);
  CHECK(c11.cost.macs == 86'704'128);
  CHECK(c11.cost.other_ops == 64 * 224 * 224);  // bias adds
  // conv3_2: (3·3·256 + 1)·256 = 590,080 params; 56·56·256·256·9 MACs.
  const Layer& c32 = layer_named(net, "conv3_2");
  CHECK(c32.cost.params() == 590'080);
  CHECK(c32.cost.macs == 1'849'688'064);
  // pool5 → 512×7×7; fc6: 25088·4096 + 4096.
  CHECK(layer_named(net, "pool5").out == Shape{{512, 7, 7}});
  CHECK(layer_named(net, "pool5").cost.other_ops == 25'088 * 4);
  CHECK(layer_named(net, "fc6").cost.params() == 102'764'544);
  CHECK(layer_named(net, "fc6").cost.macs == 102'760'448);
  CHECK(layer_named(net, "fc8").out == Shape{{1000}});
}

TEST_CASE("vgg16: --set classes changes only the classifier", "[vgg16][params]") {
  Network net = analyzed_file("architectures/vgg16.yaml", {{"classes", "10"}});
  CHECK(layer_named(net, "fc8").cost.params() == 4096 * 10 + 10);
  CHECK(net.totals(false).cost.params() == 138'357'544 - 4'097'000 + 40'970);
}
