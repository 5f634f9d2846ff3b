// libFuzzer target: the command line's `--set NAME=VALUE` values, through the
// real CLI path (cli::run) on a fixed network whose parameters feed integer
// attributes, expressions, a padding word and a kernel list. The input is
// split at newlines into up to 8 `--set` values.
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"

namespace {

// The network the `--set` values apply to (fuzz/set_target.yaml).
const std::string kNetworkPath = ARCHCALC_FUZZ_NETWORK;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args{"analyze", kNetworkPath, "--format", "json"};
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
