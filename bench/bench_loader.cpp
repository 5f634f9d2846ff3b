// Google Benchmark cases for bench/loader.sh: `archcalc analyze` (table) as a
// whole process on a flat chain of N convolutions and on ResNet-152 (wall
// time and peak resident memory), beside yaml-cpp's bare event parse of the
// same chain files (YAML::Parser with a handler that does nothing), all in
// one run. The chain files are generated into a temporary folder.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

const int kChains[] = {12500, 25000, 50000, 100000};

const fs::path& chain_dir() {
  static const fs::path dir =
      fs::temp_directory_path() / ("archcalc_bench_loader_" + std::to_string(getpid()));
  return dir;
}

// `- {name: cN, op: conv, out: 16, kernel: 3, pad: 1}` ×n on a 16×8×8 input.
std::string chain_file(int n) {
  fs::create_directories(chain_dir());
  fs::path path = chain_dir() / ("chain_" + std::to_string(n) + ".yaml");
  if (!fs::exists(path)) {
    std::ofstream out(path);
    out << "name: chain\ninput: [16, 8, 8]\nlayers:\n";
    for (int i = 1; i <= n; ++i)
      out << "  - {name: c" << i << ", op: conv, out: 16, kernel: 3, pad: 1}\n";
  }
  return path.string();
}

class NullHandler : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Reads the file and runs yaml-cpp's event parser over it.
void yaml_event_parse(benchmark::State& state) {
  std::string path = chain_file(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    YAML::Parser parser(text);
    NullHandler handler;
    parser.HandleNextDocument(handler);
  }
  state.counters["layers"] = static_cast<double>(state.range(0));
}

// Runs `archcalc analyze <file>` (output to /dev/null); the iteration's time
// is the process's wall time, peak_rss_mib its peak resident memory.
void run_analyze(benchmark::State& state, const std::string& file) {
  long peak_kib = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid == 0) {
      int null = ::open("/dev/null", O_WRONLY);
      dup2(null, 1);
      execl(ARCHCALC_BINARY, "archcalc", "analyze", file.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    auto end = std::chrono::steady_clock::now();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      state.SkipWithError("archcalc analyze failed");
      return;
    }
    state.SetIterationTime(std::chrono::duration<double>(end - start).count());
    peak_kib = std::max(peak_kib, usage.ru_maxrss);
  }
  state.counters["peak_rss_mib"] = static_cast<double>(peak_kib) / 1024.0;
}

void analyze_chain(benchmark::State& state) {
  run_analyze(state, chain_file(static_cast<int>(state.range(0))));
  state.counters["layers"] = static_cast<double>(state.range(0));
}

void analyze_resnet152(benchmark::State& state) {
  run_analyze(state, std::string(ARCHCALC_SOURCE_DIR) + "/architectures/resnet152.yaml");
}

void register_all() {
  for (int n : kChains) {
    benchmark::RegisterBenchmark("yaml_event_parse", yaml_event_parse)
        ->Arg(n)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime()
        ->Iterations(1);
    benchmark::RegisterBenchmark("analyze_chain", analyze_chain)
        ->Arg(n)
        ->Unit(benchmark::kMillisecond)
        ->UseManualTime()
        ->Iterations(1);
  }
  benchmark::RegisterBenchmark("analyze_resnet152", analyze_resnet152)
      ->Unit(benchmark::kMillisecond)
      ->UseManualTime()
      ->Iterations(5);
}

}  // namespace

int main(int argc, char** argv) {
  register_all();
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  fs::remove_all(chain_dir());
  return 0;
}
