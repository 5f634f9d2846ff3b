// At the terminal: help, version, a misspelt command, help pages with
// defaults and examples, `list` fitting 80 columns, singular and plural.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>

#include "emit/format.hpp"
#include "helpers.hpp"

using namespace archcalc::test;

namespace {
// Every line of `text` fits `width` display columns.
bool fits(const std::string& text, std::size_t width) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (archcalc::display_width(text.substr(start, end - start)) > width) return false;
    start = end + 1;
  }
  return true;
}
}  // namespace

TEST_CASE("terminal: bare archcalc and help print the help, -v the version", "[terminal]") {
  for (std::vector<std::string> args : {std::vector<std::string>{}, {"help"}, {"--help"}, {"-h"}}) {
    CliResult r = run_cli(args);
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.rfind("archcalc: what a convolutional network costs", 0) == 0);
    CHECK(r.out.find("  analyze ") != std::string::npos);
    CHECK(r.out.find("Examples:\n  archcalc analyze resnet50") != std::string::npos);
    // The command list reads at 80 columns: one line per command.
    CHECK(fits(r.out, 80));
    CHECK(r.out.find("\n  check         Recount networks against baselines: exit 1 on change or "
                     "warning\n") != std::string::npos);
  }
  CliResult help = run_cli({"help", "analyze"});
  CHECK(help.code == 0);
  CHECK(help.out.find("--batch") != std::string::npos);
  for (const char* v : {"-v", "--version"}) {
    CliResult r = run_cli({v});
    CHECK(r.code == 0);
    CHECK(r.out == std::string("archcalc ") + ARCHCALC_VERSION + "\n");
  }
}

TEST_CASE("terminal: a misspelt command gets a suggestion, exit 2", "[terminal]") {
  CliResult r = run_cli({"analyse", "x.yaml"});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "archcalc: error: no command 'analyse'; did you mean 'analyze'?\n"
        "run 'archcalc --help' for the commands\n");
  r = run_cli({"help", "compair"});
  CHECK(r.code == 2);
  CHECK(r.err == "archcalc: error: no command 'compair'; did you mean 'compare'?\n");
  r = run_cli({"zzzzzz"});
  CHECK(r.code == 2);
  CHECK(r.err == "archcalc: error: no command 'zzzzzz'\nrun 'archcalc --help' for the commands\n");
}

TEST_CASE("terminal: help pages show defaults and examples, and no option that cannot work",
          "[terminal]") {
  auto page = [](const std::string& command) {
    CliResult r = run_cli({command, "--help"});
    REQUIRE(r.code == 0);
    return r.out;
  };
  std::string analyze = page("analyze");
  CHECK(analyze.find("--mode TEXT:{inference,training}=inference") != std::string::npos);
  CHECK(analyze.find("--batch UINT:UINT in [1 - 1048576]=1") != std::string::npos);
  CHECK(analyze.find("Examples:\n  archcalc analyze") != std::string::npos);
  std::string diagram = page("diagram");
  CHECK(diagram.find("--color TEXT=none") != std::string::npos);
  CHECK(diagram.find("--rankdir TEXT=TB") != std::string::npos);
  CHECK(page("probe").find("--repeat INT:INT in [1 - 1000]=5") != std::string::npos);
  CHECK(page("report").find("one network file (.yaml, .prototxt or .onnx)") != std::string::npos);
  CHECK(page("convert").find("--allow-unknown") == std::string::npos);
  std::string sweep = page("sweep");
  CHECK(sweep.find(".prototxt") == std::string::npos);
  CHECK(sweep.find("--allow-unknown") == std::string::npos);
  for (const char* c : {"analyze", "compare", "diagram", "run", "report", "check", "sweep",
                        "convert", "probe", "survey"}) {
    INFO(c);
    CHECK(page(c).find("Example") != std::string::npos);
  }
}

TEST_CASE("terminal: list fits 80 columns when not a terminal; --wide keeps everything",
          "[terminal][list]") {
  CliResult r = run_cli({"list", source_path("architectures")});
  REQUIRE(r.code == 0);
  CHECK(fits(r.out, 80));
  CHECK(r.out.find("vgg16") != std::string::npos);
  // 80 columns leave no room for a last column: what each network is checked
  // against goes on a line of its own under its row, cut to the width.
  CHECK(r.out.rfind("network                     input           params            MACs  depth\n"
                    "    top-1 · checked against\n",
                    0) == 0);
  CHECK(r.out.find("\nvgg16                       3×224×224  138,357,544  15,470,264,320     16\n"
                   "    top-1 71.592% · equal: torchvision vgg16\n") != std::string::npos);
  CHECK(r.out.find("\n    top-1 76.130% · equal: torchvision resnet50, "
                   "ResNet50_Weights.IMAGENET1K_V1…\n") != std::string::npos);
  CHECK(r.out.find("Sources cut to fit the width; --wide shows them in full.\n") !=
        std::string::npos);
  // A network that names no published figure has no such line.
  CHECK(r.out.find("\nmodules/conv3x3_128         128×56×56      147,456     462,422,016      1\n"
                   "modules/convnext_block ") != std::string::npos);
  CliResult wide = run_cli({"list", source_path("architectures"), "--wide"});
  CHECK_FALSE(fits(wide.out, 80));
  CHECK(wide.out.find("agrees: torchvision resnet50 ") == std::string::npos);
  CHECK(wide.out.find("equal: torchvision resnet50, ResNet50_Weights.IMAGENET1K_V1 (num_params "
                      "25,557,032; 4.089 GFLOPS)\n") != std::string::npos);
}

TEST_CASE("terminal: one layer, one argument", "[terminal][grammar]") {
  TempDir tmp;
  std::string file = tmp.file("one.yaml");
  spit(file,
       "name: one\n"
       "input: [3, 8, 8]\n"
       "blocks:\n"
       "  single:\n"
       "    args: [width]\n"
       "    layers:\n"
       "      - {name: conv, op: conv, out: $width, kernel: 1}\n"
       "layers:\n"
       "  - {name: b1, block: single, args: [4]}\n");
  CliResult r = run_cli({"analyze", file, "--depth", "0"});
  REQUIRE(r.code == 0);
  CHECK(r.out.find("[single] 1 layer ") != std::string::npos);
  CHECK(r.out.find("1 layers") == std::string::npos);
  std::string text = slurp(file);
  spit(file, text.replace(text.find("args: [4]"), 9, "args: [4, 5]"));
  r = run_cli({"analyze", file});
  CHECK(r.code == 2);
  CHECK(r.err.find("takes 1 argument (width), got 2") != std::string::npos);
}

TEST_CASE("terminal: the input row is marked as outside the totals in every format",
          "[terminal][input]") {
  const std::string file = source_path("architectures/lenet5.yaml");
  CliResult csv = run_cli({"analyze", file, "--format", "csv"});
  REQUIRE(csv.code == 0);
  // LeNet-5's input, 1×32×32: 1,024 elements; the total sums the other rows.
  CHECK(csv.out.find("\nlayer,input,input (not in totals),0,1x32x32,0,0,0,0,0,0,0,1024,4096,") !=
        std::string::npos);
  long long rows = 0, total = -1;
  std::istringstream lines(csv.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> f;
    std::istringstream cells(line);
    for (std::string c; std::getline(cells, c, ',');) f.push_back(c);
    if (f.size() < 13) continue;
    if (f[0] == "layer" && f[2] != "input (not in totals)") rows += std::stoll(f[12]);
    if (f[0] == "total") total = std::stoll(f[12]);
  }
  CHECK(total == rows);
  CHECK(total > 0);
  CliResult table = run_cli({"analyze", file});
  CHECK(table.out.find("\ninput    input (not in totals)  1×32×32") != std::string::npos);
  CliResult md = run_cli({"analyze", file, "--format", "markdown"});
  CHECK(
      md.out.find("\n| input | input (not in totals) | 1×32×32 | 0 | 0 | 0.00% | 0 | 1,024 |\n") !=
      std::string::npos);
  auto j = nlohmann::json::parse(run_cli({"analyze", file, "--format", "json"}).out);
  CHECK(j["layers"][0]["label"] == "input (not in totals)");
  CHECK(j["layers"][0]["op"] == "input");
}
