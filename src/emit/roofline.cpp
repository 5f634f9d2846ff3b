#include "emit/roofline.hpp"

#include <fmt/format.h>

#include "emit/format.hpp"
#include "io/machine.hpp"

namespace archcalc {

namespace {

// The inference layers with a prediction, inputs left out.
std::vector<Vertex> predicted_layers(const Network& net) {
  std::vector<Vertex> out;
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if (l.train_only || std::holds_alternative<Input>(l.op) || !l.roofline) continue;
    out.push_back(v);
  }
  return out;
}

}  // namespace

std::string bound_text(const Roofline& r) {
  return r.memory_bound() ? "memory" : "compute";
}

std::string roofline_header(const Network& net) {
  if (!net.machine) return "";
  const Machine& m = *net.machine;
  std::string out = fmt::format(
      "machine: {}{}{} · peak {:.2f} GFLOP/s · bandwidth {:.2f} GB/s{}\n",
      m.cpu.empty() ? "unknown CPU" : m.cpu, m.cores ? fmt::format(" · {} CPUs", m.cores) : "",
      m.threads ? fmt::format(" · measured at {} thread{}", m.threads, m.threads == 1 ? "" : "s")
                : "",
      m.peak_flops / 1e9, m.bandwidth / 1e9,
      m.file.empty() ? "" : " (" + m.file + (m.date.empty() ? "" : ", " + m.date) + ")");
  out +=
      "  predicted = max(2 × MACs / peak, bytes / bandwidth); bytes = input + output activations\n";
  out += "  + weights at fp32, each moved once; 'memory' when the bytes take longer\n";
  return out;
}

std::string emit_roofline_table(const Network& net) {
  if (!net.machine) return "";
  std::string out = "roofline\n" + roofline_header(net) + "\n";
  using A = TextTable::Align;
  TextTable tt;
  tt.columns({{"layer", A::kLeft},
              {"op", A::kLeft},
              {"FLOPs", A::kRight},
              {"bytes", A::kRight},
              {"compute", A::kRight},
              {"memory", A::kRight},
              {"predicted", A::kRight},
              {"bound", A::kLeft}});
  double total = 0, compute = 0, memory = 0;
  for (Vertex v : predicted_layers(net)) {
    const Layer& l = net.layer(v);
    const Roofline& r = *l.roofline;
    total += r.seconds();
    compute += r.compute_seconds;
    memory += r.memory_seconds;
    tt.row({l.name, op_label(l.op), grouped(r.flops), grouped(r.bytes),
            seconds_text(r.compute_seconds), seconds_text(r.memory_seconds),
            seconds_text(r.seconds()), bound_text(r)});
  }
  tt.rule();
  tt.row(
      {"total", "", "", "", seconds_text(compute), seconds_text(memory), seconds_text(total), ""});
  return out + tt.render();
}

nlohmann::ordered_json roofline_json(const Network& net) {
  nlohmann::ordered_json j;
  if (!net.machine) return j;
  j["machine"] = machine_json(*net.machine);
  double total = 0;
  auto& layers = j["layers"] = nlohmann::ordered_json::array();
  for (Vertex v : predicted_layers(net)) {
    const Layer& l = net.layer(v);
    const Roofline& r = *l.roofline;
    total += r.seconds();
    layers.push_back({{"name", l.name},
                      {"flops", r.flops},
                      {"bytes", r.bytes},
                      {"compute_seconds", r.compute_seconds},
                      {"memory_seconds", r.memory_seconds},
                      {"seconds", r.seconds()},
                      {"bound", bound_text(r)}});
  }
  j["total_seconds"] = total;
  return j;
}

}  // namespace archcalc
