#include "exec/host.hpp"

#include <fmt/format.h>

#include <fstream>
#include <thread>

namespace archcalc::exec {

std::string machine_text() {
  std::ifstream f("/proc/cpuinfo");
  std::string line, model = "unknown CPU";
  while (std::getline(f, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) model = line.substr(line.find_first_not_of(" \t", colon + 1));
      break;
    }
  }
  unsigned cpus = std::thread::hardware_concurrency();
  return cpus ? fmt::format("{} · {} CPU{}", model, cpus, cpus == 1 ? "" : "s") : model;
}

}  // namespace archcalc::exec
