// The loader's diagnostics as a user meets them: a misspelt required key
// keeps its hint, identical warnings collapse, YAML syntax errors name what
// is likely wrong; and the names repeated copies get.
#include <catch2/catch.hpp>

#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

struct Loaded {
  std::vector<std::string> warnings;
  std::string errors;  // rendered, "" when the file loads
  std::vector<std::string> names;
};

Loaded load(const std::string& yaml) {
  Loaded out;
  Diagnostics diag;
  try {
    Network net = load_network_text(yaml, "d.yaml", LoadOptions{}, diag);
    for (auto [it, end] = boost::vertices(net.graph); it != end; ++it)
      out.names.push_back(net.layer(*it).name);
  } catch (const InputErrors& e) {
    out.errors = e.what();
  } catch (const InputError& e) {
    out.errors = e.render();
  }
  out.warnings = diag.warnings();
  return out;
}

// `- {name: cI, op: conv, out: 4, kernel: 1, <extra>}` for I = 1..n.
std::string chain(int n, const std::string& extra) {
  std::string y = "input: [4, 2, 2]\nlayers:\n";
  for (int i = 1; i <= n; ++i)
    y += "  - {name: c" + std::to_string(i) + ", op: conv, out: 4, kernel: 1, " + extra + "}\n";
  return y;
}

}  // namespace

TEST_CASE("loader: a misspelt required key keeps its hint beside the error", "[loader][diag]") {
  Loaded r = load("input: [3, 8, 8]\nlayers:\n  - {name: c1, op: conv, out: 4, kernal: 3}\n");
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0] ==
        "d.yaml:3:34: warning: conv 'c1': unknown key 'kernal' (did you mean 'kernel'?)");
  CHECK(r.errors == "d.yaml:3:5: error: conv 'c1': missing attribute 'kernel'");
  // At the command line: the warning, then the error, exit 2.
  TempDir dir("diag");
  spit(dir.file("typo.yaml"),
       "input: [3, 8, 8]\nlayers:\n  - {name: c1, op: conv, out: 4, kernal: 3}\n");
  CliResult cli = run_cli({"analyze", dir.file("typo.yaml")});
  CHECK(cli.code == 2);
  CHECK(cli.err ==
        dir.file("typo.yaml") +
            ":3:34: warning: conv 'c1': unknown key 'kernal' (did you mean 'kernel'?)\n" +
            dir.file("typo.yaml") + ":3:5: error: conv 'c1': missing attribute 'kernel'\n");
}

TEST_CASE("loader: the same warning on many layers is shown three times, then counted",
          "[loader][diag]") {
  // 10,000 layers with `strid: 2`: the first three warnings, and one line
  // for the other 9,997 at the fourth's position (line 6, column 45).
  Loaded r = load(chain(10000, "strid: 2"));
  CHECK(r.errors.empty());
  REQUIRE(r.warnings.size() == 4);
  CHECK(r.warnings[0] ==
        "d.yaml:3:45: warning: conv 'c1': unknown key 'strid' (did you mean 'stride'?)");
  CHECK(r.warnings[2] ==
        "d.yaml:5:45: warning: conv 'c3': unknown key 'strid' (did you mean 'stride'?)");
  CHECK(r.warnings[3] ==
        "d.yaml:6:45: warning: … and 9,997 more like it: unknown key 'strid' (did you mean "
        "'stride'?)");
  // Different warnings are counted apart; three or fewer are all shown.
  Loaded two = load(chain(5, "strid: 2, pda: 1") + "  - {name: d, op: relu, sizee: 1}\n");
  REQUIRE(two.warnings.size() == 9);
  CHECK(two.warnings[1] ==
        "d.yaml:3:55: warning: conv 'c1': unknown key 'pda' (did you mean 'pad'?)");
  CHECK(two.warnings[6] == "d.yaml:8:25: warning: relu 'd': unknown key 'sizee'");
  CHECK(two.warnings[7] ==
        "d.yaml:6:45: warning: … and 2 more like it: unknown key 'strid' (did you mean "
        "'stride'?)");
  CHECK(two.warnings[8] ==
        "d.yaml:6:55: warning: … and 2 more like it: unknown key 'pda' (did you mean 'pad'?)");
}

TEST_CASE("loader: YAML syntax errors say what is likely wrong", "[loader][diag]") {
  // A tab in the indentation, at the tab.
  CHECK(load("input: [3, 8, 8]\nlayers:\n\t- {op: relu}\n").errors ==
        "d.yaml:3:1: error: YAML syntax: tabs are not allowed for indentation; indent with "
        "spaces");
  // A map key indented deeper than the keys above it.
  CHECK(load("input: [3, 8, 8]\n  layers:\n  - {op: relu}\n").errors ==
        "d.yaml:2:3: error: YAML syntax: this line is indented by 2 spaces and line 1 by 0 "
        "spaces; the items of one list or map must start in the same column");
  // A list item indented deeper than the one above it.
  CHECK(load("input: [3, 8, 8]\nlayers:\n  - {op: relu}\n   - {op: relu}\n").errors ==
        "d.yaml:4:4: error: YAML syntax: this line is indented by 3 spaces and line 3 by 2 "
        "spaces; the items of one list or map must start in the same column");
  CHECK(load("input: [3, 8, 8\nlayers: [{op: relu}]\n").errors ==
        "d.yaml:2:7: error: YAML syntax: a '[' list is not closed with ']'");
}

TEST_CASE("loader: repeated copies are numbered on from a first copy written apart",
          "[loader][names]") {
  auto names = [](const std::string& layers) {
    return load("input: [4, 2, 2]\nlayers:\n" + layers).names;
  };
  using V = std::vector<std::string>;
  CHECK(names("  - {name: b, op: relu, repeat: 3}\n") == V{"input", "b_1", "b_2", "b_3"});
  CHECK(names("  - {name: b, op: relu}\n") == V{"input", "b"});
  CHECK(names("  - {name: b_1, op: sigmoid}\n  - {name: b, op: relu, repeat: 2}\n") ==
        V{"input", "b_1", "b_2", "b_3"});
  // Even a single copy continues the numbering.
  CHECK(names("  - {name: b_1, op: sigmoid}\n  - {name: b, op: relu}\n") ==
        V{"input", "b_1", "b_2"});
  // ResNet-18: every stage's blocks are block_1 and block_2, the first a
  // projection block.
  Network net = analyzed_file("architectures/resnet18.yaml");
  for (const char* stage : {"conv2_x", "conv3_x", "conv4_x", "conv5_x"}) {
    V inside;
    for (const auto& b : net.blocks) {
      if (b.parent >= 0 && net.blocks[static_cast<std::size_t>(b.parent)].name == stage)
        inside.push_back(b.name + " " + b.definition);
    }
    std::string s(stage);
    std::string first = s == "conv2_x" ? "basic" : "basic_proj";
    CHECK(inside == V{s + "/block_1 " + first, s + "/block_2 basic"});
  }
}
