// Caffe prototxt import (docs/import.md): the text format, every supported
// layer type on small hand-worked networks, phases and training-only branches,
// and the published zoo definitions against archcalc's own YAML.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "import_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

// Every supported layer type in the modern `layer { type: "..." }` form.
const char* kSmall = R"(name: "small"
input: "data"
input_shape { dim: 1 dim: 3 dim: 16 dim: 16 }
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
  convolution_param { num_output: 8 kernel_h: 3 kernel_w: 5 pad_h: 1 pad_w: 2 stride: 2 } }
layer { name: "bn1" type: "BatchNorm" bottom: "conv1" top: "conv1" }
layer { name: "scale1" type: "Scale" bottom: "conv1" top: "conv1" scale_param { bias_term: true } }
layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
layer { name: "split" type: "Split" bottom: "conv1" top: "a" top: "b" }
layer { name: "branch" type: "Convolution" bottom: "a" top: "branch"
  convolution_param { num_output: 8 kernel_size: 3 pad: 2 dilation: 2 group: 4 bias_term: false } }
layer { name: "sum" type: "Eltwise" bottom: "branch" bottom: "b" top: "sum" }
layer { name: "cat" type: "Concat" bottom: "sum" bottom: "b" top: "cat" }
layer { name: "pool" type: "Pooling" bottom: "cat" top: "pool"
  pooling_param { pool: MAX kernel_size: 3 stride: 2 } }
layer { name: "gap" type: "Pooling" bottom: "pool" top: "gap"
  pooling_param { pool: AVE global_pooling: true } }
layer { name: "flat" type: "Flatten" bottom: "gap" top: "flat" }
layer { name: "fc" type: "InnerProduct" bottom: "flat" top: "fc" inner_product_param { num_output: 10 } }
layer { name: "drop" type: "Dropout" bottom: "fc" top: "fc" dropout_param { dropout_ratio: 0.3 } }
layer { name: "prob" type: "Softmax" bottom: "fc" top: "prob" }
)";

// A training net: two Data layers by phase, an auxiliary classifier that only
// feeds a loss, a TRAIN-only layer, and a TEST-only accuracy.
const char* kTrainVal = R"(name: "tv"
layer { name: "data" type: "Data" top: "data" top: "label" include { phase: TRAIN }
  transform_param { crop_size: 8 mirror: true } data_param { source: "train_lmdb" batch_size: 32 } }
layer { name: "data" type: "Data" top: "data" top: "label" include { phase: TEST }
  transform_param { crop_size: 8 } }
layer { name: "conv" type: "Convolution" bottom: "data" top: "conv"
  convolution_param { num_output: 4 kernel_size: 3 } }
layer { name: "aux_fc" type: "InnerProduct" bottom: "conv" top: "aux_fc"
  inner_product_param { num_output: 2 } }
layer { name: "aux_loss" type: "SoftmaxWithLoss" bottom: "aux_fc" bottom: "label" top: "aux_loss"
  loss_weight: 0.3 }
layer { name: "aux_fc2" type: "InnerProduct" bottom: "conv" top: "aux_fc2" include { phase: TRAIN }
  inner_product_param { num_output: 1 bias_term: false } }
layer { name: "fc" type: "InnerProduct" bottom: "conv" top: "fc" inner_product_param { num_output: 3 } }
layer { name: "loss" type: "SoftmaxWithLoss" bottom: "fc" bottom: "label" top: "loss" }
layer { name: "acc" type: "Accuracy" bottom: "fc" bottom: "label" top: "acc" include { phase: TEST } }
)";

}  // namespace

TEST_CASE("caffe: every supported layer type, counted by hand", "[import][caffe]") {
  Network net = analyzed_prototxt(kSmall);
  // conv1: H (16 + 2 − 3)/2 + 1 = 8, W (16 + 4 − 5)/2 + 1 = 8; 8·3·3·5 = 360 weights + 8 bias.
  CHECK(layer_named(net, "conv1").out == Shape{{8, 8, 8}});
  CHECK(layer_named(net, "conv1").cost.params() == 368);
  CHECK(layer_named(net, "conv1").cost.macs == 23040);  // 8·8·8·45
  // BatchNorm + Scale: one batch norm, γ/β trainable, mean/var buffers.
  CHECK(layer_named(net, "bn1").cost.affine == 16);
  CHECK(layer_named(net, "bn1").cost.buffers == 16);
  CHECK_THROWS(layer_named(net, "scale1"));
  // Dilation 2 spans 5: (8 + 4 − 5) + 1 = 8; groups 4: 8·2·9 = 144 weights.
  CHECK(layer_named(net, "branch").out == Shape{{8, 8, 8}});
  CHECK(layer_named(net, "branch").cost.params() == 144);
  CHECK(layer_named(net, "branch").cost.macs == 9216);
  CHECK(std::holds_alternative<Add>(layer_named(net, "sum").op));
  CHECK(layer_named(net, "cat").out == Shape{{16, 8, 8}});
  // Caffe rounds pooling up: ceil((8 − 3)/2) + 1 = 4 (floor would give 3).
  CHECK(layer_named(net, "pool").out == Shape{{16, 4, 4}});
  CHECK(layer_named(net, "pool").cost.other_ops == 2304);  // 256 outputs × 9
  CHECK(layer_named(net, "gap").out == Shape{{16, 1, 1}});
  CHECK(layer_named(net, "fc").cost.params() == 170);
  CHECK(std::get<Dropout>(layer_named(net, "drop").op).rate == 0.3);

  const Totals& t = net.totals(false);
  CHECK(t.cost.params() == 698);  // 368 + 16 + 144 + 170
  CHECK(t.cost.buffers == 16);
  CHECK(t.cost.macs == 32416);  // 23,040 + 9,216 + 160
  // bias 512 + bn 1,024 + relu 512 + add 512 + pool 2,304 + gap 256 + fc bias 10 + softmax 30
  CHECK(t.cost.other_ops == 5160);
  CHECK(t.layers == 12);  // Scale merges into bn1, Split is no layer
  CHECK(net.title == "small");
}

TEST_CASE("caffe: a training net's phases and auxiliary branches", "[import][caffe][phase]") {
  Network net = analyzed_prototxt(kTrainVal);
  CHECK(net.layer(net.order.front()).out == Shape{{3, 8, 8}});  // Data: 3 channels × crop_size
  CHECK_FALSE(layer_named(net, "fc").train_only);
  CHECK(layer_named(net, "aux_fc").train_only);   // leads only to a loss
  CHECK(layer_named(net, "aux_fc2").train_only);  // include { phase: TRAIN }
  CHECK_THROWS(layer_named(net, "loss"));         // losses and accuracies are not layers
  CHECK_THROWS(layer_named(net, "acc"));
  // conv 4·27 + 4 = 112; fc 144·3 + 3 = 435; aux_fc 144·2 + 2 = 290; aux_fc2 144.
  CHECK(net.totals(false).cost.params() == 547);
  CHECK(net.totals(false).cost.macs == 4320);
  CHECK(net.totals(true).cost.params() == 981);
  CHECK(net.totals(true).cost.macs == 4752);
}

TEST_CASE("caffe: text format details", "[import][caffe][text]") {
  // Comments, '<' '>' messages, ':' before '{', commas, a list value, and
  // adjacent strings joined.
  Network net = analyzed_prototxt(R"(# a comment
input: "da" "ta"  # joined: "data"
input_dim: [1, 3, 8, 8]
layer: < name: 'c' type: "Convolution", bottom: "data"; top: "c"
  convolution_param: { num_output: 2 kernel_size: 1 bias_term: false } >
)");
  CHECK(layer_named(net, "c").cost.params() == 6);
  CHECK(layer_named(net, "data").out == Shape{{3, 8, 8}});
}

TEST_CASE("caffe: an Input layer, leaky ReLU, sigmoid and tanh", "[import][caffe]") {
  Network net = analyzed_prototxt(R"(
layer { name: "in" type: "Input" top: "x" input_param { shape { dim: 1 dim: 4 } } }
layer { name: "l" type: "ReLU" bottom: "x" top: "l" relu_param { negative_slope: 0.2 } }
layer { name: "s" type: "Sigmoid" bottom: "l" top: "s" }
layer { name: "t" type: "TanH" bottom: "s" top: "t" }
)");
  CHECK(std::get<LeakyRelu>(layer_named(net, "l").op).alpha == 0.2);
  CHECK(std::holds_alternative<Sigmoid>(layer_named(net, "s").op));
  CHECK(std::holds_alternative<Tanh>(layer_named(net, "t").op));
  CHECK(net.totals(false).cost.other_ops == 12);
}

TEST_CASE("caffe: bvlc_alexnet deploy gives alexnet.yaml's totals", "[import][caffe][zoo]") {
  Network caffe = analyzed_file("tests/data/caffe/bvlc_alexnet_deploy.prototxt");
  Network yaml = analyzed_file("architectures/alexnet.yaml");
  CHECK(caffe.totals(false).cost.params() == 60965224);
  CHECK(caffe.totals(false).cost.macs == 724406816);
  CHECK(caffe.totals(false).cost.params() == yaml.totals(false).cost.params());
  CHECK(caffe.totals(false).cost.macs == yaml.totals(false).cost.macs);
  // The deploy file ends with its 'prob' softmax (3 ops × 1,000), which alexnet.yaml leaves out.
  CHECK(caffe.totals(false).cost.other_ops == yaml.totals(false).cost.other_ops + 3000);
  CHECK(caffe.totals(false).weighted_layers == 8);
}

TEST_CASE("caffe: bvlc_googlenet deploy gives googlenet.yaml's totals exactly",
          "[import][caffe][zoo]") {
  Network caffe = analyzed_file("tests/data/caffe/bvlc_googlenet_deploy.prototxt");
  Network yaml = analyzed_file("architectures/googlenet.yaml");
  CHECK(caffe.totals(false).cost.params() == 6998552);
  CHECK(caffe.totals(false).cost.macs == 1582671872);
  CHECK_FALSE(same_totals(caffe, yaml));  // in training: the YAML's auxiliary classifiers
  const Totals& a = caffe.totals(false);
  const Totals& b = yaml.totals(false);
  CHECK(a.cost.weights == b.cost.weights);
  CHECK(a.cost.bias == b.cost.bias);
  CHECK(a.cost.macs == b.cost.macs);
  CHECK(a.cost.other_ops == b.cost.other_ops);  // both end with the 'prob' softmax
  CHECK(a.activation_elements == b.activation_elements);
  CHECK(a.layers == b.layers);
  CHECK(a.weighted_layers == 58);
  // Name paths become blocks: "inception_3a/1x1" is layer 1x1 of block inception_3a.
  const BlockInstance& caffe_3a = block_named(caffe, "inception_3a");
  const BlockInstance& yaml_3a = block_named(yaml, "inception_3a");
  CHECK(caffe_3a.inference.cost.params() == 163696);  // 163,328 weights + 368 biases
  CHECK(caffe_3a.inference.cost.params() == yaml_3a.inference.cost.params());
  CHECK(caffe_3a.inference.cost.macs == yaml_3a.inference.cost.macs);
  CHECK(layer_named(caffe, "inception_3a/1x1").block ==
        static_cast<int>(&caffe_3a - caffe.blocks.data()));
}

TEST_CASE("caffe: the published ResNet-50 against resnet50_v1.yaml", "[import][caffe][zoo]") {
  Network caffe = analyzed_file("tests/data/caffe/ResNet-50-deploy.prototxt");
  Network yaml = analyzed_file("architectures/resnet50_v1.yaml");
  const Cost& a = caffe.totals(false).cost;
  const Cost& b = yaml.totals(false).cost;
  CHECK(a.macs == 3857973248);
  CHECK(a.macs == b.macs);
  CHECK(a.weights == b.weights);
  CHECK(a.affine == b.affine);  // BatchNorm + Scale pairs: γ/β 53,120
  CHECK(a.buffers == b.buffers);
  // The released Caffe model's conv1 has a bias (64), which torchvision's and
  // resnet50_v1.yaml's conv1 do not: 25,557,096 params against 25,557,032.
  CHECK(a.params() == 25557096);
  CHECK(a.bias == b.bias + 64);
  // Other ops: conv1's bias adds (64·112·112) and the 'prob' softmax (3·1,000).
  CHECK(a.other_ops == b.other_ops + 64 * 112 * 112 + 3000);
  CHECK(caffe.totals(false).weighted_layers == 54);
  // Caffe's pool1 (3×3/2, no padding, ceil) gives 56×56 as the YAML's (pad 1, floor).
  CHECK(layer_named(caffe, "pool1").out == Shape{{64, 56, 56}});
}

TEST_CASE("caffe: compare reports the two AlexNets' params and MACs equal",
          "[import][caffe][cli]") {
  CliResult r =
      run_cli({"compare", source_path("architectures/alexnet.yaml"),
               source_path("tests/data/caffe/bvlc_alexnet_deploy.prototxt"), "--format", "json"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["totals"]["params"]["difference"] == 0);
  CHECK(j["totals"]["macs"]["difference"] == 0);
  CHECK(j["totals"]["other_ops"]["difference"] == 3000);

  r = run_cli({"compare", source_path("architectures/googlenet.yaml"),
               source_path("tests/data/caffe/bvlc_googlenet_deploy.prototxt"), "--format", "json"});
  REQUIRE(r.code == 0);
  j = nlohmann::json::parse(r.out);
  for (const char* key : {"params", "macs", "other_ops", "activation_elements"}) {
    CHECK(j["totals"][key]["difference"] == 0);
  }
  CHECK(j["drop_in"] == true);
}

TEST_CASE("caffe: convert writes YAML with the same totals", "[import][caffe][convert]") {
  for (const char* text : {kSmall, kTrainVal}) {
    auto path = std::filesystem::temp_directory_path() / "archcalc_caffe_convert.prototxt";
    std::ofstream(path) << text;
    Diagnostics diag;
    Network source = load_network_file(path.string(), LoadOptions{}, diag);
    analyze(source);
    Network yaml = converted(path.string());
    CHECK(same_totals(source, yaml));
    std::filesystem::remove(path);
  }
  Network alex = converted(source_path("tests/data/caffe/bvlc_alexnet_deploy.prototxt"));
  CHECK(alex.totals(false).cost.params() == 60965224);
  CHECK(alex.totals(false).cost.macs == 724406816);
}

TEST_CASE("caffe: convert prints what it wrote", "[import][caffe][convert]") {
  auto out = std::filesystem::temp_directory_path() / "archcalc_alexnet_converted.yaml";
  std::string src = source_path("tests/data/caffe/bvlc_alexnet_deploy.prototxt");
  CliResult r = run_cli({"convert", src, "-o", out.string()});
  CHECK(r.code == 0);
  CHECK(r.out == "wrote " + out.string() + ": 23 layers, 60,965,224 params, 724,406,816 MACs (as " +
                     src + ")\n");
  std::ifstream in(out);
  std::string first, second;
  std::getline(in, first);
  std::getline(in, second);
  CHECK(first == "# AlexNet");
  std::filesystem::remove(out);
}

TEST_CASE("caffe: --set is refused, the file has no parameters", "[import][caffe][cli]") {
  std::string src = source_path("tests/data/caffe/bvlc_alexnet_deploy.prototxt");
  CliResult r = run_cli({"analyze", src, "--set", "classes=10"});
  CHECK(r.code == 2);
  CHECK(r.err == src + ": error: --set classes: no such parameter; the file declares none\n");
}
