// A typo must not turn into a wrong figure in CI: `--strict` makes warnings
// errors (exit 2), `check` fails on any warning (exit 1), and with
// --allow-unknown every format says which layers its totals leave out.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "helpers.hpp"

using namespace archcalc::test;
namespace fs = std::filesystem;

namespace {

// conv1 with `strid: 2` (a typo of `stride`) at line 4, column 48: counted
// with stride 1 when the warning is ignored.
const char* kTypo =
    "name: typo\n"
    "input: [3, 32, 32]\n"
    "layers:\n"
    "  - {name: conv1, op: conv, out: 8, kernel: 3, strid: 2}\n";

}  // namespace

TEST_CASE("strict: a warning is an error under --strict, exit 2", "[strict]") {
  TempDir tmp;
  std::string file = tmp.file("typo.yaml");
  spit(file, kTypo);
  CliResult r = run_cli({"analyze", file, "--format", "json"});
  CHECK(r.code == 0);
  CHECK(r.err == file +
                     ":4:48: warning: conv 'conv1': unknown key 'strid' (did you mean "
                     "'stride'?)\n");
  // Stride 1: 30×30×8 outputs × 27 MACs each.
  CHECK(nlohmann::json::parse(r.out)["totals"]["macs"] == 30 * 30 * 8 * 27);

  for (const char* command : {"analyze", "diagram", "compare", "report", "list"}) {
    std::vector<std::string> args = {command, file, "--strict"};
    if (std::string(command) == "compare") args.insert(args.begin() + 2, file);
    if (std::string(command) == "list") args[1] = tmp.str();
    if (std::string(command) == "report") args.insert(args.end(), {"--format", "html", "-o", "-"});
    CliResult s = run_cli(args);
    INFO(command);
    CHECK(s.code == 2);
    CHECK(s.out.empty());
    CHECK(s.err == file +
                       ":4:48: error: conv 'conv1': unknown key 'strid' (did you mean "
                       "'stride'?)\n");
  }
  // A file without warnings passes --strict.
  CHECK(run_cli({"analyze", source_path("architectures/lenet5.yaml"), "--strict"}).code == 0);
}

TEST_CASE("strict: sweep --strict and the warning lines' parts", "[strict]") {
  TempDir tmp;
  std::string file = tmp.file("typo.yaml");
  spit(file, std::string(kTypo) + "params: {width: 8}\n");
  CliResult r = run_cli({"sweep", file, "--set", "width=4,8", "--strict"});
  CHECK(r.code == 2);
  CHECK(r.err.find(":4:48: error: conv 'conv1': unknown key 'strid'") != std::string::npos);

  archcalc::cli::DiagnosticLine d =
      archcalc::cli::parse_diagnostic("dir/a:b.yaml:12:7: warning: conv 'x': unknown key 'k'");
  CHECK(d.file == "dir/a:b.yaml");
  CHECK(d.line == 12);
  CHECK(d.column == 7);
  CHECK(d.severity == "warning");
  CHECK(d.message == "conv 'x': unknown key 'k'");
  CHECK(archcalc::cli::as_error("f.yaml:3: warning: w") == "f.yaml:3: error: w");
  CHECK(archcalc::cli::as_error("warning: no position") == "error: no position");
}

namespace {

// lenet5 in `dir`/arch with its baselines in `dir`/base.
fs::path lenet_zoo(const TempDir& dir) {
  fs::path zoo = dir.path / "arch";
  fs::create_directories(zoo);
  fs::copy_file(source_path("architectures/lenet5.yaml"), zoo / "lenet5.yaml");
  REQUIRE(run_cli({"report", zoo.string(), "-o", dir.str("base")}).code == 0);
  return zoo;
}

// The 1-based line of `file` holding `text`.
int line_of(const fs::path& file, const std::string& text) {
  std::string all = slurp(file);
  auto at = all.find(text);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<int>(std::count(all.begin(), all.begin() + static_cast<long>(at), '\n'));
}

}  // namespace

TEST_CASE("check: a warning in a checked file fails the check, exit 1", "[strict][check]") {
  TempDir tmp;
  fs::path zoo = lenet_zoo(tmp);
  fs::path file = zoo / "lenet5.yaml";
  std::string text = slurp(file);
  // A mistyped optional key on c1: nothing it counts moves, so only the warning can fail.
  auto at = text.find("name: c1,");
  REQUIRE(at != std::string::npos);
  spit(file, text.insert(at, "padd: 1, "));
  int line = line_of(file, "padd: 1");
  auto r = run_cli({"check", zoo.string(), "--baseline", tmp.str("base")});
  CHECK(r.code == 1);
  CHECK(r.err.rfind(file.string() + ":" + std::to_string(line) + ":", 0) == 0);
  CHECK(r.err.find(": error: conv 'c1': unknown key 'padd' (did you mean 'pad'?)\n") !=
        std::string::npos);
  CHECK(r.out ==
        "archcalc check: 1 warning in the network files, each an error: a mistyped key would be "
        "counted with its default\n");

  // --update refuses while a warning stands, and writes nothing.
  std::string before = slurp(tmp.path / "base" / "lenet5.json");
  auto u = run_cli({"check", zoo.string(), "--baseline", tmp.str("base"), "--update"});
  CHECK(u.code == 1);
  CHECK(slurp(tmp.path / "base" / "lenet5.json") == before);

  // JSON and GitHub annotations carry the warning with its position.
  auto j = run_cli({"check", zoo.string(), "--baseline", tmp.str("base"), "--format", "json"});
  CHECK(j.code == 1);
  auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["schema"] == "archcalc.check");
  CHECK(doc["result"] == "warnings");
  REQUIRE(doc["warnings"].size() == 1);
  CHECK(doc["warnings"][0]["file"] == file.string());
  CHECK(doc["warnings"][0]["line"] == line);
  CHECK(doc["warnings"][0]["message"] == "conv 'c1': unknown key 'padd' (did you mean 'pad'?)");
  auto g = run_cli({"check", zoo.string(), "--baseline", tmp.str("base"), "--format", "github"});
  CHECK(g.code == 1);
  CHECK(g.out.rfind("::error file=" + file.string() + ",line=" + std::to_string(line) + ",col=",
                    0) == 0);
  CHECK(g.out.find("::conv 'c1': unknown key 'padd' (did you mean 'pad'?)\n") != std::string::npos);
}

TEST_CASE("check: --format json and github list the differences with their lines",
          "[check][format]") {
  TempDir tmp;
  fs::path zoo = tmp.path / "arch";
  fs::create_directories(zoo);
  fs::copy_file(source_path("architectures/vgg16.yaml"), zoo / "vgg16.yaml");
  REQUIRE(run_cli({"report", zoo.string(), "-o", tmp.str("base")}).code == 0);
  std::string text = slurp(zoo / "vgg16.yaml");
  auto at = text.find("classes: 1000");
  REQUIRE(at != std::string::npos);
  spit(zoo / "vgg16.yaml", text.replace(at, 13, "classes: 10"));
  int fc8 = line_of(zoo / "vgg16.yaml", "name: fc8");

  auto j = run_cli(
      {"check", zoo.string(), "--baseline", tmp.str("base"), "--format", "json", "--limit", "0"});
  CHECK(j.code == 1);
  CHECK(j.err.empty());
  auto doc = nlohmann::json::parse(j.out);
  CHECK(doc["result"] == "differ");
  CHECK(doc["networks"] == 1);
  CHECK(doc["networks_differing"] == 1);
  CHECK(doc["differences"].size() == 28);
  bool found = false;
  for (const auto& d : doc["differences"]) {
    if (d["where"] == "layer fc8" && d["field"] == "params") {
      found = true;
      CHECK(d["network"] == "vgg16");
      CHECK(d["line"] == fc8);
      CHECK(d["before"] == 4'097'000);
      CHECK(d["after"] == 40'970);
      CHECK(d["text"] == "vgg16: layer fc8: params 4,097,000 → 40,970 (-99%)");
    }
  }
  CHECK(found);
  CHECK(doc["update_command"] ==
        "archcalc check " + zoo.string() + " --baseline " + tmp.str("base") + " --update");

  auto g = run_cli(
      {"check", zoo.string(), "--baseline", tmp.str("base"), "--format", "github", "--limit", "0"});
  CHECK(g.code == 1);
  CHECK(
      g.out.find("::error file=" + (zoo / "vgg16.yaml").string() + ",line=" + std::to_string(fc8) +
                 "::vgg16: layer fc8: params 4,097,000 → 40,970 (-99%25)\n") != std::string::npos);
  // Totals point at no line; '%' is written %25, as GitHub's annotations escape it.
  CHECK(g.out.find("::error file=" + (zoo / "vgg16.yaml").string() +
                   "::vgg16: totals: params 138,357,544 → 134,301,514 (-2.93%25)\n") !=
        std::string::npos);
  CHECK(g.out.find("archcalc check: 28 differences in 1 of 1 networks.") != std::string::npos);
}

TEST_CASE("allow-unknown: every format says the totals are incomplete", "[strict][unknown]") {
  std::string path = source_path("tests/data/import/unknown_op.onnx");
  const std::string said = "incomplete: 1 layer not counted (op HardSigmoid)";
  auto has = [&](const std::vector<std::string>& args) {
    CliResult r = run_cli(args);
    INFO(args[0] << " " << (args.size() > 4 ? args[4] : ""));
    CHECK(r.code == 0);
    CHECK(r.out.find(said) != std::string::npos);
    return r.out;
  };
  std::string table = has({"analyze", path, "--allow-unknown"});
  CHECK(table.find(said + ": the totals leave them out\n") != std::string::npos);
  std::string md = has({"analyze", path, "--allow-unknown", "--format", "markdown"});
  CHECK(md.find("**" + said + "**: the totals leave them out.\n") != std::string::npos);
  std::string csv = has({"analyze", path, "--allow-unknown", "--format", "csv"});
  CHECK(csv.find("\nincomplete," + said + ",HardSigmoid,0,,,,,,,,,,,\n") != std::string::npos);
  auto j = nlohmann::json::parse(has({"analyze", path, "--allow-unknown", "--format", "json"}));
  CHECK(j["incomplete"]["layers_not_counted"] == 1);
  CHECK(j["incomplete"]["ops"] == nlohmann::json::array({"HardSigmoid"}));
  has({"report", path, "--allow-unknown", "--format", "html", "-o", "-"});
  std::string cmp = has({"compare", path, path, "--allow-unknown"});
  CHECK(cmp.find("A " + said + ": its totals leave them out\nB " + said) != std::string::npos);
  has({"compare", path, path, "--allow-unknown", "--format", "markdown"});
  auto c =
      nlohmann::json::parse(has({"compare", path, path, "--allow-unknown", "--format", "json"}));
  CHECK(c["a"]["incomplete"] == said);

  // A complete network says nothing of the kind.
  CliResult whole = run_cli({"analyze", source_path("architectures/lenet5.yaml")});
  CHECK(whole.out.find("incomplete") == std::string::npos);
}
