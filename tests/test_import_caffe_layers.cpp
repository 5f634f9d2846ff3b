// Caffe prototxt import of the layer types beyond the classification nets'
// (docs/import.md): Deconvolution, PReLU, ELU, Power, a standalone Scale,
// Slice, Reshape, Permute, Crop and Interp, and type names in any case.
// Every shape and count below is worked by hand from the layer's parameters.
#include <catch2/catch.hpp>

#include <fstream>

#include "import_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

const char* kLayers = R"(name: "layers"
input: "data"
input_shape { dim: 1 dim: 4 dim: 5 dim: 5 }
layer { name: "up" type: "Deconvolution" bottom: "data" top: "up"
  convolution_param { num_output: 6 kernel_size: 4 stride: 2 pad: 1 group: 2 } }
layer { name: "prelu" type: "PReLU" bottom: "up" top: "up" }
layer { name: "elu" type: "ELU" bottom: "up" top: "elu" elu_param { alpha: 0.5 } }
layer { name: "pow" type: "Power" bottom: "elu" top: "pow" power_param { scale: 2 } }
layer { name: "gain" type: "Scale" bottom: "pow" top: "gain" }
layer { name: "slice" type: "Slice" bottom: "gain" top: "a" top: "b" top: "c"
  slice_param { axis: 1 slice_point: 2 slice_point: 5 } }
layer { name: "rs" type: "Reshape" bottom: "b" top: "rs"
  reshape_param { shape { dim: 0 dim: 3 dim: -1 } } }
layer { name: "perm" type: "Permute" bottom: "c" top: "perm"
  permute_param { order: 0 order: 2 order: 3 order: 1 } }
layer { name: "crop" type: "Crop" bottom: "gain" bottom: "data" top: "crop"
  crop_param { axis: 2 offset: 3 } }
layer { name: "interp" type: "Interp" bottom: "crop" top: "interp"
  interp_param { height: 10 width: 10 } }
layer { name: "shared" type: "PReLU" bottom: "interp" top: "shared"
  prelu_param { channel_shared: true } }
)";

}  // namespace

TEST_CASE("caffe: Deconvolution, PReLU, ELU, Power, Scale, Slice, Reshape, Permute, Crop, Interp",
          "[import][caffe][layers]") {
  Network net = analyzed_prototxt(kLayers);
  // Deconvolution: H_out = (5 − 1)·2 − 2·1 + (4 − 1) + 1 = 10; weight
  // [C_in 4, 6/2, 4, 4] = 192 + bias 6; MACs: 100 input elements × 3 × 16.
  const Layer& up = layer_named(net, "up");
  CHECK(std::holds_alternative<ConvTranspose>(up.op));
  CHECK(up.out == Shape{{6, 10, 10}});
  CHECK(up.cost.params() == 198);
  CHECK(up.cost.macs == 4800);
  CHECK(up.cost.other_ops == 600);  // bias adds
  // PReLU: one slope per channel (6), or one (channel_shared).
  CHECK(layer_named(net, "prelu").cost.params() == 6);
  CHECK(layer_named(net, "shared").cost.params() == 1);
  CHECK(std::get<Elu>(layer_named(net, "elu").op).alpha == 0.5);
  // Power with power 1, shift 0: a constant scale ×2; a standalone Scale: one
  // learned value per channel.
  CHECK(std::get<Scale>(layer_named(net, "pow").op).factor == 2.0);
  CHECK_FALSE(std::get<Scale>(layer_named(net, "pow").op).learned);
  CHECK(layer_named(net, "pow").cost.params() == 0);
  CHECK(std::get<Scale>(layer_named(net, "gain").op).learned);
  CHECK(layer_named(net, "gain").cost.params() == 6);
  // Slice at channels 2 and 5: 2, 3 and 1 channels, one layer per top.
  CHECK(layer_named(net, "slice/a").out == Shape{{2, 10, 10}});
  CHECK(layer_named(net, "slice/b").out == Shape{{3, 10, 10}});
  CHECK(layer_named(net, "slice/c").out == Shape{{1, 10, 10}});
  CHECK(std::get<Slice>(layer_named(net, "slice/c").op).start == 5);
  // Reshape [0, 3, −1] of 1×3×10×10: [1, 3, 100]; Permute (0, 2, 3, 1).
  CHECK(layer_named(net, "rs").out == Shape{{3, 100}});
  CHECK(layer_named(net, "perm").out == Shape{{10, 10, 1}});
  // Crop to the data's 5×5 from offset 3 of the 10×10 map: H, then W.
  CHECK(layer_named(net, "crop/h").out == Shape{{6, 5, 10}});
  CHECK(layer_named(net, "crop/w").out == Shape{{6, 5, 5}});
  CHECK(std::get<Slice>(layer_named(net, "crop/w").op).start == 3);
  // Interp to 10×10 from 5×5: bilinear ×2, 4 other ops per output element.
  CHECK(std::get<Upsample>(layer_named(net, "interp").op).scale == 2);
  CHECK(layer_named(net, "interp").cost.other_ops == 2400);

  const Totals& t = net.totals(false);
  CHECK(t.cost.params() == 211);  // 198 + 6 + 6 + 1
  CHECK(t.cost.macs == 4800);
  // bias 600, prelu 600, elu 600, pow 600, gain 600, interp 2,400, shared 600.
  CHECK(t.cost.other_ops == 6000);
  CHECK(t.layers == 14);
}

TEST_CASE("caffe: the new layer types convert to YAML with the same totals",
          "[import][caffe][layers][convert]") {
  auto path = std::filesystem::temp_directory_path() / "archcalc_caffe_layers.prototxt";
  std::ofstream(path) << kLayers;
  Diagnostics diag;
  Network source = load_network_file(path.string(), LoadOptions{}, diag);
  analyze(source);
  Network yaml = converted(path.string());
  CHECK(same_totals(source, yaml));
  std::filesystem::remove(path);
}

TEST_CASE("caffe: layer types in any case, a Data layer's input_param", "[import][caffe][layers]") {
  // As Netscope reads them: `type: "data"` with input_param, lower-case types.
  Network net = analyzed_prototxt(R"(
layer { type: "data" name: "data" top: "data" top: "label"
  input_param { shape { dim: 10 dim: 3 dim: 6 dim: 6 } } }
layer { name: "c" type: "convolution" bottom: "data" top: "c"
  convolution_param { num_output: 2 kernel_size: 3 } }
layer { name: "r" type: "RELU" bottom: "c" top: "c" }
layer { name: "p" type: "pooling" bottom: "c" top: "p" pooling_param { pool: MAX kernel_size: 2 stride: 2 } }
layer { name: "l" type: "softmaxwithloss" bottom: "p" bottom: "label" top: "l" }
)");
  CHECK(layer_named(net, "data").out == Shape{{3, 6, 6}});  // N = 10 dropped
  CHECK(layer_named(net, "c").out == Shape{{2, 4, 4}});
  CHECK(layer_named(net, "c").cost.params() == 56);  // 2·3·9 + 2
  CHECK(layer_named(net, "c").cost.macs == 864);     // 32 outputs × 27
  CHECK(std::holds_alternative<Relu>(layer_named(net, "r").op));
  CHECK(layer_named(net, "p").out == Shape{{2, 2, 2}});
  CHECK_THROWS(layer_named(net, "l"));  // a loss, skipped
}

TEST_CASE("caffe: Slice into equal parts, Crop with an offset per axis, Reshape with axis",
          "[import][caffe][layers]") {
  Network net = analyzed_prototxt(R"(
input: "x"
input_shape { dim: 1 dim: 6 dim: 8 dim: 8 }
input: "ref"
input_shape { dim: 1 dim: 2 dim: 4 dim: 3 }
layer { name: "s" type: "Slice" bottom: "x" top: "p" top: "q" top: "r" }
layer { name: "k" type: "Crop" bottom: "x" bottom: "ref" top: "k" crop_param { axis: 1 offset: 1 offset: 2 offset: 4 } }
layer { name: "m" type: "Reshape" bottom: "k" top: "m" reshape_param { axis: 2 shape { dim: -1 } } }
)");
  // No slice points: 6 channels in 3 equal slices of 2.
  CHECK(layer_named(net, "s/q").out == Shape{{2, 8, 8}});
  CHECK(std::get<Slice>(layer_named(net, "s/r").op).start == 4);
  // Axis 1: channels 1..2, rows 2..5, columns 4..6.
  CHECK(layer_named(net, "k/c").out == Shape{{2, 8, 8}});
  CHECK(layer_named(net, "k/h").out == Shape{{2, 4, 8}});
  CHECK(layer_named(net, "k/w").out == Shape{{2, 4, 3}});
  CHECK(std::get<Slice>(layer_named(net, "k/h").op).start == 2);
  // Axes 2 and on (4×3) become one: 2×12.
  CHECK(layer_named(net, "m").out == Shape{{2, 12}});
  CHECK(net.totals(false).cost.params() == 0);
  CHECK(net.totals(false).cost.other_ops == 0);
}

TEST_CASE("caffe: a Crop to the same size is no layer", "[import][caffe][layers]") {
  Network net = analyzed_prototxt(R"(
input: "x"
input_shape { dim: 1 dim: 2 dim: 4 dim: 4 }
layer { name: "c" type: "Convolution" bottom: "x" top: "c" convolution_param { num_output: 2 kernel_size: 1 } }
layer { name: "k" type: "Crop" bottom: "c" bottom: "x" top: "k" }
layer { name: "r" type: "ReLU" bottom: "k" top: "r" }
)");
  CHECK_THROWS(layer_named(net, "k"));
  CHECK(net.inputs(layer_index(net, "r")).front() == layer_index(net, "c"));
}

TEST_CASE("caffe: a layer name used twice is renamed, with a warning", "[import][caffe][layers]") {
  // Caffe runs such a file (Netscope's FCN-8s has three layers called 'crop').
  Diagnostics diag;
  Network net = import_caffe_text(R"(input: "data"
input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
layer { name: "relu" type: "ReLU" bottom: "data" top: "a" }
layer { name: "relu" type: "ReLU" bottom: "a" top: "b" }
)",
                                  "twice.prototxt", diag);
  analyze(net);
  REQUIRE(diag.warnings().size() == 1);
  CHECK(diag.warnings()[0] ==
        "twice.prototxt:4:15: warning: ReLU 'relu': layer name 'relu' is used twice; this one is "
        "called 'relu_2'");
  CHECK(net.inputs(layer_index(net, "relu_2")).front() == layer_index(net, "relu"));
  CHECK(net.totals(false).cost.other_ops == 384);  // 2 × 192 elements
}
