#include "io/run_times.hpp"

#include <fmt/format.h>

#include <cmath>

#include "io/json_file.hpp"
#include "util/diag.hpp"

namespace archcalc {

using nlohmann::ordered_json;

namespace {

[[noreturn]] void bad(const std::string& file, const std::string& what) {
  throw InputError(SourcePos{file, 0, 0}, "not an archcalc run result: " + what);
}

double seconds_at(const ordered_json& stats, const std::string& file, const std::string& where) {
  if (!stats.is_object() || !stats.contains("median") || !stats["median"].is_number()) {
    bad(file, where + ": expected \"seconds\": {\"median\": <seconds>}");
  }
  double s = stats["median"].get<double>();
  if (!std::isfinite(s) || s < 0) bad(file, where + ": the median time must be a finite s >= 0");
  return s;
}

}  // namespace

MeasuredTimes measured_times(const ordered_json& run, const std::string& file) {
  if (!run.is_object()) bad(file, "expected a JSON object");
  MeasuredTimes m;
  if (!run.contains("model") || !run["model"].is_string()) bad(file, "no \"model\" name");
  m.model = run["model"].get<std::string>();
  if (!run.contains("layers") || !run["layers"].is_array()) bad(file, "no \"layers\" list");
  const ordered_json& layers = run["layers"];
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const ordered_json& l = layers[i];
    std::string where = fmt::format("layers[{}]", i);
    if (!l.is_object() || !l.contains("name") || !l["name"].is_string()) {
      bad(file, where + ": no \"name\"");
    }
    std::string name = l["name"].get<std::string>();
    if (!l.contains("seconds")) bad(file, where + " ('" + name + "'): no \"seconds\"");
    if (!m.median_seconds.emplace(name, seconds_at(l["seconds"], file, where)).second) {
      bad(file, where + ": layer '" + name + "' appears twice");
    }
  }
  if (run.contains("totals") && run["totals"].is_object() && run["totals"].contains("seconds")) {
    m.total_seconds = seconds_at(run["totals"]["seconds"], file, "totals");
  }
  std::string summary;
  auto part = [&](const std::string& s) { summary += (summary.empty() ? "" : " · ") + s; };
  if (run.contains("backend") && run["backend"].is_string()) {
    part("backend " + run["backend"].get<std::string>());
  }
  if (run.contains("threads") && run["threads"].is_number_integer()) {
    auto t = run["threads"].get<std::int64_t>();
    part(fmt::format("{} thread{}", t, t == 1 ? "" : "s"));
  }
  if (run.contains("repeat") && run["repeat"].is_number_integer()) {
    auto r = run["repeat"].get<std::int64_t>();
    part(fmt::format("{} timed pass{}", r, r == 1 ? "" : "es"));
  }
  if (run.contains("machine") && run["machine"].is_string()) {
    part(run["machine"].get<std::string>());
  }
  m.summary = summary;
  return m;
}

MeasuredTimes read_measured_times(const std::filesystem::path& path) {
  return measured_times(read_json_file(path), path.string());
}

}  // namespace archcalc
