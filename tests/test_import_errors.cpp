// The prototxt bad-input corpus: tests/errors/prototxt/*.prototxt, each
// opening with `# expect: <the exact stderr line>`; every file exits 2.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

std::string relative_to_source(std::string text) {
  const std::string root = std::string(ARCHCALC_SOURCE_DIR) + "/";
  for (auto at = text.find(root); at != std::string::npos; at = text.find(root, at)) {
    text.erase(at, root.size());
  }
  return text;
}

}  // namespace

TEST_CASE("import errors: every prototxt corpus file gives its expected line", "[import][errors]") {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(source_path("tests/errors/prototxt"))) {
    if (e.path().extension() == ".prototxt") names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  CHECK(names.size() >= 25);
  for (const auto& name : names) {
    DYNAMIC_SECTION(name) {
      std::string path = source_path("tests/errors/prototxt/" + name);
      std::ifstream in(path);
      std::string first;
      std::getline(in, first);
      REQUIRE(first.rfind("# expect: ", 0) == 0);
      CliResult r = run_cli({"analyze", path});
      CHECK(relative_to_source(r.err) == first.substr(10) + "\n");
      CHECK(r.code == 2);
      CHECK(r.out.empty());
    }
  }
}
