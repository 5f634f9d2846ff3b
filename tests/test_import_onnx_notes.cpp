// What the ONNX importer says beside its figures: the params PyTorch's
// exporter changed (batch norms folded into convs, relative position biases
// written gathered; gen_position_bias.py writes torchvision's own Swin and
// MaxViT classes, small), and an unknown op's output shape from ONNX's shape
// inference when the model declares none.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "import_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

// The warning line archcalc writes for a file whose relative position biases
// the exporter gathered (w = 3 windows: 81 values per head, the table 25).
std::string gathered_bias_note(int attentions, int heads) {
  return "params are higher by " + std::to_string(heads * (81 - 25)) +
         " than the PyTorch model's: its exporter wrote the relative position biases of " +
         std::to_string(attentions) + " attentions already gathered from their tables (" +
         std::to_string(heads) + " heads: [heads, N, N], " + std::to_string(heads * 81) +
         " values) instead of the tables ((2w − 1)² × heads for w × w windows, N = w², " +
         std::to_string(heads * 25) + " values)";
}

}  // namespace

TEST_CASE("onnx: Swin's gathered relative position biases are named, exactly",
          "[import][onnx][notes]") {
  // PyTorch: 6,310 params, 114,496 MACs. Three attentions of 1, 1 and 2 heads
  // over 3 × 3 windows: the file holds 4 · 81 values where the model's tables
  // hold 4 · 25, 224 more.
  const std::string path = "tests/data/import/tv_swin_bias.onnx";
  CliResult r = run_cli({"analyze", path, "--format", "json"});
  CHECK(r.code == 0);
  const std::string note = gathered_bias_note(3, 4);
  CHECK(r.err == path + ": warning: " + note + "\n");
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["totals"]["params"] == 6310 + 224);
  CHECK(j["totals"]["macs"] == 114496);
  CHECK(j["notes"] == nlohmann::json::array({note}));
  // The table says it on the same run's stderr.
  r = run_cli({"analyze", path});
  CHECK(r.code == 0);
  CHECK(r.err == path + ": warning: " + note + "\n");
}

TEST_CASE("onnx: MaxViT's gathered biases and folded batch norms, both named",
          "[import][onnx][notes]") {
  // PyTorch: 11,064 params, 123,904 MACs. The exporter folded 3 batch norms
  // (8 + 64 + 64 channels: 136 params fewer) and gathered the biases of a
  // block and a grid attention of 2 heads each (224 more): 11,152 in the file.
  const std::string path = "tests/data/import/tv_maxvit_bias.onnx";
  CliResult r = run_cli({"analyze", path, "--format", "json"});
  CHECK(r.code == 0);
  const std::string folded =
      "params are lower by 136 than the PyTorch model's, or by 272 if those convs had a bias of "
      "their own (VGG's with batch norm): its exporter folded 3 batch norms into the convs before "
      "them (a norm's γ and β, 2 per channel, and the conv's own bias if any became one conv "
      "bias, 1 per channel); export with training=torch.onnx.TrainingMode.PRESERVE to keep them";
  const std::string gathered = gathered_bias_note(2, 4);
  CHECK(r.err == path + ": warning: " + folded + "\n" + path + ": warning: " + gathered + "\n");
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["totals"]["params"] == 11064 - 136 + 224);
  CHECK(j["totals"]["macs"] == 123904);
  CHECK(j["notes"] == nlohmann::json::array({folded, gathered}));
}

TEST_CASE("onnx: an unknown op's output shape from ONNX's shape inference",
          "[import][onnx][unknown]") {
  // conv 3→16 3x3 on 10×10, DepthToSpace with blocks of 2 (not known to
  // archcalc, its output not declared), conv 4→2 1x1: ONNX's inference gives
  // [1, 4, 16, 16], so the second conv counts 2·16·16·4 = 2,048 MACs; the
  // first 16·8·8·27 = 27,648.
  const std::string path = source_path("tests/data/import/unknown_inferred.onnx");
  CliResult r = run_cli({"analyze", path, "--allow-unknown", "--format", "json"});
  CHECK(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["totals"]["macs"] == 27648 + 2048);
  CHECK(j["totals"]["params"] == 432 + 8);
  CHECK(j["incomplete"]["text"] == "incomplete: 1 layer not counted (op DepthToSpace)");
  bool found = false;
  for (const auto& row : j["layers"]) {
    if (row["name"] != "up") continue;
    found = true;
    CHECK(row["op"] == "unknown");
    CHECK(row["output_shape"] == nlohmann::json::array({4, 16, 16}));
  }
  CHECK(found);
  CHECK(!j.contains("notes"));
  // Without the flag the op is an error.
  r = run_cli({"analyze", path});
  CHECK(r.code == 2);
  CHECK(r.err.rfind(path + ": error: node 'up' (DepthToSpace): unsupported op", 0) == 0);
}
