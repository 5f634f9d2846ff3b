// analyze --batch, --dtype and --input, and bundled networks found by name.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "helpers.hpp"

using namespace archcalc::test;
using nlohmann::json;

namespace {
json analysis(std::vector<std::string> extra, const std::string& net = "resnet50") {
  std::vector<std::string> args = {"analyze", net, "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  CliResult r = run_cli(args);
  INFO(r.err);
  REQUIRE(r.code == 0);
  return json::parse(r.out);
}
}  // namespace

TEST_CASE("counting: a bundled network is found by its name", "[counting]") {
  json j = analysis({});
  CHECK(j["totals"]["params"] == 25'557'032);
  CHECK(j["totals"]["macs"] == 4'089'184'256ULL);
  CHECK(analysis({}, "modules/inception_naive")["totals"]["macs"] == 303'464'448);
  CliResult r = run_cli({"analyze", "resnet5"});
  CHECK(r.code == 2);
  CHECK(r.err.find("resnet5") != std::string::npos);
}

TEST_CASE("counting: --input sets the resolution; counts stay exact", "[counting]") {
  // 160 = 224·5/7 and every ResNet-50 map divides exactly (80, 40, 20, 10, 5 against
  // 112, 56, 28, 14, 7), so every conv costs 25/49 of its 224×224 MACs; the fc
  // (2048·1000) does not change: (4,089,184,256 − 2,048,000)·25/49 + 2,048,000.
  // tests/reference/resolution_figures.py gets the same from torchvision.
  json j = analysis({"--input", "3x160x160"});
  CHECK(j["input_shape"] == json::array({3, 160, 160}));
  CHECK(j["totals"]["params"] == 25'557'032);
  CHECK(j["totals"]["macs"] == 2'087'321'600ULL);
  CHECK(j["layers"].back()["output_shape"] == json::array({1000}));
  // ResNet-18 at 3×96×128: every map 12/49 of its 224×224 area (48×64 against 112×112,
  // down to 3×4 against 7×7): (1,814,073,344 − 512,000)·12/49 + 512,000.
  json r18 = analysis({"--input", "3x96x128"}, "resnet18");
  CHECK(r18["totals"]["params"] == 11'689'512);
  CHECK(r18["totals"]["macs"] == 444'649'472);

  CliResult bad = run_cli({"analyze", "resnet50", "--input", "3x0x160"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("--input: expects sizes >= 1 such as 3x160x160, got '3x0x160'") !=
        std::string::npos);
  bad = run_cli({"analyze", "resnet50", "--input", "160x160"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("the network's input is 3x224x224 (3 sizes); got '160x160'") !=
        std::string::npos);
  // Too small for the network: its own error, with the layer.
  bad = run_cli({"analyze", "vgg16", "--input", "3x16x16"});
  CHECK(bad.code == 2);
  CHECK(bad.err.find("error:") != std::string::npos);
}

TEST_CASE("counting: --batch scales MACs, activations and the step; --dtype the bytes",
          "[counting]") {
  json one = analysis({});
  json eight = analysis({"--batch", "8"});
  CHECK(one["batch"] == 1);
  CHECK(eight["batch"] == 8);
  CHECK(eight["totals"]["params"] == one["totals"]["params"]);
  CHECK(eight["totals"]["weight_bytes"] == one["totals"]["weight_bytes"]);
  CHECK(eight["totals"]["macs"] == 32'713'474'048ULL);  // 8 × 4,089,184,256
  CHECK(eight["totals"]["activation_elements"] ==
        8 * one["totals"]["activation_elements"].get<long long>());
  CHECK(eight["peak_memory"]["no_in_place"]["bytes"] ==
        8 * one["peak_memory"]["no_in_place"]["bytes"].get<long long>());

  json fp16 = analysis({"--dtype", "fp16"});
  CHECK(fp16["bytes_per_element"] == 2);
  CHECK(fp16["dtype"] == "fp16");
  CHECK(one["bytes_per_element"] == 4);
  // ResNet-50: 25,557,032 params + 53,120 batch-norm running statistics.
  CHECK(one["totals"]["weight_bytes"] == 4 * (25'557'032 + 53'120));
  CHECK(fp16["totals"]["weight_bytes"] == 2 * (25'557'032 + 53'120));
  CHECK(analysis({"--dtype", "int8"})["totals"]["weight_bytes"] == 25'557'032 + 53'120);
  CHECK(fp16["totals"]["activation_bytes"] ==
        2 * one["totals"]["activation_elements"].get<long long>());

  // The training step: backward MACs and saved activations scale with the batch,
  // gradients and optimizer state do not.
  json t1 = analysis({"--mode", "training"});
  json t4 = analysis({"--mode", "training", "--batch", "4", "--dtype", "bf16"});
  const json &s1 = t1["training_step"], &s4 = t4["training_step"];
  CHECK(s4["backward_macs"] == 4 * s1["backward_macs"].get<long long>());
  CHECK(s4["saved_elements"] == 4 * s1["saved_elements"].get<long long>());
  CHECK(s4["saved_bytes"] == 2 * s1["saved_bytes"].get<long long>());  // ×4 samples, ÷2 bytes
  CHECK(s1["gradient_bytes"] == 4 * 25'557'032);
  CHECK(s4["gradient_bytes"] == 2 * 25'557'032);

  // The table's header and conventions say how it was counted.
  CliResult table = run_cli({"analyze", "lenet5", "--batch", "8", "--dtype", "fp16"});
  CHECK(table.out.find(" · inference · batch 8 · fp16\n") != std::string::npos);
  CHECK(table.out.find("Memory at fp16 (2 bytes per element); batch size 8") != std::string::npos);
  CliResult usage = run_cli({"analyze", "lenet5", "--dtype", "fp8"});
  CHECK(usage.code == 2);
}
