// `archcalc list`: every bundled network with its totals, depth and the
// published figure it is checked against.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "helpers.hpp"

using namespace archcalc::test;

namespace {
nlohmann::json list_json() {
  CliResult r = run_cli({"list", source_path("architectures"), "--format", "json"});
  REQUIRE(r.code == 0);
  REQUIRE(r.err.empty());
  return nlohmann::json::parse(r.out);
}

const nlohmann::json& list_row(const nlohmann::json& rows, const std::string& name) {
  for (const auto& r : rows) {
    if (r["network"] == name) return r;
  }
  FAIL("no row for " << name);
  throw;
}
}  // namespace

TEST_CASE("list: totals and depth of bundled networks", "[list]") {
  nlohmann::json rows = list_json();
  // VGG-16 (torchvision vgg16): 13 conv + 3 fc.
  CHECK(list_row(rows, "vgg16")["params"] == 138'357'544);
  CHECK(list_row(rows, "vgg16")["macs"] == 15'470'264'320ULL);
  CHECK(list_row(rows, "vgg16")["depth"] == 16);
  CHECK(list_row(rows, "vgg16")["published_params"] == "138357544");
  CHECK(list_row(rows, "vgg16")["published_verdict"] == "equal");
  // The paper's rounded 3.8 × 10^9 agrees with the exact 3,857,973,248.
  CHECK(list_row(rows, "resnet50_v1")["published_macs"] == "3.8G");
  CHECK(list_row(rows, "resnet50_v1")["macs"] == 3'857'973'248ULL);
  CHECK(list_row(rows, "resnet50_v1")["published_verdict"] == "agrees");
  // ResNet-50 (torchvision): 1 + 16·3 + 4 projection convs + 1 fc = 54 weighted layers.
  CHECK(list_row(rows, "resnet50")["params"] == 25'557'032);
  CHECK(list_row(rows, "resnet50")["macs"] == 4'089'184'256ULL);
  CHECK(list_row(rows, "resnet50")["depth"] == 54);
  // The modules folder is listed under its path.
  CHECK(list_row(rows, "modules/inception_naive")["macs"] == 303'464'448);
  CHECK(list_row(rows, "modules/bottleneck_128")["params"] == 6'400);
  CHECK(list_row(rows, "lenet5")["input"] == "1×32×32");
}

TEST_CASE("list: the table marks every published figure equal", "[list]") {
  CliResult r = run_cli({"list", source_path("architectures")});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("vgg16") != std::string::npos);
  CHECK(r.out.find("equal: torchvision vgg16") != std::string::npos);
  // No bundled network disagrees with the figure it names.
  CHECK(r.out.find("published ") == std::string::npos);
}

TEST_CASE("list: a folder without networks is bad input", "[list]") {
  CliResult r = run_cli({"list", source_path("src/cli")});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err.find("error:") != std::string::npos);
}

TEST_CASE("list: every ImageNet network records its published accuracy and where it is from",
          "[list]") {
  nlohmann::json rows = list_json();
  for (const auto& r : rows) {
    const std::string name = r["network"];
    // LeNet-5 is an MNIST network; the modules are parts of networks.
    if (name == "lenet5" || name.rfind("modules/", 0) == 0) {
      CHECK_FALSE(r.contains("top1"));
      continue;
    }
    INFO(name);
    REQUIRE(r.contains("top1"));
    CHECK(r["top1"].get<double>() > 50.0);
    CHECK(r["top1"].get<double>() < 100.0);
    CHECK_FALSE(r["accuracy_source"].get<std::string>().empty());
    if (r.contains("top5")) CHECK(r["top5"].get<double>() >= r["top1"].get<double>());
  }
  // torchvision's weight metadata (acc@1, acc@5) and the BVLC readme.
  CHECK(list_row(rows, "resnet50")["top1"] == 76.13);
  CHECK(list_row(rows, "resnet50")["top5"] == 92.862);
  CHECK(list_row(rows, "googlenet")["top1"] == 68.7);
  CHECK(list_row(rows, "googlenet")["top5"] == 88.9);
  // The NIN readme gives no top-5.
  CHECK(list_row(rows, "nin")["top1"] == 59.36);
  CHECK_FALSE(list_row(rows, "nin").contains("top5"));
}

TEST_CASE("list: the table's top-1 column shows the accuracy as written", "[list]") {
  CliResult r = run_cli({"list", source_path("architectures"), "--wide"});
  REQUIRE(r.code == 0);
  auto line = [&](const std::string& name) {
    std::size_t at = r.out.find("\n" + name + " ");
    REQUIRE(at != std::string::npos);
    return r.out.substr(at + 1, r.out.find('\n', at + 1) - at - 1);
  };
  CHECK(line("vgg16").find(" 71.592% ") != std::string::npos);
  CHECK(line("googlenet_torchvision").find(" 69.778% ") != std::string::npos);
  CHECK(line("lenet5").find(" — ") != std::string::npos);
}

TEST_CASE("list: csv carries top-1 and top-5", "[list]") {
  CliResult r = run_cli({"list", source_path("architectures"), "--format", "csv"});
  REQUIRE(r.code == 0);
  CHECK(
      r.out.rfind(
          "network,input,params,macs,depth,published_params,published_macs,top1,top5,reached_by\n",
          0) == 0);
  CHECK(
      r.out.find("\nresnet18,3×224×224,11689512,1814073344,21,11689512,1.814G,69.758,89.078,\n") !=
      std::string::npos);
}

TEST_CASE("list: each member of a family that --set reaches has its own row", "[list]") {
  nlohmann::json rows = list_json();
  // 50 files and the 17 members their `variants` name.
  CHECK(rows.size() == 67);
  std::size_t members = 0;
  for (const auto& r : rows) members += r.contains("variant_of");
  CHECK(members == 17);
  // EfficientNet-B1: B0's file at depth 1.1 and torchvision's 240×240 crop.
  const nlohmann::json& b1 = list_row(rows, "efficientnet_b1");
  CHECK(b1["variant_of"] == "efficientnet_b0");
  CHECK(b1["set"] == nlohmann::json{{"depth", "1.1"}, {"resolution", "240"}});
  CHECK(b1["input"] == "3×240×240");
  CHECK(b1["params"] == 7'794'184);
  CHECK(b1["macs"] == 686'802'832);
  CHECK(b1["published_verdict"] == "equal");
  CHECK(b1["top1"] == 78.642);
  CHECK_FALSE(list_row(rows, "efficientnet_b0").contains("variant_of"));
  // The table says how a member is reached, in the command line's own words.
  CliResult r = run_cli({"list", source_path("architectures"), "--wide"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("vit_b_16 --set patch=32 · equal: torchvision vit_b_32") != std::string::npos);
  CliResult csv = run_cli({"list", source_path("architectures"), "--format", "csv"});
  CHECK(
      csv.out.find("\nvit_b_32,3×224×224,88224232,4409186304,50,88224232,4409186304,75.912,92.466,"
                   "vit_b_16 --set patch=32\n") != std::string::npos);
}
