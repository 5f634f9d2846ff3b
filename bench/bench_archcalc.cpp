// Google Benchmark cases for bench/run.sh: single layers (bench/layers/*.yaml)
// on every backend, and a large sgemm (OpenBLAS and oneDNN) as the practical
// peak; batch 1, fp32, 1 and 2 threads. Each case reports the FLOPs of one
// iteration in the "flops" counter. (Whole networks: bench_serve.cpp, driven
// by bench/interleave.py beside PyTorch.)
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <omp.h>

#include <filesystem>
#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <vector>

#include "exec/executor.hpp"
#include "io/loader.hpp"
#include "passes/passes.hpp"

namespace {

using namespace archcalc;

// The executor of the case being run, kept across its repetitions.
struct Loaded {
  std::string key;
  std::unique_ptr<Network> net;
  std::unique_ptr<exec::Backend> backend;
  std::unique_ptr<exec::Executor> ex;
};
Loaded& loaded(const std::string& file, const std::string& backend, int threads) {
  static Loaded cur;
  const std::string key = file + "|" + backend + "|" + std::to_string(threads);
  if (cur.key == key) return cur;
  cur = {};
  Diagnostics diag;
  cur.net = std::make_unique<Network>(load_network_file(file, LoadOptions{}, diag));
  analyze(*cur.net);
  cur.backend = exec::make_backend(backend, {threads});
  cur.ex = std::make_unique<exec::Executor>(*cur.net, *cur.backend, 1);
  cur.ex->seed_params(1);
  cur.ex->seed_inputs(1);
  cur.ex->forward();  // packs weights
  cur.ex->forward();
  cur.key = key;
  return cur;
}

void run_file(benchmark::State& state, const std::string& file, const std::string& backend,
              int threads) {
  Loaded& l = loaded(file, backend, threads);
  for (auto _ : state) l.ex->forward();
  state.counters["flops"] = 2.0 * static_cast<double>(l.net->totals(false).cost.macs);
}

void sgemm(benchmark::State& state, const std::string& lib, int threads) {
  const int n = 2048;
  std::vector<float> a(static_cast<std::size_t>(n) * n, 0.5f), b(a.size(), 0.25f), c(a.size());
  openblas_set_num_threads(threads);
  omp_set_num_threads(threads);
  for (auto _ : state) {
    if (lib == "openblas") {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0f, a.data(), n, b.data(),
                  n, 0.0f, c.data(), n);
    } else {
      dnnl::sgemm('N', 'N', n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n);
    }
  }
  state.counters["flops"] = 2.0 * n * n * static_cast<double>(n);
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path root = ARCHCALC_SOURCE_DIR;
  const std::vector<std::string> layers{
      "vgg16_conv1_2", "vgg16_conv3_2",       "vgg16_conv5_1",         "resnet50_1x1",
      "resnet50_3x3",  "inception_5x5_naive", "inception_5x5_reduced", "alexnet_conv1"};
  for (int threads : {1, 2}) {
    for (const char* lib : {"openblas", "onednn"}) {
      benchmark::RegisterBenchmark(
          ("sgemm/" + std::string(lib) + "/" + std::to_string(threads)).c_str(),
          [lib, threads](benchmark::State& s) { sgemm(s, lib, threads); })
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
    for (const auto& layer : layers) {
      for (const char* backend : {"reference", "gemm", "onednn"}) {
        const std::string file = (root / "bench/layers" / (layer + ".yaml")).string();
        benchmark::RegisterBenchmark(
            ("layer/" + layer + "/" + backend + "/" + std::to_string(threads)).c_str(),
            [file, backend, threads](benchmark::State& s) { run_file(s, file, backend, threads); })
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
      }
    }
  }
  // Which kernels OpenBLAS runs: its own pick for this CPU, or the one
  // OPENBLAS_CORETYPE forces.
  benchmark::AddCustomContext("openblas_core", openblas_get_corename());
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
