// The malformed-input corpus (tests/errors/*.yaml), run through the real CLI
// path. Each file opens with its expectations as comments:
//   # args: --set width=0              (optional: extra arguments after the file)
//   # expect: tests/errors/x.yaml:3:5: error: ...   (one line per stderr line)
// A file whose expected lines hold an error must exit 2 with empty stdout; a
// file expecting only warnings must exit 0 and print its report.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "helpers.hpp"
#include "io/text_check.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

struct Expectation {
  std::vector<std::string> args;  // after `analyze FILE`
  std::string err;                // exact stderr
  bool error = false;             // some expected line is an error
};

// Reads the leading `# args:` and `# expect:` comments of a corpus file.
Expectation read_expectation(const std::string& path) {
  std::ifstream in(path);
  Expectation e;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# args: ", 0) == 0) {
      std::istringstream words(line.substr(8));
      for (std::string w; words >> w;) e.args.push_back(w);
    } else if (line.rfind("# expect: ", 0) == 0) {
      std::string want = line.substr(10);
      e.error = e.error || want.find(": error: ") != std::string::npos;
      e.err += want + "\n";
    } else {
      break;
    }
  }
  return e;
}

// `text` with the source directory prefix removed, so paths read as in the repo.
std::string relative(std::string text) {
  const std::string root = std::string(ARCHCALC_SOURCE_DIR) + "/";
  for (auto at = text.find(root); at != std::string::npos; at = text.find(root, at)) {
    text.erase(at, root.size());
  }
  return text;
}

std::vector<std::string> corpus_files() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("tests/errors"))) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("errors: the corpus holds at least 40 malformed files", "[errors][corpus]") {
  std::size_t errors = 0;
  for (const auto& name : corpus_files()) {
    if (read_expectation(source_path("tests/errors/" + name)).error) ++errors;
  }
  CHECK(errors >= 40);
}

TEST_CASE("errors: every corpus file gives exactly its expected lines", "[errors][corpus]") {
  for (const auto& name : corpus_files()) {
    DYNAMIC_SECTION(name) {
      std::string path = source_path("tests/errors/" + name);
      Expectation want = read_expectation(path);
      REQUIRE_FALSE(want.err.empty());  // a file without expectations tests nothing
      std::vector<std::string> args{"analyze", path};
      args.insert(args.end(), want.args.begin(), want.args.end());
      CliResult r = run_cli(args);
      CHECK(relative(r.err) == want.err);
      if (want.error) {
        CHECK(r.code == 2);
        CHECK(r.out.empty());
      } else {
        CHECK(r.code == 0);
        CHECK_FALSE(r.out.empty());
      }
    }
  }
}

TEST_CASE("errors: a file of zero bytes", "[errors][corpus]") {
  auto path = std::filesystem::temp_directory_path() / "archcalc_errors_empty.yaml";
  std::ofstream(path).close();
  CliResult r = run_cli({"analyze", path.string()});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == path.string() + ":1:1: error: the file is empty\n");
  std::filesystem::remove(path);
}

TEST_CASE("errors: UTF-8 validation finds the first bad byte", "[errors][utf8]") {
  using std::string_view;
  CHECK(first_invalid_utf8("plain ascii") == string_view::npos);
  CHECK(first_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == string_view::npos);
  CHECK(first_invalid_utf8("caf\x98") == 3);           // lone continuation byte
  CHECK(first_invalid_utf8("\xC0\x80") == 0);          // overlong NUL
  CHECK(first_invalid_utf8("\xE0\x80\x80") == 1);      // overlong 3-byte form
  CHECK(first_invalid_utf8("x\xED\xA0\x80") == 2);     // surrogate U+D800
  CHECK(first_invalid_utf8("\xF4\x90\x80\x80") == 1);  // past U+10FFFF
  CHECK(first_invalid_utf8("ab\xE2\x82") == 2);        // truncated at the end
  CHECK(first_invalid_utf8("\xE2\x28\xA1") == 1);      // bad continuation
  CHECK(first_invalid_utf8("\xF5\x80\x80\x80") == 0);  // no such lead byte
}
