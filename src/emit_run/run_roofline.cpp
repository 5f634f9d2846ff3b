#include "emit_run/run_roofline.hpp"

#include <fmt/format.h>

#include "emit/format.hpp"
#include "emit/roofline.hpp"
#include "io/machine.hpp"

namespace archcalc::exec {

namespace {

// Achieved FLOP/s over the peak (0 without FLOPs or time).
double peak_fraction(const Roofline& p, const Machine& m, double seconds) {
  return p.flops && seconds > 0 ? static_cast<double>(p.flops) / seconds / m.peak_flops : 0.0;
}
// Achieved bytes/s over the bandwidth.
double bandwidth_fraction(const Roofline& p, const Machine& m, double seconds) {
  return seconds > 0 ? static_cast<double>(p.bytes) / seconds / m.bandwidth : 0.0;
}

std::string percent_text(double fraction) {
  return fraction > 0 ? fmt::format("{:.1f}%", 100.0 * fraction) : "-";
}

}  // namespace

std::string emit_run_roofline(const RunResult& r, const Network& net) {
  if (!net.machine) return "";
  const Machine& m = *net.machine;
  std::string out = fmt::format("roofline at batch {}\n", r.batch) + roofline_header(net);
  out += "  measured/predicted: 1.00× is on the roofline; % of peak = achieved FLOP/s / peak;\n";
  out += "  a fused activation reads \"in <producer>\": its time is in the producer's row;\n";
  out += "  % of bandwidth = bytes / measured time / bandwidth\n\n";
  using A = TextTable::Align;
  TextTable tt;
  tt.columns({{"layer", A::kLeft},
              {"predicted", A::kRight},
              {"bound", A::kLeft},
              {"measured", A::kRight},
              {"measured/predicted", A::kRight},
              {"% of peak", A::kRight},
              {"% of bandwidth", A::kRight}});
  double predicted = 0;
  for (const LayerRun& l : r.layers) {
    const Layer& layer = net.layer(l.vertex);
    if (!layer.roofline) continue;
    const Roofline& p = *layer.roofline;
    const double t = l.seconds.median;
    predicted += p.seconds();
    if (!l.fused_into.empty()) {  // its time is in its producer's row
      tt.row(
          {l.name, seconds_text(p.seconds()), bound_text(p), "in " + l.fused_into, "-", "-", "-"});
      continue;
    }
    tt.row({l.name, seconds_text(p.seconds()), bound_text(p), seconds_text(t),
            p.seconds() > 0 ? fmt::format("{:.2f}×", t / p.seconds()) : "-",
            percent_text(peak_fraction(p, m, t)), percent_text(bandwidth_fraction(p, m, t))});
  }
  tt.rule();
  const double sum = r.layer_seconds();
  tt.row({"sum of layers", seconds_text(predicted), "", seconds_text(sum),
          predicted > 0 ? fmt::format("{:.2f}×", sum / predicted) : "-",
          percent_text(2.0 * static_cast<double>(r.macs) / sum / m.peak_flops), ""});
  return out + tt.render();
}

nlohmann::ordered_json run_roofline_json(const RunResult& r, const Network& net) {
  nlohmann::ordered_json j;
  if (!net.machine) return j;
  const Machine& m = *net.machine;
  j["machine"] = machine_json(m);
  auto& layers = j["layers"] = nlohmann::ordered_json::array();
  for (const LayerRun& l : r.layers) {
    const Layer& layer = net.layer(l.vertex);
    if (!layer.roofline) continue;
    const Roofline& p = *layer.roofline;
    const double t = l.seconds.median;
    layers.push_back({{"name", l.name},
                      {"predicted_seconds", p.seconds()},
                      {"bound", bound_text(p)},
                      {"measured_seconds", t},
                      {"peak_fraction", peak_fraction(p, m, t)},
                      {"bandwidth_fraction", bandwidth_fraction(p, m, t)}});
  }
  return j;
}

}  // namespace archcalc::exec
