// `archcalc probe`: measures this machine's practical peak fp32 throughput
// and memory bandwidth for the roofline.
#pragma once

#include <functional>
#include <string>

#include "base/machine.hpp"

namespace archcalc::exec {

struct ProbeOptions {
  int threads = 1;                // >= 1
  int repeat = 5;                 // measurements of each figure; the best is kept
  std::int64_t gemm = 2048;       // sgemm size M = N = K
  std::int64_t stream = 1 << 24;  // floats per triad array (3 arrays)
};

// Peak: the faster of OpenBLAS's and oneDNN's sgemm, 2·M·N·K flops per call,
// best of `repeat` after one warm-up call. Bandwidth: the triad
// a[i] = b[i] + s·c[i] over opts.stream floats split across the threads,
// 3 × 4 bytes per element (reads of b and c, the write of a), best of
// `repeat`. Fills name, cpu, cores, threads, date and the methods.
Machine probe_machine(const ProbeOptions& opts);

}  // namespace archcalc::exec
