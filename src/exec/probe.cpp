#include "exec/probe.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>
#include <vector>

#include "exec/host.hpp"
#if ARCHCALC_WITH_OPENBLAS
#include "exec/kernels/gemm/gemm.hpp"
#endif
#if ARCHCALC_WITH_ONEDNN
#include "exec/kernels/onednn/entry.hpp"
#endif
#include "exec/parallel.hpp"
#include "exec/plan.hpp"
#include "exec/timer.hpp"

namespace archcalc::exec {

namespace {

// The shortest of `repeat` timings of `f`, after one untimed call.
template <typename F>
double best_seconds(int repeat, F f) {
  f();
  double best = 0;
  for (int i = 0; i < repeat; ++i) {
    const auto start = Clock::now();
    f();
    const double s = seconds_between(start, Clock::now());
    best = i == 0 ? s : std::min(best, s);
  }
  return best;
}

std::string cpu_model() {
  const std::string text = machine_text();  // "AMD EPYC · 2 CPUs"
  return text.substr(0, text.find(" · "));
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

Machine probe_machine(const ProbeOptions& o) {
  Machine m;
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) m.name = host;
  m.cpu = cpu_model();
  m.cores = static_cast<int>(std::thread::hardware_concurrency());
  m.threads = o.threads;
  m.date = utc_now();

  const auto n = static_cast<std::size_t>(o.gemm);
  std::vector<float> a(n * n, 0.5f), b(n * n, 0.25f), c(n * n, 0.0f);
  [[maybe_unused]] const int dim = static_cast<int>(o.gemm);
  const double flops =
      2.0 * static_cast<double>(o.gemm) * static_cast<double>(o.gemm) * static_cast<double>(o.gemm);
  // The faster of the sgemm of each library this build has.
  std::vector<std::pair<const char*, double>> timed;
#if ARCHCALC_WITH_OPENBLAS
  gemm::use_threads(o.threads);
  timed.emplace_back(
      "OpenBLAS", best_seconds(o.repeat, [&] { gemm::sgemm(dim, a.data(), b.data(), c.data()); }));
#endif
#if ARCHCALC_WITH_ONEDNN
  onednn::use_threads(o.threads);
  timed.emplace_back(
      "oneDNN", best_seconds(o.repeat, [&] { onednn::sgemm(dim, a.data(), b.data(), c.data()); }));
#endif
  if (timed.empty()) {
    throw InputError(SourcePos{"archcalc", 0, 0},
                     "this build has no sgemm to probe the peak with (built with "
                     "ARCHCALC_WITH_OPENBLAS=OFF and ARCHCALC_WITH_ONEDNN=OFF)");
  }
  double best = timed.front().second;
  std::string each;
  for (const auto& [library, seconds] : timed) {
    best = std::min(best, seconds);
    each += fmt::format("{}{} {:.2f} GFLOP/s", each.empty() ? "" : ", ", library,
                        flops / seconds / 1e9);
  }
  m.peak_flops = flops / best;
  m.peak_method = fmt::format("sgemm {}×{}×{}, best of {}: {}; the faster", o.gemm, o.gemm, o.gemm,
                              o.repeat, each);

  const auto len = static_cast<std::size_t>(o.stream);
  std::vector<float> x(len, 0.0f), y(len, 1.0f), z(len, 2.0f);
  const double triad = best_seconds(o.repeat, [&] {
    parallel_for(o.stream, o.threads, [&](std::int64_t lo, std::int64_t hi) {
      for (std::int64_t i = lo; i < hi; ++i) x[i] = y[i] + 3.0f * z[i];
    });
  });
  m.bandwidth = 3.0 * 4.0 * static_cast<double>(o.stream) / triad;
  m.bandwidth_method =
      fmt::format("triad a = b + s·c over 3 × {}, 12 bytes per element, best of {}",
                  bytes_text(static_cast<Count>(o.stream) * 4), o.repeat);
  return m;
}

}  // namespace archcalc::exec
