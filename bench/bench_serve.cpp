// archcalc's side of bench/interleave.py: one forward pass per request, so a
// driver can alternate archcalc's passes with PyTorch's on the same cores.
//
// First prints one JSON line naming the kernels this process runs
// ({"openblas_core": ..., "onednn_isa": ..., "onednn_version": ...}), then
// reads requests from stdin, one a line:
//   FILE BACKEND THREADS   runs one forward pass and prints its wall time in
//                          seconds: batch 1, seeded weights and input, each
//                          output allocated before its layer runs and freed
//                          after its last reader (as `archcalc run` does); the
//                          first request for a FILE/BACKEND/THREADS binds the
//                          network and runs two untimed passes (weights are
//                          packed then)
//   drop                   frees every network held, prints "ok"
// A request that fails prints "error: what" (the driver stops there).
#include <cblas.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <sstream>
#include <stdexcept>
#include <string>

#include "exec/executor.hpp"
#include "io/loader.hpp"
#include "passes/passes.hpp"

namespace {

using namespace archcalc;

const char* isa_name(dnnl::cpu_isa isa) {
  switch (isa) {
    case dnnl::cpu_isa::sse41:
      return "sse41";
    case dnnl::cpu_isa::avx:
      return "avx";
    case dnnl::cpu_isa::avx2:
      return "avx2";
    case dnnl::cpu_isa::avx2_vnni:
      return "avx2_vnni";
    case dnnl::cpu_isa::avx512_mic:
      return "avx512_mic";
    case dnnl::cpu_isa::avx512_mic_4ops:
      return "avx512_mic_4ops";
    case dnnl::cpu_isa::avx512_core:
      return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni:
      return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16:
      return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx:
      return "avx512_core_amx";
    default:
      return "all";
  }
}

struct Loaded {
  std::unique_ptr<Network> net;
  std::unique_ptr<exec::Backend> backend;
  std::unique_ptr<exec::Executor> ex;
};

Loaded load(const std::string& file, const std::string& backend, int threads) {
  Loaded l;
  Diagnostics diag;
  l.net = std::make_unique<Network>(load_network_file(file, LoadOptions{}, diag));
  analyze(*l.net);
  l.backend = exec::make_backend(backend, {threads});
  l.ex = std::make_unique<exec::Executor>(*l.net, *l.backend, 1, exec::Lifetime::kFreeAtLastUse);
  l.ex->seed_params(1);
  l.ex->seed_inputs(1);
  l.ex->forward();  // packs weights
  l.ex->forward();
  return l;
}

}  // namespace

int main() {
  const dnnl_version_t* v = dnnl_version();
  std::printf(
      "{\"openblas_core\": \"%s\", \"onednn_isa\": \"%s\", \"onednn_version\": \"%d.%d.%d\"}\n",
      openblas_get_corename(), isa_name(dnnl::get_effective_cpu_isa()), v->major, v->minor,
      v->patch);
  std::fflush(stdout);
  std::map<std::string, Loaded> held;
  std::string line;
  while (std::getline(std::cin, line)) {
    try {
      if (line == "drop") {
        held.clear();
        std::printf("ok\n");
      } else {
        std::istringstream in(line);
        std::string file, backend;
        int threads = 0;
        if (!(in >> file >> backend >> threads) || threads < 1) {
          throw std::runtime_error("expected FILE BACKEND THREADS, got '" + line + "'");
        }
        auto it = held.find(line);
        if (it == held.end()) it = held.emplace(line, load(file, backend, threads)).first;
        const auto start = std::chrono::steady_clock::now();
        it->second.ex->forward();
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::printf("%.9f\n", took.count());
      }
    } catch (const std::exception& e) {
      std::printf("error: %s\n", e.what());
    }
    std::fflush(stdout);
  }
  return 0;
}
