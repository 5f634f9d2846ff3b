// The receptive-field pass: size, jump and start per axis, checked against
// published figures (VGG-16) and against arithmetic worked out below.
//
// Per axis, a window of kernel k, stride s, dilation d and leading padding p
// on an input field (size r, jump j, start c) gives
//   r' = r + d·(k − 1)·j,   j' = j·s,   c' = c + (d·(k − 1)/2 − p)·j
// with input pixel i centred at i. Starts are kept in half pixels (start2 = 2c).
#include <catch2/catch.hpp>

#include "emit/report.hpp"
#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

// The field of `name`, which must have one.
Field field_of(const Network& net, const std::string& name) {
  const auto& f = layer_named(net, name).field;
  REQUIRE(f.has_value());
  return *f;
}

// A square field: size r, jump j, start c (in half pixels: 2c = start2).
Field square(Count r, Count j, std::int64_t start2, bool global = false) {
  return Field{.h = AxisField{r, j, start2}, .w = AxisField{r, j, start2}, .global = global};
}

}  // namespace

TEST_CASE("receptive field: VGG-16's conv5_3 sees 196×196 and pool5 212×212", "[rf][vgg16]") {
  Network net = analyzed_file("architectures/vgg16.yaml");
  // Thirteen 3×3 convs (pad 1) and five 2×2/2 pools. Stage n's convs add
  // 2·j each with j = 2^(n−1); each pool adds 1·j and doubles j:
  //   stage 1: 1 + 2·2 = 5, pool1 6 (j 2); stage 2: 6 + 2·4 = 14, pool2 16 (j 4);
  //   stage 3: 16 + 3·8 = 40, pool3 44 (j 8); stage 4: 44 + 3·16 = 92, pool4 100
  //   (j 16); stage 5: 100 + 3·32 = 196, pool5 196 + 16 = 212 (j 32).
  // Starts: pad 1 keeps a 3×3 conv centred; each pool adds j/2: 0.5, 1.5,
  // 3.5, 7.5, 15.5 (start2 1, 3, 7, 15, 31).
  CHECK(field_of(net, "conv1_1") == square(3, 1, 0));
  CHECK(field_of(net, "pool1") == square(6, 2, 1));
  CHECK(field_of(net, "conv4_3") == square(92, 8, 7));
  CHECK(field_of(net, "conv5_3") == square(196, 16, 15));
  CHECK(field_of(net, "conv5_3_relu") == square(196, 16, 15));
  CHECK(field_of(net, "pool5") == square(212, 32, 31));
  // fc6 reads all 7×7 units of pool5: 212 + 6·32 = 404, jump 7·32 = 224,
  // centred at 15.5 + 3·32 = 111.5 (the image's centre); marked global.
  CHECK(field_of(net, "fc6") == square(404, 224, 223, true));
  CHECK(field_of(net, "prob") == square(404, 224, 223, true));
}

TEST_CASE("receptive field: AlexNet's conv5 and pool5, worked by hand", "[rf][alexnet]") {
  Network net = analyzed_file("architectures/alexnet.yaml");
  // conv1 11×11/4, no pad: r = 1 + 10 = 11, j = 4, c = 5 (start2 10).
  // pool1 3×3/2:  r = 11 + 2·4 = 19,  j = 8,  c = 5 + 1·4 = 9 (18).
  // conv2 5×5 pad 2: r = 19 + 4·8 = 51, j = 8, c = 9 + (2 − 2)·8 = 9 (18).
  // pool2 3×3/2:  r = 51 + 2·8 = 67,  j = 16, c = 9 + 8 = 17 (34).
  // conv3, conv4, conv5 3×3 pad 1: r = 67 + 3·2·16 = 163, c = 17 (34).
  // pool5 3×3/2:  r = 163 + 2·16 = 195, j = 32, c = 17 + 16 = 33 (66).
  // fc6 over 6×6: r = 195 + 5·32 = 355, j = 6·32 = 192, c = 33 + 2.5·32 = 113 (226).
  CHECK(field_of(net, "conv1") == square(11, 4, 10));
  CHECK(field_of(net, "pool1") == square(19, 8, 18));
  CHECK(field_of(net, "conv2") == square(51, 8, 18));
  CHECK(field_of(net, "pool2") == square(67, 16, 34));
  CHECK(field_of(net, "conv5") == square(163, 16, 34));
  CHECK(field_of(net, "pool5") == square(195, 32, 66));
  CHECK(field_of(net, "fc6") == square(355, 192, 226, true));
}

TEST_CASE("receptive field: ResNet-50's last conv and pool, worked by hand", "[rf][resnet50]") {
  Network net = analyzed_file("architectures/resnet50.yaml");
  // conv1 7×7/2 pad 3: r = 7, j = 2, c = 0 + (3 − 3)·1 = 0.
  // pool1 3×3/2 pad 1: r = 7 + 2·2 = 11, j = 4, c = 0.
  // Bottlenecks: only the 3×3 (pad 1, stride on it) grows the field, by 2·j
  // with the j before its stride; 1×1 convs and the shortcut (field no larger,
  // same centre) leave the union unchanged; c stays 0 throughout.
  //   conv2_x: 3 blocks at j 4:  11 + 3·8 = 35.
  //   conv3_x: 4 blocks at j 4, then 8: 35 + 8 + 3·16 = 91.
  //   conv4_x: 6 blocks: 91 + 16 + 5·32 = 267.
  //   conv5_x: 3 blocks: 267 + 32 + 2·64 = 427, j 32.
  CHECK(field_of(net, "conv2_x/block_3/add") == square(35, 4, 0));
  CHECK(field_of(net, "conv3_x/block_1/add") == square(43, 8, 0));
  CHECK(field_of(net, "conv3_x/block_1/proj") == square(35, 8, 0));
  CHECK(field_of(net, "conv3_x/block_4/relu") == square(91, 8, 0));
  CHECK(field_of(net, "conv4_x/block_6/relu") == square(267, 16, 0));
  CHECK(field_of(net, "conv5_x/block_3/conv3") == square(427, 32, 0));
  CHECK(field_of(net, "conv5_x/block_3/relu") == square(427, 32, 0));
  // pool5 (global over 7×7): r = 427 + 6·32 = 619, j = 7·32 = 224, centred
  // at 3·32 = 96: the units start at pixel 0, so the field leans to the top
  // left of the 224-pixel image (whose centre is 111.5).
  CHECK(field_of(net, "pool5") == square(619, 224, 192, true));
  CHECK(field_of(net, "fc") == square(619, 224, 192, true));
}

TEST_CASE("receptive field: non-square kernels, dilation and per-side padding", "[rf]") {
  Network net = analyzed_text(R"(
name: rf_axes
input: [1, 20, 30]
layers:
  - {name: a, op: conv, out: 2, kernel: [3, 5], stride: [2, 3], dilation: [1, 2], pad: [0, 2, 3, 1]}
  - {name: p, op: maxpool, kernel: [2, 1], stride: [2, 1]}
  - {name: b, op: conv, out: 2, kernel: 3, pad: 2, from: input}
)");
  // a, rows: k 3, s 2, d 1, top pad 0: r = 3, j = 2, c = (2/2 − 0)·1 = 1 (start2 2).
  // a, columns: k 5, s 3, d 2, left pad 3: reach 2·4 = 8, r = 9, j = 3,
  //   c = (8/2 − 3)·1 = 1 (start2 2).
  CHECK(field_of(net, "a") == Field{.h = AxisField{3, 2, 2}, .w = AxisField{9, 3, 2}});
  // p, rows: k 2, s 2: r = 3 + 1·2 = 5, j = 4, c = 1 + (1/2)·2 = 2 (start2 4);
  // columns: k 1, s 1: unchanged.
  CHECK(field_of(net, "p") == Field{.h = AxisField{5, 4, 4}, .w = AxisField{9, 3, 2}});
  // b: pad 2 on a 3×3 reaches one pixel before the image: c = (1 − 2)·1 = −1.
  CHECK(field_of(net, "b") == square(3, 1, -2));
  CHECK(field_start_text(field_of(net, "b")) == "-1, -1");
  CHECK(field_start_text(field_of(net, "p")) == "2, 1");
  CHECK(field_size_text(field_of(net, "a")) == "3×9");
  CHECK(field_jump_text(field_of(net, "a")) == "2×3");
}

TEST_CASE("receptive field: GoogLeNet's inception_3a concat takes its 5×5 branch",
          "[rf][googlenet]") {
  Network net = analyzed_file("architectures/googlenet.yaml");
  // conv1 7×7/2 pad 3: r 7, j 2, c 0. pool1 3×3/2 (ceil, no pad): r 11, j 4,
  // c 0 + 1·2 = 2 (start2 4). conv2 3×3 pad 1: r 11 + 2·4 = 19. pool2 3×3/2:
  // r 19 + 2·4 = 27, j 8, c 2 + 4 = 6 (start2 12).
  CHECK(field_of(net, "pool2") == square(27, 8, 12));
  // Branches, each centred at 6: 1x1 27; 3x3 27 + 2·8 = 43; 5x5 (pad 2)
  // 27 + 4·8 = 59; pool 3×3 then 1x1: 43. The concat sees their union: 59.
  CHECK(field_of(net, "inception_3a/1x1_relu") == square(27, 8, 12));
  CHECK(field_of(net, "inception_3a/3x3_relu") == square(43, 8, 12));
  CHECK(field_of(net, "inception_3a/5x5_relu") == square(59, 8, 12));
  CHECK(field_of(net, "inception_3a/pool_proj_relu") == square(43, 8, 12));
  CHECK(field_of(net, "inception_3a/output") == square(59, 8, 12));
}

TEST_CASE("receptive field: a concat of branches centred apart takes their union", "[rf]") {
  Network net = analyzed_text(R"(
name: rf_union
input: [1, 20, 20]
layers:
  - {name: a, op: conv, out: 1, kernel: 3, pad: [0, 2, 0, 2]}
  - {name: b, op: conv, out: 1, kernel: 3, pad: 1, from: input}
  - {name: c, op: concat, from: [a, b]}
)");
  // a covers pixels 0..2 (centre 1), b covers −1..1 (centre 0): the union
  // −1..2 is 4 pixels centred at 0.5 (start2 1).
  CHECK(field_of(net, "a") == square(3, 1, 2));
  CHECK(field_of(net, "b") == square(3, 1, 0));
  CHECK(field_of(net, "c") == square(4, 1, 1));
}

TEST_CASE("receptive field: a gate broadcast over its map keeps the map's jump", "[rf]") {
  Network net = analyzed_text(R"(
name: rf_gate
input: [1, 16, 16]
layers:
  - {name: a, op: conv, out: 4, kernel: 3, stride: 2, pad: 1}
  - {name: g, op: mean, axes: [1, 2], keepdims: true}
  - {name: s, op: mul, from: [a, g]}
  - {name: b, op: conv, out: 4, kernel: 3, pad: 1}
  - {name: g2, op: mean, axes: [1, 2], keepdims: true}
  - {name: s2, op: mul, from: [b, g2]}
)");
  // a: r 3, j 2, centred at 0. g pools a's 8×8 map: r = 3 + 7·2 = 17, j = 16,
  // centred at 7 (start2 14). s is a's units scaled by the one gate: the
  // union (pixels −1..15) is g's field, but the units step by a's jump 2, not
  // g's 16; b then adds 2·2: r 21.
  CHECK(field_of(net, "a") == square(3, 2, 0));
  CHECK(field_of(net, "g") == square(17, 16, 14, true));
  CHECK(field_of(net, "s") == square(17, 2, 14, true));
  CHECK(field_of(net, "b") == square(21, 2, 14, true));
  // A second gate, over a map that is already global: still a's jump. g2 covers
  // half pixels −6..62 (r 21 + 7·2 = 35, centred at 14), b −6..34.
  CHECK(field_of(net, "g2") == square(35, 16, 28, true));
  CHECK(field_of(net, "s2") == square(35, 2, 28, true));
}

TEST_CASE("receptive field: a vector network has none", "[rf]") {
  Network net = analyzed_text(R"(
name: mlp
input: [100]
layers:
  - {name: fc1, op: fc, out: 10}
)");
  CHECK_FALSE(layer_named(net, "fc1").field.has_value());
  CliResult r =
      run_cli({"analyze", source_path("architectures/lenet5.yaml"), "--rf", "-f", "json"});
  REQUIRE(r.code == 0);
}

TEST_CASE("receptive field: analyze --rf columns, JSON and CSV", "[rf][analyze]") {
  const std::string vgg = source_path("architectures/vgg16.yaml");
  CliResult t = run_cli({"analyze", vgg, "--rf"});
  REQUIRE(t.code == 0);
  CHECK(t.out.find("conv5_3       conv 3×3               512×14×14      2,359,808    462,422,016   "
                   "2.99%    100,352      100,352      196×196    16×16      7.5, 7.5\n") !=
        std::string::npos);
  CHECK(t.out.find("fc6           fc                     4096         102,764,544    102,760,448   "
                   "0.66%      4,096        4,096  404×404 all  224×224  111.5, 111.5\n") !=
        std::string::npos);
  CliResult plain = run_cli({"analyze", vgg});
  CHECK(plain.out.find("196×196") == std::string::npos);

  CliResult j = run_cli({"analyze", vgg, "-f", "json"});
  REQUIRE(j.code == 0);
  auto doc = nlohmann::ordered_json::parse(j.out);
  const auto& pool5 = doc["layers"][31];
  REQUIRE(pool5["name"] == "pool5");
  CHECK(pool5["receptive_field"] ==
        nlohmann::ordered_json{
            {"size", {212, 212}}, {"jump", {32, 32}}, {"start", {15.5, 15.5}}, {"global", false}});

  CliResult c = run_cli({"analyze", vgg, "-f", "csv", "--rf"});
  REQUIRE(c.code == 0);
  CHECK(c.out.find(",rf_h,rf_w,jump_h,jump_w,start_h,start_w,rf_global\n") != std::string::npos);
  CHECK(c.out.find("layer,pool5,maxpool 2×2/2,0,512x7x7,0,0,0,0,0,0,100352,25088,100352,false,"
                   "212,212,32,32,15.5,15.5,false\n") != std::string::npos);
}
