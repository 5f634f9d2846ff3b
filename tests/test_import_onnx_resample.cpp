// ONNX import of ConvTranspose and of Resize as the upsample op, on models
// PyTorch exported (tests/data/import/gen_resample.py writes them and prints
// PyTorch's own figures).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "import_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("onnx: transposed convolutions and resizes of a decoder, exact",
          "[import][onnx][resample]") {
  // On 3×8×8: conv 3→8 3x3 pad 1; transposed conv 8→4 3x3/2, pad 1,
  // output_padding 1: (8 − 1)·2 − 2 + 3 + 1 = 16; nearest ×2 (scale_factor);
  // conv 4→2 1x1; bilinear to 64×64 and then to twice its own size (both
  // Resize sizes computed from the model's shapes); grouped transposed conv
  // 2→2 2x2/2, no bias.
  Network net = analyzed_file("tests/data/import/decoder.onnx");
  const Layer& up1 = layer_named(net, "/up1/ConvTranspose");
  CHECK(op_label(up1.op) == "conv_transpose 3×3/2");
  CHECK(up1.out.str() == "4×16×16");
  CHECK(up1.cost.macs == 8 * 8 * 8 * 4 * 9);  // input elements · out/groups · kernel
  CHECK(up1.cost.params() == 8 * 4 * 9 + 4);
  const Layer& nearest = layer_named(net, "/Resize");
  CHECK(op_label(nearest.op) == "nearest ×2");
  CHECK(nearest.out.str() == "4×32×32");
  CHECK(nearest.cost.other_ops == 0);
  const Layer& to64 = layer_named(net, "/Resize_1");
  CHECK(op_label(to64.op) == "bilinear ×2");
  CHECK(to64.out.str() == "2×64×64");
  CHECK(to64.cost.other_ops == 4 * 2 * 64 * 64);
  const Layer& twice = layer_named(net, "/Resize_2");
  CHECK(twice.out.str() == "2×128×128");
  CHECK(twice.cost.other_ops == 4 * 2 * 128 * 128);
  const Layer& up2 = layer_named(net, "/up2/ConvTranspose");
  CHECK(op_label(up2.op) == "conv_transpose 2×2/2 g2");
  CHECK(up2.out.str() == "2×256×256");
  CHECK(up2.cost.macs == 2 * 128 * 128 * 1 * 4);
  CHECK(up2.cost.params() == 8);
  // PyTorch's figures (gen_resample.py): 534 params; 171,520 MACs of its
  // Conv2d and ConvTranspose2d layers.
  const Cost& total = net.totals(false).cost;
  CHECK(total.params() == 534);
  CHECK(total.macs == 171520);
  // YAML written by `convert` counts the same.
  CHECK(same_totals(net, converted(source_path("tests/data/import/decoder.onnx"))));
}

TEST_CASE("onnx: a resize upsample cannot stand for is an error that says why",
          "[import][onnx][resample]") {
  struct Case {
    const char* rel;
    std::string error;
  };
  const std::vector<Case> cases{
      {"tests/data/import/resize_align_corners.onnx",
       "node '/Resize' (Resize): linear resampling with coordinate_transformation_mode "
       "align_corners (upsample's bilinear is half_pixel or pytorch_half_pixel: "
       "align_corners=False); --allow-unknown reports it as an uncounted row"},
      {"tests/data/import/resize_fractional.onnx",
       "node '/Resize' (Resize): a resize of H and W by other than one whole factor (upsample "
       "multiplies both by it); --allow-unknown reports it as an uncounted row"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.rel) {
      const std::string path = source_path(c.rel);
      CliResult r = run_cli({"analyze", path});
      CHECK(r.code == 2);
      CHECK(r.out.empty());
      CHECK(r.err == path + ": error: " + c.error + "\n");
    }
  }
  // Uncounted with --allow-unknown, its shape from ONNX's inference (4×4 by 1.5).
  const std::string path = source_path("tests/data/import/resize_fractional.onnx");
  CliResult r = run_cli({"analyze", path, "--allow-unknown", "--format", "json"});
  CHECK(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["incomplete"]["text"] == "incomplete: 1 layer not counted (op Resize)");
  CHECK(j["layers"].back()["output_shape"] == nlohmann::json::array({2, 6, 6}));
}

TEST_CASE("onnx: Upsample of opset 9 and a dilated transposed convolution",
          "[import][onnx][resample]") {
  // 2×4×4, nearest ×3 (Upsample, scales as its input), then a transposed conv
  // 2→4 3x3/2, dilation 2, pads 1: (12 − 1)·2 − 2 + 2·(3 − 1) + 1 = 25, the
  // shape the model declares for its output.
  Network net = analyzed_file("tests/data/import/older_resampling.onnx");
  const Layer& up = layer_named(net, "up");
  CHECK(op_label(up.op) == "nearest ×3");
  CHECK(up.out.str() == "2×12×12");
  const Layer& ct = layer_named(net, "ct");
  CHECK(op_label(ct.op) == "conv_transpose 3×3/2,d2");
  CHECK(ct.out.str() == "4×25×25");
  CHECK(ct.cost.macs == 2 * 12 * 12 * 4 * 9);
  CHECK(ct.cost.params() == 2 * 4 * 9);
  CHECK(net.totals(false).cost.macs == 10368);
}
