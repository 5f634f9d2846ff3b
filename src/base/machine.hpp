// A machine profile: the peak fp32 throughput and memory bandwidth the
// roofline pass predicts layer times from (`archcalc probe` measures them).
#pragma once

#include <string>

#include "util/checked.hpp"

namespace archcalc {

struct Machine {
  std::string name;         // host name
  std::string cpu;          // model name from /proc/cpuinfo: "AMD EPYC"
  int cores = 0;            // logical CPUs
  int threads = 0;          // threads the figures were measured with
  std::string date;         // UTC, ISO 8601: "2026-11-22T18:40:00Z"
  double peak_flops = 0;    // FLOP/s (fp32), > 0
  double bandwidth = 0;     // bytes/s, > 0
  std::string peak_method;  // how peak_flops was measured
  std::string bandwidth_method;
  std::string file;  // the profile this was read from ("" when measured)
};

// What the roofline pass adds to a layer: its predicted time on a machine.
struct Roofline {
  Count flops = 0;             // 2 × MACs
  Count bytes = 0;             // input + output activations + weights, fp32
  double compute_seconds = 0;  // flops / peak
  double memory_seconds = 0;   // bytes / bandwidth
  // max(compute, memory): the roofline's prediction, seconds.
  double seconds() const {
    return compute_seconds > memory_seconds ? compute_seconds : memory_seconds;
  }
  // True when moving the bytes takes longer than the arithmetic.
  bool memory_bound() const { return memory_seconds > compute_seconds; }
};

}  // namespace archcalc
