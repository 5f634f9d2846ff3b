// `archcalc analyze`: every format prints the same exact figures; --depth,
// --mode, --units and --set act as documented; usage errors exit 2.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "helpers.hpp"

using namespace archcalc::test;

namespace {
const std::string kVgg = source_path("architectures/vgg16.yaml");
const std::string kReducedPath = source_path("architectures/modules/inception_reduced.yaml");
}  // namespace

TEST_CASE("analyze: the JSON schema's keys, order and figures", "[analyze][json]") {
  CliResult r = run_cli({"analyze", kVgg, "--format", "json"});
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  auto j = nlohmann::ordered_json::parse(r.out);
  std::vector<std::string> keys;
  for (auto it = j.begin(); it != j.end(); ++it) keys.push_back(it.key());
  CHECK(keys == std::vector<std::string>{"schema", "schema_version", "archcalc_version", "model",
                                         "title", "file", "mode", "batch", "bytes_per_element",
                                         "conventions", "input_shape", "totals", "peak_memory",
                                         "published", "blocks", "layers"});
  CHECK(j["schema"] == "archcalc.analysis");
  CHECK(j["schema_version"] == 2);
  CHECK(j["model"] == "vgg16");
  CHECK(j["input_shape"] == nlohmann::ordered_json::array({3, 224, 224}));
  CHECK(j["totals"]["params"] == 138'357'544);
  CHECK(j["totals"]["macs"] == 15'470'264'320ULL);
  CHECK(j["totals"]["flops"] == 30'940'528'640ULL);
  CHECK(j["totals"]["weighted_layers"] == 16);
  CHECK(j["totals"]["weight_bytes"] == 138'357'544ULL * 4);
  REQUIRE(j["layers"].size() == 40);  // the input and 39 layers
  const auto& conv = j["layers"][1];
  CHECK(conv["name"] == "conv1_1");
  CHECK(conv["op"] == "conv");
  CHECK(conv["output_shape"] == nlohmann::ordered_json::array({64, 224, 224}));
  CHECK(conv["params"] == 1'792);
  CHECK(conv["macs"] == 86'704'128);
  CHECK(conv["inputs"] == nlohmann::ordered_json::array({"input"}));
}

TEST_CASE("analyze: the table's rows and totals", "[analyze][table]") {
  CliResult r = run_cli({"analyze", kReducedPath});
  REQUIRE(r.code == 0);
  CHECK(r.out.rfind("inception_reduced — Inception module with 1x1 reductions", 0) == 0);
  // A block's roll-up row, then its layers indented.
  CHECK(
      has_line(r.out,
               "branch_5x5     [reduced]              32×28×28    15,920   12,443,648   9.72%     "
               "75,264       75,264"));
  CHECK(
      has_line(r.out,
               "  reduce       conv 1×1               16×28×28     3,088    2,408,448   1.88%     "
               "12,544       12,544"));
  CHECK(has_line(r.out,
                 "MACs              128,049,152  FLOPs 256,098,304; conv 128,049,152 · "
                 "fc/linear 0 · matmul 0"));
  CHECK(has_line(r.out, "params                163,696  weights 163,328 · bias 368 · norm γ/β 0"));
}

TEST_CASE("analyze: --depth 0 folds every block into one row", "[analyze][depth]") {
  CliResult r = run_cli({"analyze", kReducedPath, "--depth", "0", "--format", "csv"});
  REQUIRE(r.code == 0);
  CHECK(has_line(r.out,
                 "kind,name,op,depth,output_shape,params,weights,bias,bn_params,buffers,macs,"
                 "other_ops,output_elements,activation_bytes,train_only"));
  CHECK(has_line(r.out,
                 "block,branch_5x5,reduced,0,32x28x28,15920,15872,48,0,0,12443648,75264,75264,"
                 "301056,false"));
  CHECK(r.out.find("branch_5x5/reduce") == std::string::npos);
  CHECK(has_line(r.out,
                 "total,inception_reduced,,0,,163696,163328,368,0,0,128049152,1931776,"
                 "928256,3713024,false"));
}

TEST_CASE("analyze: markdown carries the same rows", "[analyze][markdown]") {
  CliResult r = run_cli({"analyze", kVgg, "--format", "markdown"});
  REQUIRE(r.code == 0);
  CHECK(has_line(r.out, "| params | 138,357,544 |"));
  CHECK(has_line(r.out, "| MACs | 15,470,264,320 |"));
  CHECK(has_line(r.out,
                 "| conv1_2 | conv 3×3 | 64×224×224 | 36,928 | 1,849,688,064 | 11.96% | "
                 "3,211,264 | 3,211,264 |"));
}

TEST_CASE("analyze: --units prints SI figures", "[analyze][units]") {
  CliResult r = run_cli({"analyze", kVgg, "--units"});
  REQUIRE(r.code == 0);
  CHECK(has_line(
      r.out,
      "MACs               15.47G  FLOPs 30.94G; conv 15.35G · fc/linear 123.63M · matmul 0"));
  CHECK(has_line(r.out, "params            138.36M  weights 138.34M · bias 13.42K · norm γ/β 0"));
}

TEST_CASE("analyze: --mode training includes training-only layers", "[analyze][training]") {
  const std::string yaml = R"(input: [4]
layers:
  - {name: trunk, op: fc, out: 10}
  - {name: aux, op: fc, out: 3, train_only: true}
  - {name: head, op: fc, out: 2, from: trunk}
)";
  std::string path = "/tmp/archcalc_test_training.yaml";
  FILE* f = fopen(path.c_str(), "w");
  REQUIRE(f);
  fputs(yaml.c_str(), f);
  fclose(f);
  CliResult inf = run_cli({"analyze", path});
  CHECK(inf.out.find("aux") == std::string::npos);
  CHECK(has_line(inf.out,
                 "excludes 1 training-only layer: 33 params, 30 MACs; --mode training "
                 "includes them"));
  CliResult tr = run_cli({"analyze", path, "--mode", "training", "--format", "json"});
  auto j = nlohmann::json::parse(tr.out);
  CHECK(j["totals"]["params"] == 105);
  CHECK(j["training_only"]["params"] == 33);
  CHECK(j["layers"][2]["name"] == "aux");
  CHECK(j["layers"][2]["train_only"] == true);
}

TEST_CASE("analyze: usage errors exit 2 with one message", "[analyze][usage]") {
  CHECK(run_cli({"analyze", kVgg, "--format", "xml"}).code == 2);
  CHECK(run_cli({"analyze"}).code == 2);
  CHECK(run_cli({"frobnicate"}).code == 2);
  CliResult bad_set = run_cli({"analyze", kVgg, "--set", "clases=10"});
  CHECK(bad_set.code == 2);
  CHECK(bad_set.err == kVgg +
                           ": error: --set clases: no such parameter (did you mean 'classes'?); "
                           "parameters: classes\n");
  CliResult not_int = run_cli({"analyze", kVgg, "--set", "classes=ten"});
  CHECK(not_int.code == 2);
  CHECK(not_int.err == kVgg + ": error: --set classes=ten: 'classes' takes an integer\n");
  CliResult missing = run_cli({"analyze", "/nonexistent.yaml"});
  CHECK(missing.code == 2);
  CHECK(missing.err == "/nonexistent.yaml: error: cannot open the file\n");
  CHECK(run_cli({"--help"}).code == 0);
  CHECK(run_cli({"--version"}).out == "archcalc " ARCHCALC_VERSION "\n");
}

TEST_CASE("analyze: published figures, exact or rounded, are checked", "[analyze][published]") {
  auto analyze_with = [](const std::string& published) {
    std::string path = "/tmp/archcalc_test_published.yaml";
    FILE* f = fopen(path.c_str(), "w");
    fputs(("input: [10]\npublished: {" + published +
           ", source: test}\nlayers:\n  - {name: fc, op: fc, out: 100}\n")
              .c_str(),
          f);
    fclose(f);
    return run_cli({"analyze", path, "--format", "json"});
  };
  // fc 10 → 100: 1,000 weights + 100 bias = 1,100 params; 1,000 MACs.
  auto exact = nlohmann::json::parse(analyze_with("params: 1100, macs: 1001").out)["published"];
  CHECK(exact["params_agrees"] == true);
  CHECK(exact["macs_agrees"] == false);
  auto rounded = nlohmann::json::parse(analyze_with("params: 1.1K, macs: 1e3").out)["published"];
  CHECK(rounded["params"] == 1100);
  CHECK(rounded["params_rounded_to"] == 100);
  CHECK(rounded["params_agrees"] == true);
  CHECK(rounded["macs_rounded_to"] == 1000);
  CHECK(rounded["macs_agrees"] == true);
  // 1.2K stands for 1,150..1,249 (rounded) or 1,200..1,299 (truncated): 1,100 is neither.
  CHECK(nlohmann::json::parse(analyze_with("params: 1.2K").out)["published"]["params_agrees"] ==
        false);
  CliResult bad = analyze_with("params: 1.1");
  CHECK(bad.code == 2);
  CHECK(bad.err ==
        "/tmp/archcalc_test_published.yaml:2:21: error: published: 'params' must be an "
        "integer or a rounded figure such as 3.8G or 1.5e9, got '1.1'\n");
}

TEST_CASE("analyze: --set that changes the network leaves the published figures out",
          "[analyze][published]") {
  CliResult same = run_cli({"analyze", "mnasnet1_0", "--set", "width=1.0"});
  CHECK(same.out.find("published (torchvision mnasnet1_0") != std::string::npos);
  // A variant of the file: its own figures.
  CliResult half = run_cli({"analyze", "mnasnet1_0", "--set", "width=0.5"});
  CHECK(half.out.find("published (torchvision mnasnet0_5, MNASNet0_5_Weights.IMAGENET1K_V1 "
                      "(num_params 2,218,512); MACs counted from the model by "
                      "tests/reference/zoo_figures.py): params 2,218,512 (equal), MACs "
                      "104,455,968 (equal)\n") != std::string::npos);
  CHECK(half.out.find("ImageNet accuracy: top-1 67.734%, top-5 87.49%") != std::string::npos);
  // No variant: none.
  CliResult other = run_cli({"analyze", "mnasnet1_0", "--set", "width=0.6"});
  CHECK(other.code == 0);
  CHECK(other.out.find("published (") == std::string::npos);
  CHECK(other.out.find("ImageNet accuracy") == std::string::npos);
  CHECK(other.out.find("published figures and accuracy: not shown, they are the file's own "
                       "network's (--set width=0.6 changes the network)\n") != std::string::npos);
  auto j = nlohmann::json::parse(
      run_cli({"analyze", "mnasnet1_0", "--set", "width=0.6", "--format", "json"}).out);
  CHECK(j["published"] == nlohmann::json{{"withheld", "--set width=0.6 changes the network"}});
}

namespace {

// The layer rows of a table: the lines between its rule and the first blank
// line or the --compact note.
std::vector<std::string> table_rows(const std::string& text) {
  std::vector<std::string> rows;
  std::istringstream in(text);
  bool body = false;
  for (std::string line; std::getline(in, line);) {
    if (!body) {
      body = line.rfind("─", 0) == 0;
      continue;
    }
    if (line.empty() || line.find("left out (--compact)") != std::string::npos) break;
    rows.push_back(line);
  }
  return rows;
}

}  // namespace

TEST_CASE("analyze: --compact leaves activation and dropout rows out, not their counts",
          "[analyze][compact]") {
  CliResult full = run_cli({"analyze", kVgg});
  CliResult compact = run_cli({"analyze", kVgg, "--compact"});
  REQUIRE(full.code == 0);
  REQUIRE(compact.code == 0);
  // VGG-16: the input and 39 layers, of which 15 ReLUs (13 convs, 2 fc) and 2 dropouts.
  CHECK(table_rows(full.out).size() == 40);
  CHECK(table_rows(compact.out).size() == 23);
  for (const std::string& row : table_rows(compact.out)) {
    CHECK(row.find(" relu ") == std::string::npos);
    CHECK(row.find(" dropout ") == std::string::npos);
  }
  // Their other ops: one per ReLU output element, the conv outputs
  // 2·64·224² + 2·128·112² + 3·256·56² + 3·512·28² + 3·512·14² = 13,547,520
  // and 2·4,096 after the fcs; activations add the dropouts' 2·4,096.
  CHECK(has_line(compact.out,
                 "17 activation and dropout rows left out (--compact): other ops 13,555,712, "
                 "activations 13,563,904 elements; the totals include them"));
  CHECK(full.out.find("left out (--compact)") == std::string::npos);
  // The totals are the same.
  CHECK(compact.out.find("FLOPs 30,940,528,640") != std::string::npos);
  CHECK(full.out.substr(full.out.find("totals (")) ==
        compact.out.substr(compact.out.find("totals (")));
  // Markdown says the same; json and csv keep every layer.
  CliResult md = run_cli({"analyze", kVgg, "--compact", "--format", "markdown"});
  REQUIRE(md.code == 0);
  CHECK(md.out.find("\n17 activation and dropout rows left out (--compact): other ops 13,555,712, "
                    "activations 13,563,904 elements; the totals include them.\n") !=
        std::string::npos);
  CliResult json = run_cli({"analyze", kVgg, "--compact", "--format", "json"});
  CHECK(json.code == 2);
  CHECK(json.out.empty());
  CHECK(json.err.find("--compact") != std::string::npos);
}
