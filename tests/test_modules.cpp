// The lecture examples: the inception module naive against reduced (Szegedy et
// al. 2014, Figure 2), and a plain 3×3 conv against a 1x1-3x3-1x1 bottleneck.
// Every figure below is worked by hand in the comment beside it.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("modules: the naive inception module's 5x5 branch costs 120,422,400 MACs", "[modules]") {
  Network net = analyzed_file("architectures/modules/inception_naive.yaml");
  // 28·28·32 outputs, each 5·5·192 multiply-accumulates.
  CHECK(block_named(net, "branch_5x5").inference.cost.macs == 120'422'400);
  // 1x1: 28·28·64·192; 3x3: 28·28·128·9·192.
  CHECK(block_named(net, "branch_1x1").inference.cost.macs == 9'633'792);
  CHECK(block_named(net, "branch_3x3").inference.cost.macs == 173'408'256);
  CHECK(net.totals(false).cost.macs == 9'633'792 + 173'408'256 + 120'422'400);
  // The pooling branch passes 192 channels through: 64 + 128 + 32 + 192 = 416.
  CHECK(layer_named(net, "concat").out == Shape{{416, 28, 28}});
  // Pool: 192·28·28 outputs × 3·3 window.
  CHECK(layer_named(net, "branch_pool").cost.other_ops == 1'354'752);
}

TEST_CASE("modules: 1x1 reductions cut the 5x5 branch to 2,408,448 + 10,035,200", "[modules]") {
  Network net = analyzed_file("architectures/modules/inception_reduced.yaml");
  CHECK(layer_named(net, "branch_5x5/reduce").cost.macs == 2'408'448);  // 28·28·16·192
  CHECK(layer_named(net, "branch_5x5/conv").cost.macs == 10'035'200);   // 28·28·32·25·16
  CHECK(block_named(net, "branch_5x5").inference.cost.macs == 12'443'648);
  CHECK(layer_named(net, "concat").out == Shape{{256, 28, 28}});
  // GoogLeNet's inception (3a) holds 163,696 params with biases.
  CHECK(net.totals(false).cost.params() == 163'696);
  CHECK(net.totals(false).cost.macs == 128'049'152);
}

TEST_CASE("modules: --set reduce changes the 5x5 reduction width", "[modules][params]") {
  Network net = analyzed_file("architectures/modules/inception_reduced.yaml", {{"reduce", "32"}});
  CHECK(layer_named(net, "branch_5x5/reduce").cost.macs == 28 * 28 * 32 * 192);
  CHECK(layer_named(net, "branch_5x5/conv").cost.macs == 28 * 28 * 32 * 25 * 32);
}

TEST_CASE("modules: bottleneck 128-16-16-128 holds 6,400 weights against 147,456", "[modules]") {
  Network plain = analyzed_file("architectures/modules/conv3x3_128.yaml");
  Network bottleneck = analyzed_file("architectures/modules/bottleneck_128.yaml");
  CHECK(plain.totals(false).cost.weights == 147'456);  // 3·3·128·128
  CHECK(plain.totals(false).cost.bias == 0);
  CHECK(layer_named(bottleneck, "reduce1x1").cost.weights == 2'048);  // 128·16
  CHECK(layer_named(bottleneck, "conv3x3").cost.weights == 2'304);    // 3·3·16·16
  CHECK(layer_named(bottleneck, "expand1x1").cost.weights == 2'048);  // 16·128
  CHECK(bottleneck.totals(false).cost.weights == 6'400);
  // Same output shape: the bottleneck is a drop-in replacement.
  CHECK(layer_named(plain, "conv3x3_relu").out == layer_named(bottleneck, "expand1x1").out);
  // MACs scale the same way at 56×56: 147,456·3,136 against 6,400·3,136.
  CHECK(plain.totals(false).cost.macs == 462'422'016);
  CHECK(bottleneck.totals(false).cost.macs == 20'070'400);
}
