#include "exec/plan.hpp"

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace archcalc::exec {

std::vector<Vertex> inference_order(const Network& net) {
  std::vector<Vertex> out;
  for (Vertex v : net.order) {
    if (!net.layer(v).train_only) out.push_back(v);
  }
  return out;
}

MemoryPlan plan_memory(const Network& net, const Backend& backend, std::int64_t batch) {
  MemoryPlan m;
  const auto n = static_cast<Count>(batch);
  m.activations = mul(net.peak[0].bytes, n, "activation bytes");
  for (Vertex v : inference_order(net)) {
    const Layer& l = net.layer(v);
    if (std::holds_alternative<Input>(l.op)) {
      m.inputs = add(m.inputs, mul(l.out_bytes, n, "input bytes"), "bytes");
    }
    m.weights = add(m.weights, l.weight_bytes, "bytes");
    m.workspace =
        add(m.workspace, backend.workspace_bytes(l.op, net.input_shapes(v), l.out, batch), "bytes");
  }
  m.total();  // checked for overflow
  return m;
}

std::optional<Count> physical_memory() {
  std::ifstream f("/proc/meminfo");
  std::string line;
  while (std::getline(f, line)) {
    std::istringstream in(line);
    std::string key, unit;
    Count kib = 0;
    if (in >> key >> kib >> unit && key == "MemTotal:" && unit == "kB" && kib > 0) {
      return kib * 1024;
    }
  }
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0) return static_cast<Count>(pages) * static_cast<Count>(page);
  return std::nullopt;
}

Count default_max_memory() {
  auto ram = physical_memory();
  return ram ? *ram / 2 : Count{4} << 30;
}

std::optional<Count> parse_bytes(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
  const std::string number(text.substr(0, i));
  std::string_view unit = text.substr(i);
  if (number.empty() || number.front() == '.' || number.size() > 24) return std::nullopt;
  double scale = 1;
  if (!unit.empty()) {
    const std::string_view prefixes = "KMGT";
    const char p = static_cast<char>(std::toupper(static_cast<unsigned char>(unit[0])));
    const std::size_t k = prefixes.find(p);
    if (k != std::string_view::npos) {
      scale = std::ldexp(1.0, 10 * static_cast<int>(k + 1));
      unit.remove_prefix(1);
    }
    if (unit != "" && unit != "B" && unit != "iB") return std::nullopt;
  }
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(number, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != number.size()) return std::nullopt;
  const double bytes = std::floor(value * scale);
  if (!(bytes >= 0) || bytes >= std::ldexp(1.0, 63)) return std::nullopt;
  return static_cast<Count>(bytes);
}

std::string bytes_text(Count bytes) {
  static const char* units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double v = static_cast<double>(bytes);
  int u = -1;
  while (v >= 1024 && u < 5) {
    v /= 1024;
    ++u;
  }
  return fmt::format("{:.2f} {}", v, units[u]);
}

}  // namespace archcalc::exec
