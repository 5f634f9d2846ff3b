// Timing: a monotonic clock and the summary of repeated measurements.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

namespace archcalc::exec {

using Clock = std::chrono::steady_clock;
static_assert(Clock::is_steady, "timings need a monotonic clock");

// Seconds from `start` to `end`.
inline double seconds_between(Clock::time_point start, Clock::time_point end) {
  return std::chrono::duration<double>(end - start).count();
}

// Repeated measurements of one duration, in seconds.
struct Stats {
  double median = 0, min = 0, max = 0;
};

// The median (mean of the two middle values for an even count), minimum and
// maximum of `samples`; all zero when there are none.
inline Stats summarize(std::vector<double> samples) {
  if (samples.empty()) return {};
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  const double median = n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
  return {median, samples.front(), samples.back()};
}

}  // namespace archcalc::exec
