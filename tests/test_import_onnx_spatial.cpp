// ONNX import of Pad as the pad op, and of Conv, MaxPool and AveragePool over
// 1 and 3 spatial axes (tests/data/import/gen_onnx.py writes the models).
#include <catch2/catch.hpp>

#include <algorithm>

#include "import_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("onnx: a Pad that no window can take is the pad op", "[import][onnx][pad]") {
  Network net = analyzed_file("tests/data/import/pad_modes.onnx");
  const Layer& r = layer_named(net, "pad_r");
  CHECK(op_label(r.op) == "pad reflect [1, 1, 2, 0]");  // ONNX [.., 1, 2, .., 1, 0]
  CHECK(r.out.str() == "4×8×8");
  const Layer& v = layer_named(net, "pad_v");  // 0.5: not a conv's zeros
  CHECK(std::get<Pad>(v.op).value == 0.5);
  CHECK(op_label(v.op) == "pad 0.5 [1, 1, 1, 1]");
  CHECK(v.out.str() == "4×10×10");
  CHECK(layer_named(net, "conv").cost.macs == 128 * 36);
  CHECK(layer_named(net, "pad_z").out.str() == "2×10×10");  // read by a relu
  // Zeros read by the max pool only go into its padding.
  CHECK(std::none_of(net.order.begin(), net.order.end(),
                     [&](Vertex u) { return net.layer(u).name == "pad_f"; }));
  const Layer& pool = layer_named(net, "pool");
  CHECK(op_label(pool.op) == "maxpool 2×2/2");
  CHECK(pool.out.str() == "2×6×6");
  // Zeros of a conv's output, which may be negative, before a max pool: a max
  // pool pads with −∞, so they stay a layer of their own.
  const Layer& s = layer_named(net, "pad_s");
  CHECK(op_label(s.op) == "pad [1, 1, 1, 1]");
  CHECK(s.out.str() == "2×10×10");
  CHECK(layer_named(net, "pool_s").out.str() == "2×5×5");
}

TEST_CASE("onnx: Conv and pools over a sequence and over a volume", "[import][onnx][spatial]") {
  Network seq = analyzed_file("tests/data/import/conv1d.onnx");
  const Layer& c = layer_named(seq, "conv");
  CHECK(op_label(c.op) == "conv1d 3/2");
  CHECK(c.out.str() == "8×8");
  CHECK(c.cost.macs == 64 * 4 * 3);
  CHECK(layer_named(seq, "maxpool").out.str() == "8×4");
  CHECK(op_label(layer_named(seq, "avgpool").op) == "avgpool1d 3");
  CHECK(layer_named(seq, "avgpool").out.str() == "8×4");
  CHECK(op_label(layer_named(seq, "gap").op) == "avgpool1d global");
  CHECK(seq.totals(false).cost.params() == 96 + 8 + 40);
  CHECK(seq.totals(false).cost.macs == 768 + 40);

  Network vol = analyzed_file("tests/data/import/conv3d.onnx");
  const Layer& c3 = layer_named(vol, "conv");
  CHECK(op_label(c3.op) == "conv3d 3×3×3");
  CHECK(c3.out.str() == "4×4×8×8");
  CHECK(op_label(layer_named(vol, "maxpool").op) == "maxpool3d 1×2×2/1×2×2");
  CHECK(layer_named(vol, "gmp").out.str() == "4×1×1×1");
  CHECK(vol.totals(false).cost.params() == 216 + 15);
  CHECK(vol.totals(false).cost.macs == 1024 * 54 + 12);
}
