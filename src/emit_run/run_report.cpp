#include "emit_run/run_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <thread>

#include "emit/format.hpp"

namespace archcalc::exec {

namespace {

std::string gflops_text(Count macs, double seconds) {
  return macs && seconds > 0 ? fmt::format("{:.2f}", gflops(macs, seconds)) : "-";
}

// How far a layer's share of time is from its share of MACs: "3.10×".
std::string disproportion(const LayerRun& l, const RunResult& r) {
  if (!l.macs || !r.macs || r.layer_seconds() <= 0) return "-";
  double time_share = l.seconds.median / r.layer_seconds();
  double mac_share = static_cast<double>(l.macs) / static_cast<double>(r.macs);
  return fmt::format("{:.2f}×", time_share / mac_share);
}

std::string passes_text(const RunResult& r) {
  return fmt::format("{} timed pass{} after {} warm-up", r.repeat, r.repeat == 1 ? "" : "es",
                     r.warmup);
}

nlohmann::ordered_json stats_json(const Stats& s) {
  return {{"median", s.median}, {"min", s.min}, {"max", s.max}};
}

}  // namespace

std::string share_text(double part, double whole) {
  return whole > 0 ? fmt::format("{:.2f}%", 100.0 * part / whole) : "-";
}

std::string emit_run_table(const RunResult& r) {
  std::string out = r.model + (r.title.empty() ? "" : " — " + r.title) + "\n";
  out += fmt::format("{} · backend {} · {} thread{} · batch {} · {} · seed {}\n", r.file, r.backend,
                     r.threads, r.threads == 1 ? "" : "s", r.batch, passes_text(r), r.seed);
  out += "machine: " + machine_text() + "\n";
  out += "  time: median over the timed passes (monotonic clock); min–max beside it\n";
  out += "  GFLOP/s = 2 × MACs / time; time % is of the sum of layer medians\n";
  out += "  time/MACs: a layer's share of time over its share of MACs (1.00× = in proportion)\n";
  out += fmt::format(
      "  memory: {} (activations at their peak {}, inputs {}, weights {}, workspace {}); "
      "limit {}\n",
      bytes_text(r.memory.total()), bytes_text(r.memory.activations), bytes_text(r.memory.inputs),
      bytes_text(r.memory.weights), bytes_text(r.memory.workspace), bytes_text(r.max_memory));
  const auto fused = std::count_if(r.layers.begin(), r.layers.end(),
                                   [](const LayerRun& l) { return !l.fused_into.empty(); });
  std::string verdict = r.measured_peak == r.memory.activations ? "equal" : "differs";
  if (fused > 0 && r.measured_peak < r.memory.activations) {
    verdict = fmt::format(
        "lower: {} layer{} ran fused into {} producer's kernel, which writes only the fused "
        "chain's last output; the tensors inside a chain are never allocated",
        fused, fused == 1 ? "" : "s", fused == 1 ? "its" : "their");
  }
  out += fmt::format(
      "  activation peak: measured {} bytes (the executor's high-water mark, outputs freed after "
      "their last reader), predicted {} bytes at {} ({})\n",
      grouped(r.measured_peak), grouped(r.memory.activations), r.peak_at, verdict);
  if (fused > 0) {
    out += "  \"relu (in conv1)\": run inside conv1's kernel; its time is in conv1's row\n";
  }
  out += "\n";
  using A = TextTable::Align;
  TextTable tt;
  tt.columns({{"layer", A::kLeft},
              {"op", A::kLeft},
              {"output", A::kLeft},
              {"MACs", A::kRight},
              {"time", A::kRight},
              {"min–max", A::kRight},
              {"GFLOP/s", A::kRight},
              {"time %", A::kRight},
              {"MACs %", A::kRight},
              {"time/MACs", A::kRight}});
  const double sum = r.layer_seconds();
  for (const LayerRun& l : r.layers) {
    tt.row({l.name, l.fused_into.empty() ? l.op : l.op + " (in " + l.fused_into + ")", l.out.str(),
            grouped(l.macs), seconds_text(l.seconds.median),
            seconds_text(l.seconds.min) + " – " + seconds_text(l.seconds.max),
            gflops_text(l.macs, l.seconds.median), share_text(l.seconds.median, sum),
            percent(l.macs, r.macs), disproportion(l, r)});
  }
  tt.rule();
  tt.row({"sum of layers", "", "", grouped(r.macs), seconds_text(sum), "", gflops_text(r.macs, sum),
          share_text(sum, sum), percent(r.macs, r.macs), ""});
  tt.row({"whole pass", "", "", grouped(r.macs), seconds_text(r.total.median),
          seconds_text(r.total.min) + " – " + seconds_text(r.total.max),
          gflops_text(r.macs, r.total.median), "", "", ""});
  out += tt.render();
  return out;
}

std::string emit_run_csv(const RunResult& r) {
  std::string out =
      "layer,op,output_shape,macs,median_s,min_s,max_s,gflops,time_share,macs_share\n";
  const double sum = r.layer_seconds();
  auto quoted = [](const std::string& s) {
    std::string q = "\"";
    for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return q + "\"";
  };
  for (const LayerRun& l : r.layers) {
    out += fmt::format("{},{},{},{},{:.9g},{:.9g},{:.9g},{:.6g},{:.6g},{:.6g}\n", quoted(l.name),
                       quoted(l.op), l.out.str("x"), l.macs, l.seconds.median, l.seconds.min,
                       l.seconds.max, gflops(l.macs, l.seconds.median),
                       sum > 0 ? l.seconds.median / sum : 0.0,
                       r.macs ? static_cast<double>(l.macs) / static_cast<double>(r.macs) : 0.0);
  }
  return out;
}

nlohmann::ordered_json run_json(const RunResult& r) {
  nlohmann::ordered_json j;
  j["schema"] = kRunSchemaVersion;
  j["model"] = r.model;
  j["file"] = r.file;
  j["backend"] = r.backend;
  j["threads"] = r.threads;
  j["batch"] = r.batch;
  j["repeat"] = r.repeat;
  j["warmup"] = r.warmup;
  j["seed"] = r.seed;
  j["machine"] = machine_text();
  j["memory"] = {{"activations", r.memory.activations},
                 {"activations_measured", r.measured_peak},
                 {"peak_at", r.peak_at},
                 {"inputs", r.memory.inputs},
                 {"weights", r.memory.weights},
                 {"workspace", r.memory.workspace},
                 {"total", r.memory.total()},
                 {"limit", r.max_memory}};
  j["totals"] = {{"macs", r.macs},
                 {"seconds", stats_json(r.total)},
                 {"layer_seconds", r.layer_seconds()},
                 {"gflops", gflops(r.macs, r.total.median)}};
  auto& layers = j["layers"] = nlohmann::ordered_json::array();
  for (const LayerRun& l : r.layers) {
    layers.push_back({{"name", l.name},
                      {"op", l.op},
                      {"output_shape", l.out.dims},
                      {"macs", l.macs},
                      {"seconds", stats_json(l.seconds)},
                      {"gflops", gflops(l.macs, l.seconds.median)}});
    if (!l.fused_into.empty()) layers.back()["fused_into"] = l.fused_into;
  }
  return j;
}

}  // namespace archcalc::exec
