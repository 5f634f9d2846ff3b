// libFuzzer target: the command line's `--set NAME=VALUE` values, through the
// real CLI path (cli::run) on a fixed network whose parameters feed integer
// attributes, expressions, a padding word and a kernel list. The input is
// split at newlines into up to 8 `--set` values.
#include <unistd.h>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace {

constexpr const char* kNetwork = R"(name: set_target
input: [$channels, $size, $size]
params: {channels: 3, size: 32, width: 16, pad: same, kernel: [1, 3], classes: 10, depth: 2}
blocks:
  unit:
    args: {out: null, kernel: 3, pad: 1}
    layers:
      - {name: a, op: conv, out: $out, kernel: $kernel, pad: $pad, act: relu}
      - {name: b, op: conv, out: $out, kernel: 1}
layers:
  - {name: stem, op: conv, out: $width * 2, kernel: $kernel, pad: $pad}
  - {name: stage, block: unit, args: {out: $width, kernel: $kernel, pad: $pad}, repeat: $depth}
  - {name: pool, op: maxpool, kernel: 2, round: ceil}
  - {name: fc, op: fc, out: $classes}
)";

const std::string& network_path() {
  static const std::string path = [] {
    std::string p = "/tmp/archcalc_fuzz_set_" + std::to_string(::getpid()) + ".yaml";
    std::ofstream(p) << kNetwork;
    return p;
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args{"analyze", network_path(), "--format", "json"};
  std::size_t start = 0;
  for (int i = 0; i < 8 && start <= text.size(); ++i) {
    std::size_t end = text.find('\n', start);
    args.push_back("--set");
    args.push_back(text.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::ostringstream out, err;
  int code = archcalc::cli::run(args, out, err);
  if (code != archcalc::cli::kOk && code != archcalc::cli::kBadInput) std::abort();
  if (code == archcalc::cli::kBadInput && (!out.str().empty() || err.str().empty())) {
    std::fprintf(stderr, "exit 2 with stdout or without a message\n");
    std::abort();
  }
  return 0;
}
