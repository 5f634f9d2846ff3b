// Convolution and pooling over 1 spatial axis (C×L) and 3 (C×D×H×W), counted
// by hand (the kernels are checked against PyTorch in test_torch_fixtures.cpp).
#include <catch2/catch.hpp>

#include "emit/report.hpp"
#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("spatial: conv1d and its pools on C×L", "[ops][spatial]") {
  Network net = analyzed_text(
      "input: [4, 9]\nlayers:\n"
      "  - {name: c, op: conv1d, out: 6, kernel: 3, stride: 2, pad: 1, groups: 2}\n"
      "  - {name: d, op: conv1d, out: 3, kernel: 2, dilation: 3, pad: [2, 1], bias: false, "
      "from: input}\n"
      "  - {name: m, op: maxpool1d, kernel: 3, stride: 2, pad: 1, round: ceil, from: input}\n"
      "  - {name: g, op: avgpool1d, global: true, from: c}\n"
      "  - {name: fc, op: fc, out: 2}\n");
  const Layer& c = layer_named(net, "c");
  CHECK(c.out.str() == "6×5");              // (9 + 2 − 3) / 2 + 1
  CHECK(c.cost.macs == 30 * 2 * 3);         // outputs · C/g · k
  CHECK(c.cost.params() == 6 * 2 * 3 + 6);  // weight [6, 2, 3], bias
  CHECK(c.cost.other_ops == 30);            // bias adds
  CHECK(c.backward.macs == 180);            // the weight gradient only: no input gradient
  CHECK(op_label(c.op) == "conv1d 3/2 g2");
  const Layer& d = layer_named(net, "d");
  CHECK(d.out.str() == "3×9");  // 9 + 3 − (3·1 + 1) + 1
  CHECK(d.cost.macs == 27 * 4 * 2);
  CHECK(d.cost.params() == 24);
  CHECK(op_label(d.op) == "conv1d 2,d3");
  const Layer& m = layer_named(net, "m");
  CHECK(m.out.str() == "4×5");  // (9 + 2 − 3) / 2 = 4, whole already, + 1 (PyTorch: 5)
  CHECK(m.cost.other_ops == 20 * 3);
  CHECK(op_label(m.op) == "maxpool1d 3/2 ceil");
  const Layer& g = layer_named(net, "g");
  CHECK(g.out.str() == "6×1");
  CHECK(g.cost.other_ops == 30);
  CHECK(g.backward.other_ops == 30);  // spread back over the window
  CHECK(layer_named(net, "fc").cost.macs == 12);
  // conv1d and fc are weighted: 42 + 24 + 14 params.
  CHECK(net.totals(false).cost.params() == 80);
}

TEST_CASE("spatial: conv3d and its pools on C×D×H×W", "[ops][spatial]") {
  Network net = analyzed_text(
      "input: [2, 4, 5, 6]\nlayers:\n"
      "  - {name: c, op: conv3d, out: 4, kernel: [3, 2, 3], stride: [1, 2, 1], pad: [1, 0, 1]}\n"
      "  - {name: c2, op: conv3d, out: 2, kernel: 1}\n"
      "  - {name: m, op: maxpool3d, kernel: [2, 3, 3], stride: 2, pad: [0, 1, 1], from: input}\n"
      "  - {name: a, op: avgpool3d, kernel: 2, stride: [1, 2, 2], round: ceil, from: c2}\n"
      "  - {name: g, op: maxpool3d, global: true, from: input}\n");
  const Layer& c = layer_named(net, "c");
  CHECK(c.out.str() == "4×4×2×6");
  CHECK(c.cost.macs == 192 * 2 * 3 * 2 * 3);  // 6,912
  CHECK(c.cost.params() == 4 * 2 * 18 + 4);
  CHECK(op_label(c.op) == "conv3d 3×2×3/1×2×1");
  const Layer& c2 = layer_named(net, "c2");
  CHECK(c2.out.str() == "2×4×2×6");
  CHECK(c2.cost.macs == 96 * 4);
  CHECK(c2.backward.macs == 2 * 384);  // weight and input gradients
  CHECK(c2.backward.other_ops == 96);  // bias gradient
  CHECK(op_label(c2.op) == "conv3d 1×1×1");
  const Layer& m = layer_named(net, "m");
  CHECK(m.out.str() == "2×2×3×3");
  CHECK(m.cost.other_ops == 36 * 18);
  const Layer& a = layer_named(net, "a");
  CHECK(a.out.str() == "2×3×1×3");  // D 4 − 2 + 1, H (2 − 2) / 2 + 1, W (6 − 2) / 2 + 1
  CHECK(a.cost.other_ops == 18 * 8);
  CHECK(a.backward.other_ops == 18 * 8);
  CHECK(op_label(a.op) == "avgpool3d 2×2×2/1×2×2 ceil");
  const Layer& g = layer_named(net, "g");
  CHECK(g.out.str() == "2×1×1×1");
  CHECK(g.cost.other_ops == 240);
  CHECK(net.totals(false).cost.macs == 6912 + 384);
}

TEST_CASE("spatial: a volume's field over D, H and W; a sequence has none", "[ops][spatial][rf]") {
  Network net = analyzed_text(
      "input: [1, 8, 8, 8]\nlayers:\n"
      "  - {name: c, op: conv3d, out: 1, kernel: 3, stride: 2, pad: 1}\n"
      "  - {name: m, op: maxpool3d, kernel: 2}\n"
      "  - {name: p, op: pad, pad: [1, 0, 0, 0, 0, 0], from: input}\n"
      "  - {name: q, op: conv3d, out: 1, kernel: [1, 3, 3]}\n"
      "  - {name: g, op: avgpool3d, global: true}\n");
  // c, every axis: k 3, s 2, pad 1: size 3, jump 2, centre (2/2 − 1)·1 = 0.
  const Field& c = *layer_named(net, "c").field;
  CHECK(c.volume);
  CHECK(c.d == AxisField{3, 2, 0});
  CHECK(field_size_text(c) == "3×3×3");
  // m: k 2, s 2 on it: size 3 + 1·2 = 5, jump 4, centre 0 + (1/2)·2 = 1.
  const Field& m = *layer_named(net, "m").field;
  CHECK(field_size_text(m) == "5×5×5");
  CHECK(field_jump_text(m) == "4×4×4");
  CHECK(field_start_text(m) == "1, 1, 1");
  // q after one plane of padding in front: depth 1 voxel, centred one before
  // the volume; H and W 3 wide, centred at 1.
  const Field& q = *layer_named(net, "q").field;
  CHECK(field_size_text(q) == "1×3×3");
  CHECK(field_start_text(q) == "-1, 1, 1");
  CHECK(field_size_text(*layer_named(net, "g").field) == "9×8×8 all");

  Network seq =
      analyzed_text("input: [4, 9]\nlayers:\n  - {name: c, op: conv1d, out: 2, kernel: 3}\n");
  CHECK_FALSE(layer_named(seq, "c").field.has_value());
}
