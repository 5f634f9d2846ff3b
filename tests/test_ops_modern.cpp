// The ops of today's networks, counted: activations and broadcasting
// arithmetic on hand-worked examples (the kernels are checked against
// PyTorch in test_torch_fixtures.cpp).
#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("modern ops: each activation costs 1 other op per element and its backward rule",
          "[ops]") {
  // A conv (so that the activation's input needs a gradient) on 4×5×5, then
  // each activation on its 100 elements.
  const std::vector<std::tuple<std::string, Count, bool>> acts{
      // name, backward other ops per element, saves its input (else its output)
      {"hardswish", 4, true}, {"hardsigmoid", 2, true}, {"silu", 5, true}, {"gelu", 6, true},
      {"elu", 2, false},      {"mish", 8, true},        {"prelu", 4, true}};
  for (const auto& [name, backward, saves_input] : acts) {
    INFO(name);
    Network net = analyzed_text(
        "input: [3, 5, 5]\nlayers:\n"
        "  - {name: c, op: conv, out: 4, kernel: 3, pad: 1}\n"
        "  - {name: a, op: " +
        name + "}\n");
    const Layer& a = layer_named(net, "a");
    CHECK(a.out.str() == "4×5×5");
    CHECK(a.cost.other_ops == 100);
    CHECK(a.cost.macs == 0);
    CHECK(a.cost.params() == (name == "prelu" ? 4 : 0));  // a slope per channel
    CHECK(a.backward.other_ops == 100 * backward);
    CHECK(a.backward.saves_input == saves_input);
    CHECK(a.backward.saves_output == !saves_input);
  }
}

TEST_CASE("modern ops: a shared PReLU slope is one parameter; its gradient needs the input",
          "[ops]") {
  // PReLU right after the input: no input gradient, but the slope's gradient
  // (x · dy summed: 2 per element) still needs the saved input.
  Network net = analyzed_text(
      "input: [3, 5, 5]\nlayers:\n"
      "  - {name: p, op: prelu, shared: true}\n");
  const Layer& p = layer_named(net, "p");
  CHECK(p.cost.params() == 1);
  CHECK(p.backward.other_ops == 75 * 2);
  CHECK(p.backward.saves_input);
}

TEST_CASE("modern ops: squeeze-and-excitation's scale broadcasts C×1×1 over C×H×W", "[ops]") {
  Network net = analyzed_text(
      "input: [3, 8, 8]\nlayers:\n"
      "  - {name: x, op: conv, out: 16, kernel: 3, pad: 1}\n"
      "  - {name: squeeze, op: avgpool, global: true}\n"
      "  - {name: reduce, op: conv, out: 4, kernel: 1, act: relu}\n"
      "  - {name: expand, op: conv, out: 16, kernel: 1, act: hardsigmoid}\n"
      "  - {name: scale, op: mul, from: [x, expand_hardsigmoid]}\n");
  const Layer& scale = layer_named(net, "scale");
  CHECK(scale.out.str() == "16×8×8");
  CHECK(scale.cost.other_ops == 1024);  // 1 per output element
  CHECK(layer_named(net, "reduce").cost.macs == 64);
  CHECK(layer_named(net, "reduce").cost.params() == 16 * 4 + 4);
  CHECK(layer_named(net, "expand").cost.params() == 4 * 16 + 16);
  CHECK(layer_named(net, "expand_hardsigmoid").cost.other_ops == 16);
  // Backward: dy · gate for x and dy · x for the gate (1024 each), plus the
  // gate's gradient summed over H×W: 1024 − 16 = 1008.
  CHECK(scale.backward.other_ops == 1024 + 1024 + 1008);
  CHECK(scale.backward.saves_input);
}

TEST_CASE("modern ops: sub and div broadcast either input, add too", "[ops]") {
  Network net = analyzed_text(
      "input: [2, 3, 4]\nlayers:\n"
      "  - {name: row, op: avgpool, kernel: [3, 1], from: input}\n"
      "  - {name: col, op: avgpool, kernel: [1, 4], from: input}\n"
      "  - {name: d, op: sub, from: [row, col]}\n"
      "  - {name: q, op: div, from: [col, input]}\n"
      "  - {name: s, op: add, from: [input, row, col]}\n");
  // 2×1×4 against 2×3×1: 2×3×4, each axis from the input that is not 1.
  CHECK(layer_named(net, "d").out.str() == "2×3×4");
  CHECK(layer_named(net, "d").cost.other_ops == 24);
  CHECK(layer_named(net, "q").out.str() == "2×3×4");
  CHECK(layer_named(net, "s").out.str() == "2×3×4");
  CHECK(layer_named(net, "s").cost.other_ops == 2 * 24);  // inputs − 1 per output element
}

TEST_CASE("modern ops: mean and max over chosen axes, with or without the reduced axes", "[ops]") {
  Network net = analyzed_text(
      "input: [16, 8, 8]\nlayers:\n"
      "  - {name: squeeze, op: mean, axes: [1, 2], keepdims: true}\n"
      "  - {name: pooled, op: mean, axes: [-2, -1], from: input}\n"
      "  - {name: channels, op: max, axes: [0], from: input}\n");
  const Layer& squeeze = layer_named(net, "squeeze");
  CHECK(squeeze.out.str() == "16×1×1");
  CHECK(squeeze.cost.other_ops == 1024 + 16);  // the sums, then a division per output
  CHECK(squeeze.field->global);                // it reads the whole map
  CHECK(layer_named(net, "pooled").out.str() == "16");
  const Layer& channels = layer_named(net, "channels");
  CHECK(channels.out.str() == "8×8");
  CHECK(channels.cost.other_ops == 1024);
  CHECK(op_label(squeeze.op) == "mean [1, 2]");
}

TEST_CASE("modern ops: the modules equal torchvision's own blocks", "[ops][modules]") {
  // tests/reference/module_figures.py: the same blocks built from torchvision's
  // classes (params: Σ numel; MACs: convolutions and matrix products).
  const std::vector<std::tuple<std::string, Count, Count>> modules{
      {"vit_block", 7'087'872, 1'453'954'560},
      {"se_block", 3'552, 3'456},
      {"convnext_block", 79'296, 245'962'752},
      {"mobilenet_v3_block", 386'120, 30'914'688}};
  for (const auto& [name, params, macs] : modules) {
    INFO(name);
    Network net = analyzed_file("architectures/modules/" + name + ".yaml");
    CHECK(net.totals(false).cost.params() == params);
    CHECK(net.totals(false).cost.macs == macs);
  }
}

TEST_CASE("modern ops: a ViT encoder block, layer by layer", "[ops][modules]") {
  Network net = analyzed_file("architectures/modules/vit_block.yaml");
  const std::string a = "block/attn/";
  CHECK(layer_named(net, a + "qkv").out.str() == "197×2304");
  CHECK(layer_named(net, a + "qkv").cost.macs == 197 * 768 * 2304);
  CHECK(layer_named(net, a + "heads").out.str() == "3×12×197×64");
  CHECK(layer_named(net, a + "q").out.str() == "1×12×197×64");
  // The attention products: 12 heads of 197×64 · 64×197, then 197×197 · 197×64.
  CHECK(layer_named(net, a + "scores").out.str() == "1×12×197×197");
  CHECK(layer_named(net, a + "scores").cost.macs == 12 * 197 * 197 * 64);
  CHECK(layer_named(net, a + "context").cost.macs == 12 * 197 * 197 * 64);
  CHECK(layer_named(net, a + "weights").cost.other_ops == 3 * 12 * 197 * 197);
  CHECK(layer_named(net, a + "scaled").cost.other_ops == 12 * 197 * 197);
  CHECK(layer_named(net, a + "concat").out.str() == "197×768");
  // Layer norm: 7 per element with its affine; γ and β of 768 each.
  CHECK(layer_named(net, "block/ln1").cost.other_ops == 7 * 197 * 768);
  CHECK(layer_named(net, "block/ln1").cost.params() == 2 * 768);
  CHECK(layer_named(net, "block/fc1_gelu").cost.other_ops == 197 * 3072);
  // No receptive field after attention.
  CHECK(!layer_named(net, "block/add2").field);
}

TEST_CASE("modern ops: linear and conv_transpose take a weighted layer's backward rule",
          "[ops][training]") {
  Network net = analyzed_text(
      "input: [4, 5, 5]\nlayers:\n"
      "  - {name: c, op: conv, out: 4, kernel: 1}\n"
      "  - {name: l, op: linear, out: 3}\n"
      "  - {name: t, op: conv_transpose, out: 2, kernel: 2, stride: 2, "
      "from: c}\n");
  // linear on the last axis: 4×5×3 outputs of 5 inputs each = 300 MACs; the
  // weight and input gradients twice that; bias gradient 1 per output (60).
  const Layer& l = layer_named(net, "l");
  CHECK(l.out.str() == "4×5×3");
  CHECK(l.cost.macs == 300);
  CHECK(l.backward.macs == 600);
  CHECK(l.backward.other_ops == 60);
  CHECK(l.backward.saves_input);
  // conv_transpose: 100 input elements × 2 outputs × 2·2 taps = 800 MACs onto 2×10×10.
  const Layer& t = layer_named(net, "t");
  CHECK(t.out.str() == "2×10×10");
  CHECK(t.cost.macs == 800);
  CHECK(t.backward.macs == 1600);
  CHECK(t.backward.other_ops == 200);
}

TEST_CASE("modern ops: group and instance norm, upsampling and shuffle, counted", "[ops]") {
  Network net = analyzed_text(
      "input: [4, 5, 5]\nlayers:\n"
      "  - {name: gn, op: groupnorm, groups: 2}\n"
      "  - {name: in, op: instancenorm, from: input}\n"
      "  - {name: up, op: upsample, scale: 2, mode: bilinear, from: input}\n"
      "  - {name: nn, op: upsample, scale: 2, from: input}\n"
      "  - {name: sh, op: shuffle, groups: 2, from: input}\n");
  // γ and β per channel; 7 other ops per element with them, 5 without.
  CHECK(layer_named(net, "gn").cost.params() == 8);
  CHECK(layer_named(net, "gn").cost.other_ops == 7 * 100);
  CHECK(layer_named(net, "in").cost.params() == 0);  // PyTorch's default: no affine
  CHECK(layer_named(net, "in").cost.other_ops == 5 * 100);
  // 4×10×10 outputs: bilinear 4 other ops each, nearest none.
  CHECK(layer_named(net, "up").out.str() == "4×10×10");
  CHECK(layer_named(net, "up").cost.other_ops == 4 * 400);
  CHECK(layer_named(net, "nn").cost.other_ops == 0);
  CHECK(layer_named(net, "sh").out.str() == "4×5×5");
  CHECK(layer_named(net, "sh").cost.other_ops == 0);
}
