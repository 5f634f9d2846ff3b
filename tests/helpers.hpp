// Shared test helpers: load bundled or inline networks, run the CLI in-process.
#pragma once

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "graph/network.hpp"
#include "io/loader.hpp"
#include "passes/passes.hpp"

namespace archcalc::test {

// A fresh empty directory under the system's temporary directory, removed
// when the object goes.
class TempDir {
 public:
  explicit TempDir(const std::string& tag = "test") {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() /
           ("archcalc-" + tag + "-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  // `rel` inside the directory, as a string; the directory itself for "".
  std::string str(const std::string& rel = "") const { return (path / rel).string(); }
  std::string file(const std::string& name) const { return str(name); }

  std::filesystem::path path;
};

// The bytes of file `p` ("" when it cannot be read).
inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

// Writes `text` to `p`, creating its directory.
inline void spit(const std::filesystem::path& p, const std::string& text) {
  if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

// A path inside the source tree: "architectures/vgg16.yaml".
inline std::string source_path(const std::string& rel) {
  return std::string(ARCHCALC_SOURCE_DIR) + "/" + rel;
}

// Loads and analyzes a file of the source tree, with `--set` overrides.
inline Network analyzed_file(const std::string& rel,
                             std::vector<std::pair<std::string, std::string>> sets = {}) {
  Diagnostics diag;
  LoadOptions opts;
  opts.overrides = std::move(sets);
  Network net = load_network_file(source_path(rel), opts, diag);
  analyze(net);
  return net;
}

// Loads and analyzes YAML text named `file` in messages.
inline Network analyzed_text(const std::string& yaml, const std::string& file = "test.yaml") {
  Diagnostics diag;
  Network net = load_network_text(yaml, file, LoadOptions{}, diag);
  analyze(net);
  return net;
}

// The layer called `name` (full path).
inline const Layer& layer_named(const Network& net, const std::string& name) {
  for (auto [it, end] = boost::vertices(net.graph); it != end; ++it) {
    if (net.layer(*it).name == name) return net.layer(*it);
  }
  throw std::runtime_error("no layer " + name);
}

// The vertex index of the layer called `name`.
inline std::size_t layer_index(const Network& net, const std::string& name) {
  for (auto [it, end] = boost::vertices(net.graph); it != end; ++it) {
    if (net.layer(*it).name == name) return *it;
  }
  throw std::runtime_error("no layer " + name);
}

// The block instance called `name` (full path).
inline const BlockInstance& block_named(const Network& net, const std::string& name) {
  for (const auto& b : net.blocks) {
    if (b.name == name) return b;
  }
  throw std::runtime_error("no block " + name);
}

// The result of running the CLI in-process.
struct CliResult {
  int code;
  std::string out, err;
};

inline CliResult run_cli(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

// True if `text` holds `line` as a whole line.
inline bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

// How many times `what` occurs in `text` (overlaps included).
inline std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The whole file as bytes.
inline std::string read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

}  // namespace archcalc::test
