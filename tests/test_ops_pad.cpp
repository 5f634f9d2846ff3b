// The pad op counted by hand: shapes, no operations forward, the backward
// adds of reflect and edge padding, and the receptive field shifted as a
// conv's own padding shifts it (the values are checked against PyTorch in
// test_torch_fixtures.cpp).
#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("pad: shapes and counts of each mode, on maps, sequences and volumes", "[ops][pad]") {
  // A conv first, so that the pads' inputs need a gradient.
  Network net = analyzed_text(
      "input: [3, 5, 5]\nlayers:\n"
      "  - {name: c, op: conv, out: 4, kernel: 3, pad: 1}\n"
      "  - {name: reflect, op: pad, pad: 2, mode: reflect}\n"
      "  - {name: constant, op: pad, pad: [1, 2, 0, 3], value: 0.5, from: c}\n"
      "  - {name: edge, op: pad, pad: [1, 3], mode: edge, from: c}\n"
      "  - {name: first, op: pad, pad: 1, mode: edge, from: input}\n");
  const Layer& reflect = layer_named(net, "reflect");
  CHECK(reflect.out.str() == "4×9×9");
  CHECK(reflect.cost.macs == 0);
  CHECK(reflect.cost.other_ops == 0);
  CHECK(reflect.cost.params() == 0);
  // Each added element's gradient adds onto the element it copied: 324 − 100.
  CHECK(reflect.backward.other_ops == 224);
  CHECK_FALSE(reflect.backward.saves_input);
  CHECK_FALSE(reflect.backward.saves_output);
  CHECK(op_label(reflect.op) == "pad reflect 2");
  const Layer& constant = layer_named(net, "constant");
  CHECK(constant.out.str() == "4×8×8");     // rows 1 + 5 + 2, columns 0 + 5 + 3
  CHECK(constant.backward.other_ops == 0);  // the gradient is cropped
  CHECK(op_label(constant.op) == "pad 0.5 [1, 2, 0, 3]");
  const Layer& edge = layer_named(net, "edge");
  CHECK(edge.out.str() == "4×7×11");
  CHECK(edge.backward.other_ops == 308 - 100);
  CHECK(op_label(edge.op) == "pad edge [1, 3]");
  // Right after the input nothing needs its gradient.
  CHECK(layer_named(net, "first").out.str() == "3×7×7");
  CHECK(layer_named(net, "first").backward.other_ops == 0);
  CHECK(net.totals(false).cost.other_ops == 100);  // the conv's bias adds only

  Network seq =
      analyzed_text("input: [4, 9]\nlayers:\n  - {name: p, op: pad, pad: [3, 1], mode: reflect}\n");
  CHECK(layer_named(seq, "p").out.str() == "4×13");
  Network vol = analyzed_text(
      "input: [2, 3, 4, 5]\nlayers:\n"
      "  - {name: p, op: pad, pad: [1, 0, 0, 2, 1, 1], mode: edge}\n"
      "  - {name: q, op: pad, pad: [1, 2, 3]}\n");
  CHECK(layer_named(vol, "p").out.str() == "2×4×6×7");
  CHECK(layer_named(vol, "q").out.str() == "2×6×10×13");
}

TEST_CASE("pad: the field shifts as a conv's own padding shifts it", "[ops][pad][rf]") {
  Network net = analyzed_text(
      "input: [1, 10, 10]\nlayers:\n"
      "  - {name: p, op: pad, pad: [1, 2, 3, 0], mode: reflect}\n"
      "  - {name: c, op: conv, out: 1, kernel: 3, stride: 2}\n"
      "  - {name: direct, op: conv, out: 1, kernel: 3, stride: 2, pad: [1, 2, 3, 0], "
      "from: input}\n");
  const Field& p = *layer_named(net, "p").field;
  // One pixel each, the first one row and three columns before the image.
  CHECK(p == Field{.h = AxisField{1, 1, -2}, .w = AxisField{1, 1, -6}});
  CHECK(*layer_named(net, "c").field == *layer_named(net, "direct").field);
  CHECK(*layer_named(net, "c").field == Field{.h = AxisField{3, 2, 0}, .w = AxisField{3, 2, -4}});
  CHECK(layer_named(net, "c").out == layer_named(net, "direct").out);
}
