// Measured times from a run (`archcalc run --format json`), to show beside the
// counts: per layer the median time of the timed passes.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace archcalc {

struct MeasuredTimes {
  std::string model;    // the network the run was of
  std::string summary;  // "backend reference · 2 threads · 10 timed passes · <machine>"
  std::map<std::string, double> median_seconds;  // by layer name (full path), s
  double total_seconds = 0;  // median of the whole pass, s; 0 when the run does not say
};

// Reads the run's JSON: `model`, and `layers` as [{"name": s, "seconds":
// {"median": s}}, ...]; `backend`, `threads`, `repeat`, `machine` and
// `totals.seconds.median` when present. `text_name` names it in messages.
// Throws InputError when a required field is missing or ill-typed, or a time
// is negative or not finite.
MeasuredTimes measured_times(const nlohmann::ordered_json& run, const std::string& text_name);

// Reads and parses the file at `path` (measured_times).
MeasuredTimes read_measured_times(const std::filesystem::path& path);

}  // namespace archcalc
