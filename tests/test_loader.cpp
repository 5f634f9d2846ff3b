// The YAML format's features (docs/format.md), each on a small network whose
// figures are worked by hand.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("loader: sequential layers, repeat naming and act shorthand", "[loader]") {
  Network net = analyzed_text(R"(
input: [3, 8, 8]
layers:
  - {name: c, op: conv, out: 4, kernel: 3, pad: 1, act: relu, repeat: 2}
  - {name: p, op: maxpool, kernel: 2}
)");
  // c_1: 3·3·3·4 + 4 = 112 params; c_2: 3·3·4·4 + 4 = 148.
  CHECK(layer_named(net, "c_1").cost.params() == 112);
  CHECK(layer_named(net, "c_2").cost.params() == 148);
  CHECK(net.inputs(boost::vertex(3, net.graph)).size() == 1);
  CHECK(net.layer(net.inputs(boost::vertex(3, net.graph))[0]).name == "c_1_relu");
  CHECK(layer_named(net, "p").out == Shape{{4, 4, 4}});
  CHECK(net.totals(false).layers == 5);  // c_1, c_1_relu, c_2, c_2_relu, p
  CHECK(net.totals(false).weighted_layers == 2);
}

TEST_CASE("loader: params, --set overrides and expressions", "[loader][params]") {
  const char* yaml = R"(
input: [3, 4, 4]
params: {width: 8}
layers:
  - {name: a, op: conv, out: $width * 4, kernel: 1, bias: false}
  - {name: b, op: conv, out: ($width + 2) / 3, kernel: 1, bias: false}
)";
  Network net = analyzed_text(yaml);
  CHECK(layer_named(net, "a").out.c() == 32);
  CHECK(layer_named(net, "b").out.c() == 3);        // (8 + 2) / 3 truncates to 3
  CHECK(layer_named(net, "b").cost.weights == 96);  // 32·3
  Diagnostics diag;
  LoadOptions opts;
  opts.overrides = {{"width", "16"}};
  Network wide = load_network_text(yaml, "t.yaml", opts, diag);
  analyze(wide);
  CHECK(layer_named(wide, "a").out.c() == 64);
  CHECK(layer_named(wide, "b").out.c() == 6);
}

TEST_CASE("loader: blocks with positional, named and default arguments", "[loader][blocks]") {
  Network net = analyzed_text(R"(
input: [16, 8, 8]
blocks:
  cb:
    args: {out: null, kernel: 1, stride: 1}
    layers:
      - {name: conv, op: conv, out: $out, kernel: $kernel, stride: $stride, pad: same, bias: false}
      - {name: bn, op: batchnorm}
layers:
  - {name: x, block: cb, args: [8]}
  - {name: y, block: cb, args: {out: 4, kernel: [1, 3], stride: 2}}
)");
  CHECK(layer_named(net, "x/conv").cost.weights == 16 * 8);
  CHECK(layer_named(net, "y/conv").cost.weights == 8 * 4 * 3);  // a [1, 3] kernel
  CHECK(layer_named(net, "y/conv").out == Shape{{4, 4, 4}});    // same padding, stride 2
  // Batch norm: γ and β trainable (2·C), running mean/var buffers (2·C).
  CHECK(layer_named(net, "y/bn").cost.params() == 8);
  CHECK(layer_named(net, "y/bn").cost.buffers == 8);
  const BlockInstance& y = block_named(net, "y");
  CHECK(y.definition == "cb");
  CHECK(y.inference.cost.params() == 96 + 8);
  CHECK(y.inference.cost.buffers == 8);
  CHECK(net.totals(false).cost.buffers == 16 + 8);
}

TEST_CASE("loader: branches with from, forward references and concat order", "[loader]") {
  Network net = analyzed_text(R"(
input: [4, 6, 6]
layers:
  - {name: cat, op: concat, from: [right, left]}
  - {name: left, op: conv, out: 2, kernel: 1, from: input}
  - {name: right, op: conv, out: 3, kernel: 3, pad: 1, from: input}
)");
  const Layer& cat = layer_named(net, "cat");
  CHECK(cat.out == Shape{{5, 6, 6}});
  auto ins = net.inputs(boost::vertex(1, net.graph));
  REQUIRE(ins.size() == 2);
  CHECK(net.layer(ins[0]).name == "right");
  CHECK(net.layer(ins[1]).name == "left");
  // The topological order puts both convolutions before the concat.
  CHECK(net.layer(net.order.back()).name == "cat");
}

TEST_CASE("loader: repeated blocks chain, nest, and roll up", "[loader][blocks]") {
  Network net = analyzed_text(R"(
input: [8, 4, 4]
blocks:
  res:
    args: [c]
    layers:
      - {name: conv, op: conv, out: $c, kernel: 3, pad: 1, bias: false}
      - {name: add, op: add, from: [conv, input]}
  stage:
    args: [c, n]
    layers:
      - {name: unit, block: res, args: [$c], repeat: $n}
layers:
  - {name: s1, block: stage, args: [8, 3]}
)");
  // Three residual units of 3·3·8·8 = 576 weights each.
  CHECK(block_named(net, "s1").inference.cost.weights == 3 * 576);
  CHECK(block_named(net, "s1/unit_2").inference.cost.weights == 576);
  CHECK(block_named(net, "s1/unit_2").depth == 2);
  CHECK(net.inputs(boost::vertex(layer_index(net, "s1/unit_2/conv"), net.graph)).size() == 1);
  // Each add: 8·4·4 elements × (2 − 1) inputs.
  CHECK(layer_named(net, "s1/unit_3/add").cost.other_ops == 128);
  CHECK(
      net.layer(net.inputs(boost::vertex(layer_index(net, "s1/unit_2/conv"), net.graph))[0]).name ==
      "s1/unit_1/add");
}

TEST_CASE("loader: repeat 0 stands for the input; act takes an argument", "[loader][blocks]") {
  // A stage of n blocks: the first differs, the n − 1 others repeat (none
  // when n = 1); an optional squeeze-and-excitation is a block repeated 0 or
  // 1 times; the activation is an argument.
  const char* yaml = R"(
input: [8, 4, 4]
params: {n: 1, se: 0, nl: relu}
blocks:
  se:
    layers:
      - {name: squeeze, op: mean, axes: [1, 2], keepdims: true}
      - {name: gate, op: conv, out: 8, kernel: 1, act: sigmoid}
      - {name: scale, op: mul, from: [input, gate_sigmoid]}
  unit:
    args: [nl, se]
    layers:
      - {name: conv, op: conv, out: 8, kernel: 3, pad: 1, bias: false, act: $nl}
      - {name: se, block: se, repeat: $se}
      - {name: add, op: add, from: [se, input]}
layers:
  - {name: first, op: conv, out: 8, kernel: 1, bias: false}
  - {name: unit, block: unit, args: [$nl, $se], repeat: $n - 1}
  - {name: pool, op: avgpool, global: true, from: unit}
)";
  Network one = analyzed_text(yaml);
  // n = 1: no unit at all; `from: unit` means unit's input, `first`.
  CHECK(one.totals(false).layers == 2);
  CHECK(one.layer(one.inputs(boost::vertex(layer_index(one, "pool"), one.graph))[0]).name ==
        "first");
  CHECK(one.totals(false).cost.weights == 64);

  Diagnostics diag;
  LoadOptions opts;
  opts.overrides = {{"n", "3"}, {"se", "1"}, {"nl", "hardswish"}};
  Network three = load_network_text(yaml, "test.yaml", opts, diag);
  analyze(three);
  // Two units: conv 3·3·8·8 = 576 and gate 8·8 + 8 = 72 weights and biases each.
  CHECK(three.totals(false).cost.params() == 64 + 2 * (576 + 72));
  CHECK(layer_named(three, "unit_2/conv_hardswish").out == Shape{{8, 4, 4}});
  CHECK(three.layer(three.inputs(boost::vertex(layer_index(three, "unit_1/add"), three.graph))[0])
            .name == "unit_1/se/scale");

  opts.overrides = {{"n", "2"}, {"se", "0"}, {"nl", "relu"}};
  Network plain = load_network_text(yaml, "test.yaml", opts, diag);
  analyze(plain);
  // se repeated 0 times: the add takes the activation, `conv_relu`.
  CHECK(plain.layer(plain.inputs(boost::vertex(layer_index(plain, "unit/add"), plain.graph))[0])
            .name == "unit/conv_relu");
  CHECK(plain.totals(false).layers == 5);  // first, conv, conv_relu, add, pool
}

TEST_CASE("loader: training-only layers are apart from inference totals", "[loader][training]") {
  Network net = analyzed_text(R"(
input: [4]
layers:
  - {name: trunk, op: fc, out: 10}
  - {name: aux, op: fc, out: 3, train_only: true}
  - {name: aux_prob, op: softmax}
  - {name: head, op: fc, out: 2, from: trunk}
)");
  CHECK(layer_named(net, "aux").train_only);
  CHECK(layer_named(net, "aux_prob").train_only);  // downstream of a training-only layer
  CHECK_FALSE(layer_named(net, "head").train_only);
  // trunk 4·10 + 10 = 50; head 10·2 + 2 = 22; aux 10·3 + 3 = 33.
  CHECK(net.totals(false).cost.params() == 72);
  CHECK(net.totals(true).cost.params() == 105);
  CHECK(net.totals(false).cost.macs == 60);
  CHECK(net.totals(true).cost.macs == 90);
}

TEST_CASE("loader: pooling with ceil rounding, global pooling, padding forms", "[loader][ops]") {
  Network net = analyzed_text(R"(
input: [2, 112, 112]
layers:
  - {name: floor, op: maxpool, kernel: 3, stride: 2}
  - {name: ceil, op: maxpool, kernel: 3, stride: 2, round: ceil, from: input}
  - {name: padded, op: avgpool, kernel: 3, stride: 2, pad: 1, from: input}
  - {name: asym, op: conv, out: 1, kernel: [1, 7], pad: [0, 0, 3, 3], from: input}
  - {name: gap, op: avgpool, global: true, from: input}
)");
  CHECK(layer_named(net, "floor").out == Shape{{2, 55, 55}});  // (112 − 3) / 2 + 1
  CHECK(layer_named(net, "ceil").out == Shape{{2, 56, 56}});   // ⌈109 / 2⌉ + 1
  CHECK(layer_named(net, "padded").out == Shape{{2, 56, 56}});
  CHECK(layer_named(net, "asym").out == Shape{{1, 112, 112}});
  CHECK(layer_named(net, "asym").cost.weights == 14);
  CHECK(layer_named(net, "gap").out == Shape{{2, 1, 1}});
  CHECK(layer_named(net, "gap").cost.other_ops == 2 * 112 * 112);
  CHECK(layer_named(net, "ceil").cost.other_ops == 2 * 56 * 56 * 9);
}

TEST_CASE("loader: grouped and dilated convolution", "[loader][ops]") {
  Network net = analyzed_text(R"(
input: [96, 27, 27]
layers:
  - {name: g, op: conv, out: 256, kernel: 5, pad: 2, groups: 2}
  - {name: d, op: conv, out: 8, kernel: 3, dilation: 2, from: input}
)");
  // AlexNet's conv2: (5·5·48 + 1)·256 = 307,456 params; 27·27·256·5·5·48 MACs.
  CHECK(layer_named(net, "g").cost.params() == 307'456);
  CHECK(layer_named(net, "g").cost.macs == 223'948'800);
  // Dilation 2 spreads a 3×3 window over 5 pixels: 27 − 4 = 23.
  CHECK(layer_named(net, "d").out == Shape{{8, 23, 23}});
}
