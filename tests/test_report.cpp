// `archcalc report`: the baselines of a zoo directory (JSON, Markdown, SVG,
// README.md index) and one network's HTML page. VGG-16's figures are
// torchvision's (138,357,544 params, 15,470,264,320 MACs); the inception
// module with reductions holds 163,696 params and 128,049,152 MACs.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "emit/report.hpp"
#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;
namespace fs = std::filesystem;

namespace {

// A small zoo: vgg16, lenet5 and modules/inception_reduced, copied into `dir`/arch.
fs::path small_zoo(const TempDir& dir) {
  fs::path zoo = dir.path / "arch";
  fs::create_directories(zoo / "modules");
  for (const char* f : {"vgg16.yaml", "lenet5.yaml", "modules/inception_reduced.yaml"}) {
    fs::copy_file(source_path(std::string("architectures/") + f), zoo / f);
  }
  return zoo;
}

const char* kTiny = R"(name: tiny
input: [1, 8, 8]
layers:
  - {name: conv, op: conv, out: 2, kernel: 3}
  - {name: relu, op: relu}
  - {name: fc, op: fc, out: 10}
)";

}  // namespace

TEST_CASE("report: a directory gives per network JSON, Markdown and SVG, and an index",
          "[report]") {
  TempDir tmp;
  fs::path zoo = small_zoo(tmp);
  auto r = run_cli({"report", zoo.string(), "-o", tmp.str("out")});
  REQUIRE(r.code == 0);
  CHECK(r.out == "archcalc report: 3 networks, 10 files written to " + tmp.str("out") + "\n");

  auto vgg = nlohmann::ordered_json::parse(slurp(tmp.path / "out/vgg16.json"));
  CHECK(vgg["totals"]["params"] == 138'357'544);
  CHECK(vgg["totals"]["macs"] == 15'470'264'320);
  CHECK(vgg["layers"].size() == 40);  // the input and 39 layers
  CHECK(vgg["file"] == "arch/vgg16.yaml");
  CHECK_FALSE(vgg.contains("archcalc_version"));
  std::vector<std::string> keys;
  for (const auto& [k, v] : vgg.items()) keys.push_back(k);
  CHECK(keys == std::vector<std::string>{"schema", "schema_version", "model", "title", "file",
                                         "mode", "batch", "bytes_per_element", "conventions",
                                         "input_shape", "totals", "peak_memory", "published",
                                         "blocks", "layers"});
  // One line per layer, so that a change to a layer is a one-line diff.
  std::string text = slurp(tmp.path / "out/vgg16.json");
  CHECK(text.find("\n    {\"name\":\"fc8\",\"op\":\"fc\",\"label\":\"fc\",\"block\":\"\","
                  "\"inputs\":[\"drop7\"],\"output_shape\":[1000],\"params\":4097000,"
                  "\"weights\":4096000,\"bias\":1000,\"bn_params\":0,\"buffers\":0,"
                  "\"macs\":4096000,") != std::string::npos);
  CHECK(text.find("\n  \"input_shape\": [3,224,224],\n") != std::string::npos);

  auto module = nlohmann::json::parse(slurp(tmp.path / "out/modules/inception_reduced.json"));
  CHECK(module["totals"]["params"] == 163'696);
  CHECK(module["totals"]["macs"] == 128'049'152);
  CHECK(module["file"] == "arch/modules/inception_reduced.yaml");

  std::string md = slurp(tmp.path / "out/vgg16.md");
  CHECK(md.find("| MACs | 15,470,264,320 |") != std::string::npos);
  CHECK(md.find("Diagram: [vgg16.svg](vgg16.svg)") != std::string::npos);
  std::string svg = slurp(tmp.path / "out/vgg16.svg");
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(svg.find("15,470,264,320 MACs") != std::string::npos);
  CHECK(fs::exists(tmp.path / "out/modules/inception_reduced.svg"));
  CHECK(fs::exists(tmp.path / "out/lenet5.md"));

  std::string readme = slurp(tmp.path / "out/README.md");
  CHECK(readme.find("| [vgg16](vgg16.md)<br>VGG-16 (configuration D) | 3×224×224 | 138,357,544 | "
                    "15,470,264,320 | 33,236,896 | 28,651,984 | 39 (16) | params ✓ · MACs ✓ | "
                    "[json](vgg16.json) · [svg](vgg16.svg) |") != std::string::npos);
  CHECK(readme.find("## modules/") != std::string::npos);
  CHECK(readme.find("| [inception_reduced](modules/inception_reduced.md)") != std::string::npos);
  CHECK(readme.find("`archcalc check " + zoo.string() + "/ --baseline " + tmp.str("out") + "/`") !=
        std::string::npos);
}

TEST_CASE("report: the same networks give the same bytes; stale baselines are deleted",
          "[report]") {
  TempDir tmp;
  fs::path zoo = small_zoo(tmp);
  REQUIRE(run_cli({"report", zoo.string(), "-o", tmp.str("out")}).code == 0);
  std::string json = slurp(tmp.path / "out/vgg16.json"), svg = slurp(tmp.path / "out/vgg16.svg");
  spit(tmp.path / "out/notes.txt", "kept");
  spit(tmp.path / "out/other.json", "{\"schema\": \"something else\"}");
  fs::remove(zoo / "lenet5.yaml");
  auto r = run_cli({"report", zoo.string(), "-o", tmp.str("out")});
  REQUIRE(r.code == 0);
  CHECK(r.out == "archcalc report: 2 networks, 7 files written to " + tmp.str("out") +
                     ", 3 stale files deleted\n");
  CHECK(slurp(tmp.path / "out/vgg16.json") == json);
  CHECK(slurp(tmp.path / "out/vgg16.svg") == svg);
  CHECK_FALSE(fs::exists(tmp.path / "out/lenet5.json"));
  CHECK_FALSE(fs::exists(tmp.path / "out/lenet5.md"));
  CHECK_FALSE(fs::exists(tmp.path / "out/lenet5.svg"));
  CHECK(fs::exists(tmp.path / "out/notes.txt"));
  CHECK(fs::exists(tmp.path / "out/other.json"));
}

TEST_CASE("report: html holds the totals, every row, the diagram, and nothing remote",
          "[report][html]") {
  auto r = run_cli({"report", source_path("architectures/vgg16.yaml"), "--format", "html"});
  REQUIRE(r.code == 0);
  const std::string& html = r.out;
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("id=\"total-macs\" data-v=\"15470264320\">15,470,264,320<") != std::string::npos);
  CHECK(html.find("id=\"total-params\" data-v=\"138357544\">138,357,544<") != std::string::npos);
  CHECK(count_of(html, "<tr class=\"layer") == 40);
  CHECK(count_of(html, "<tr class=\"block") == 0);
  CHECK(
      html.find("data-name=\"conv1_2\"><td class=\"num\" data-col=\"index\" data-v=\"3\">3</td>") !=
      std::string::npos);
  CHECK(html.find("data-col=\"macs\" data-v=\"1849688064\">1,849,688,064<") != std::string::npos);
  // The diagram and the liveness timeline.
  CHECK(count_of(html, "<svg") == 2);
  CHECK(html.find(conventions()[0]) != std::string::npos);
  // Self-contained: no script, style, image or font is fetched.
  CHECK(html.find("src=\"http") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  CHECK(html.find("url(http") == std::string::npos);
  // The analyses: peak activation memory (liveness) in the totals, the
  // receptive field per layer.
  CHECK(html.find("id=\"total-peak-activations\" data-v=\"6422528\">6,422,528<") !=
        std::string::npos);
  CHECK(html.find("elements = 25,690,112 bytes, at ") != std::string::npos);
  CHECK(html.find("id=\"total-peak-total\" data-v=\"579120288\">579,120,288<") !=
        std::string::npos);
  CHECK(html.find("bytes = weights 553,430,176 + peak activations 25,690,112") !=
        std::string::npos);
  CHECK(html.find("data-col=\"field\" data-v=\"196\">196×196<") != std::string::npos);
  CHECK(html.find("data-col=\"field\" data-v=\"212\">212×212<") != std::string::npos);
  CHECK(html.find("total-backward-macs") == std::string::npos);
}

TEST_CASE("report: html in training mode shows the training step", "[report][html]") {
  auto r = run_cli({"report", source_path("architectures/googlenet.yaml"), "--format", "html",
                    "--mode", "training"});
  REQUIRE(r.code == 0);
  const std::string& html = r.out;
  CHECK(html.find("id=\"total-backward-macs\" data-v=\"3064074240\">3,064,074,240<") !=
        std::string::npos);
  CHECK(html.find("step MACs 4,655,118,336 = forward 1,591,044,096 + backward 3,064,074,240") !=
        std::string::npos);
  CHECK(html.find("bytes (momentum)") != std::string::npos);
  CHECK(html.find("total-peak-activations") == std::string::npos);
}

TEST_CASE("report: html nests block rows and folds them", "[report][html]") {
  auto r = run_cli({"report", source_path("architectures/googlenet.yaml"), "-o", "-"});
  REQUIRE(r.code == 0);
  // 142 inference layers and the input; 9 inception blocks.
  CHECK(count_of(r.out, "<tr class=\"layer") == 143);
  CHECK(count_of(r.out, "<tr class=\"block") == 9);
  CHECK(r.out.find("<tr class=\"block\" data-index=\"11\" data-parent=\"-1\" data-depth=\"0\" "
                   "data-kind=\"block\" data-name=\"inception_3a\">") != std::string::npos);
  CHECK(r.out.find("<tr class=\"layer\" data-index=\"12\" data-parent=\"11\" data-depth=\"1\" "
                   "data-kind=\"layer\" data-name=\"inception_3a/1x1\">") != std::string::npos);
  CHECK(r.out.find("data-col=\"macs\" data-v=\"128049152\">128,049,152<") != std::string::npos);
  CHECK(r.out.find("id=\"total-training-only-params\" data-v=\"6379728\"") != std::string::npos);
}

TEST_CASE("report: html escapes what the file says", "[report][html]") {
  TempDir tmp;
  spit(tmp.path / "x.yaml", std::string(kTiny) + "title: a <script>alert(1)</script> & co\n");
  auto r = run_cli({"report", tmp.str("x.yaml")});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("<script>alert") == std::string::npos);
  CHECK(r.out.find("a &lt;script&gt;alert(1)&lt;/script&gt; &amp; co") != std::string::npos);
}

TEST_CASE("report: html compares published figures, exact or rounded", "[report][html]") {
  TempDir tmp;
  // tiny: 750 params, 1,368 MACs. 1.4K stands for 1,300..1,500 (one unit of 100 either way).
  spit(tmp.path / "x.yaml", std::string(kTiny) + "published: {params: 751, macs: 1.4K}\n");
  auto r = run_cli({"report", tmp.str("x.yaml")});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("id=\"total-published-params\" data-v=\"751\">751</td><td "
                   "class=\"note\">differs from the count<") != std::string::npos);
  CHECK(r.out.find("id=\"total-published-macs\" data-v=\"1400\">1.4K</td><td "
                   "class=\"note\">rounded; the count 1,368 agrees<") != std::string::npos);
}

TEST_CASE("report: --run puts measured times beside times predicted from MACs", "[report][html]") {
  TempDir tmp;
  spit(tmp.path / "tiny.yaml", kTiny);
  // conv 648 MACs, fc 720: of 1,368. Layer times sum to 4 ms.
  spit(tmp.path / "run.json", R"({"schema": 1, "model": "tiny", "backend": "reference",
    "threads": 1, "repeat": 5, "totals": {"seconds": {"median": 0.0045}},
    "layers": [{"name": "conv", "seconds": {"median": 0.002, "min": 0.001, "max": 0.003}},
               {"name": "relu", "seconds": {"median": 0.0008}},
               {"name": "fc", "seconds": {"median": 0.0012}}]})");
  auto r = run_cli({"report", tmp.str("tiny.yaml"), "--run", tmp.str("run.json")});
  REQUIRE(r.code == 0);
  // conv: predicted 4 ms × 648 / 1,368 = 1.895 ms; measured / predicted = 1.06.
  CHECK(r.out.find("data-col=\"measured\" data-v=\"0.002\">2.000 ms<") != std::string::npos);
  CHECK(r.out.find("data-col=\"predicted\" data-v=\"0.00189473684\">1.895 ms<") !=
        std::string::npos);
  CHECK(r.out.find("data-col=\"ratio\" data-v=\"1.05555556\">1.06×<") != std::string::npos);
  // fc: 4 ms × 720 / 1,368 = 2.105 ms; 1.2 / 2.105 = 0.57.
  CHECK(r.out.find("data-col=\"predicted\" data-v=\"0.00210526316\">2.105 ms<") !=
        std::string::npos);
  CHECK(r.out.find("data-col=\"ratio\" data-v=\"0.57\">0.57×<") != std::string::npos);
  // relu: no MACs, so nothing predicted and no ratio.
  CHECK(r.out.find("data-col=\"predicted\" data-v=\"0\">0.000 ms<") != std::string::npos);
  CHECK(r.out.find("Measured: backend reference · 1 thread · 5 timed passes · whole pass "
                   "4.500 ms.") != std::string::npos);
}

TEST_CASE("report: a run of another model or an ill-formed run is refused", "[report][errors]") {
  TempDir tmp;
  spit(tmp.path / "tiny.yaml", kTiny);
  spit(tmp.path / "other.json", R"({"model": "vgg16", "layers": []})");
  auto r = run_cli({"report", tmp.str("tiny.yaml"), "--run", tmp.str("other.json")});
  CHECK(r.code == 2);
  CHECK(r.err == tmp.str("other.json") + ": error: the run is of model 'vgg16', not 'tiny'\n");

  spit(tmp.path / "bad.json", "{\"model\": \"tiny\",\n  \"layers\": [}\n");
  r = run_cli({"report", tmp.str("tiny.yaml"), "--run", tmp.str("bad.json")});
  CHECK(r.code == 2);
  CHECK(r.err.rfind(tmp.str("bad.json") + ":2:14: error: not valid JSON: ", 0) == 0);

  spit(tmp.path / "nosec.json", R"({"model": "tiny", "layers": [{"name": "conv"}]})");
  r = run_cli({"report", tmp.str("tiny.yaml"), "--run", tmp.str("nosec.json")});
  CHECK(r.code == 2);
  CHECK(r.err == tmp.str("nosec.json") +
                     ": error: not an archcalc run result: layers[0] ('conv'): no \"seconds\"\n");

  spit(tmp.path / "neg.json",
       R"({"model": "tiny", "layers": [{"name": "conv", "seconds": {"median": -1}}]})");
  r = run_cli({"report", tmp.str("tiny.yaml"), "--run", tmp.str("neg.json")});
  CHECK(r.code == 2);
  CHECK(r.err == tmp.str("neg.json") +
                     ": error: not an archcalc run result: layers[0]: the median time must be a "
                     "finite s >= 0\n");
}

TEST_CASE("report: usage errors exit 2", "[report][errors]") {
  TempDir tmp;
  fs::path zoo = small_zoo(tmp);
  auto r = run_cli({"report", zoo.string()});
  CHECK(r.code == 2);
  CHECK(r.err.find("a directory is required to report a directory") != std::string::npos);
  r = run_cli({"report", zoo.string(), "--format", "html", "-o", tmp.str("o")});
  CHECK(r.code == 2);
  r = run_cli({"report", (zoo / "vgg16.yaml").string(), "--format", "baseline"});
  CHECK(r.code == 2);
  r = run_cli({"report", zoo.string(), "-o", tmp.str("o"), "--set", "classes=10"});
  CHECK(r.code == 2);
  r = run_cli({"report", tmp.str("empty"), "-o", tmp.str("o")});
  CHECK(r.code == 2);
  fs::create_directories(tmp.path / "empty");
  r = run_cli({"report", tmp.str("empty"), "-o", tmp.str("o")});
  CHECK(r.code == 2);
  CHECK(r.err == tmp.str("empty") + ": error: no network files (*.yaml) in the directory\n");
  CHECK_FALSE(fs::exists(tmp.path / "o"));
}
