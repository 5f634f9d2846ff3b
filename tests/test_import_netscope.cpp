// Netscope's preset networks (tests/data/netscope, see its README) load and
// count as Caffe runs them. The expected params and MACs are counted apart
// from archcalc by tests/data/netscope/count_caffe.py (Caffe's formulas in
// Python), and agree with the published figures or the bundled YAML network
// named beside each.
#include <catch2/catch.hpp>

#include "import_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

struct Preset {
  const char* file;
  Count params, macs;
};

// count_caffe.py's figures, file by file.
constexpr Preset kPresets[] = {
    {"vgg-16", 138357544, 15470264320},           // `type: "data"` with input_param
    {"ethereon-vgg-16", 138357544, 15470264320},  // V1 layers, input_dim
    {"alexnet", 60965224, 724406816},             // train_val, Data with crop_size
    {"caffenet", 60965224, 724406816},            // pool before norm: the same counts
    {"googlenet", 6998552, 1599884032},           // Data with input_param, 227×227
    {"ethereon-googlenet", 6998552, 1582671872},  // input_shape, 224×224
    {"nin", 7595176, 1100188800},                 //
    {"ethereon-nin", 7595176, 1100188800},        //
    {"squeezenet", 1248424, 861339936},           // v1.0, 227×227; conv10 has pad 1
    {"squeezenet_v11", 1235496, 387747520},       // v1.1, 227×227
    {"sq11b2a_e3", 3729352, 613941248},           // a SqueezeNet variant, 256×256
    {"zynqnet", 2528800, 529301504},              // 256×256
    {"YOLO", 271703550, 20285153280},             // 448×448, leaky ReLU
    {"fcn-8s-pascal", 134489780, 181529034048},   // Deconvolution and Crop, 500×500
    {"ethereon-fcn-8s-pascal", 134489780, 181529034048},
    {"resnet-50", 25557096, 3857973248},  // conv1 with bias: torchvision's + 64
};

}  // namespace

TEST_CASE("netscope: every preset that maps onto archcalc's ops loads with its figures",
          "[import][caffe][netscope]") {
  for (const Preset& p : kPresets) {
    INFO(p.file);
    Network net = analyzed_file(std::string("tests/data/netscope/") + p.file + ".prototxt");
    CHECK(net.totals(false).cost.params() == p.params);
    CHECK(net.totals(false).cost.macs == p.macs);
  }
}

TEST_CASE("netscope: presets against the bundled YAML networks", "[import][caffe][netscope]") {
  // VGG-16 both ways: torchvision's 138,357,544 params and 15,470,264,320 MACs.
  Network yaml = analyzed_file("architectures/vgg16.yaml");
  for (const char* f : {"vgg-16", "ethereon-vgg-16"}) {
    Network caffe = analyzed_file(std::string("tests/data/netscope/") + f + ".prototxt");
    CHECK(caffe.totals(false).cost.params() == yaml.totals(false).cost.params());
    CHECK(caffe.totals(false).cost.macs == yaml.totals(false).cost.macs);
    CHECK(caffe.totals(false).weighted_layers == 16);
  }
  // NIN and SqueezeNet: the same params as nin.yaml, squeezenet1_0.yaml and
  // squeezenet1_1.yaml (torchvision's 1,248,424 and 1,235,496).
  CHECK(analyzed_file("tests/data/netscope/nin.prototxt").totals(false).cost.params() ==
        analyzed_file("architectures/nin.yaml").totals(false).cost.params());
  CHECK(analyzed_file("tests/data/netscope/squeezenet.prototxt").totals(false).cost.params() ==
        analyzed_file("architectures/squeezenet1_0.yaml").totals(false).cost.params());
  CHECK(analyzed_file("tests/data/netscope/squeezenet_v11.prototxt").totals(false).cost.params() ==
        analyzed_file("architectures/squeezenet1_1.yaml").totals(false).cost.params());
}

TEST_CASE("netscope: FCN-8s's deconvolutions and crops", "[import][caffe][netscope]") {
  Network net = analyzed_file("tests/data/netscope/fcn-8s-pascal.prototxt");
  // conv1_1 pads 100: (500 + 200 − 3) + 1 = 698; five 2×2/2 ceil pools: 349,
  // 175, 88, 44, 22; fc6 7×7: 16; fc7, score 1×1: 16.
  CHECK(layer_named(net, "score-fr").out == Shape{{21, 16, 16}});
  // score2: 4×4/2 deconvolution, (16 − 1)·2 + 4 = 34, with a bias (the default).
  const Layer& score2 = layer_named(net, "score2");
  CHECK(std::holds_alternative<ConvTranspose>(score2.op));
  CHECK(score2.out == Shape{{21, 34, 34}});
  CHECK(score2.cost.params() == 7077);  // 21·21·16 + 21
  // The output: upsample, a 16×16/8 deconvolution of the 70×70 fuse, (70 − 1)·8 + 16 = 568,
  // cropped to the data's 500×500.
  CHECK(layer_named(net, "upsample").out == Shape{{21, 568, 568}});
  CHECK(layer_named(net, "crop_3/w").out == Shape{{21, 500, 500}});  // the third 'crop'
  CHECK(net.layer(*net.blocks[0].output).out == Shape{{21, 500, 500}});
}

TEST_CASE("netscope: --input is refused where the file's input sized a crop",
          "[import][caffe][netscope][cli]") {
  CliResult r = run_cli({"analyze", source_path("tests/data/netscope/fcn-8s-pascal.prototxt"),
                         "--input", "3x224x224"});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("layer 'crop/h' was sized from the file's input when it was imported") !=
        std::string::npos);
  // A file without such layers takes another input size.
  r = run_cli({"analyze", source_path("tests/data/netscope/vgg-16.prototxt"), "--input", "3x32x32",
               "--format", "csv"});
  CHECK(r.code == 0);
}
