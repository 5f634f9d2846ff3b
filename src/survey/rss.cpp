#include "survey/rss.hpp"

#include <malloc.h>

#include <fstream>
#include <sstream>
#include <string>

namespace archcalc::survey {

namespace {

// A "VmRSS:   1234 kB" line of /proc/self/status, in bytes.
std::optional<Count> status_bytes(const std::string& key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(key + ":", 0) != 0) continue;
    std::istringstream in(line.substr(key.size() + 1));
    Count kib = 0;
    if (in >> kib) return kib * 1024;
  }
  return std::nullopt;
}

}  // namespace

bool PeakResident::reset() {
  before_.reset();
  // Free heap memory goes back to the system first, so that what a run
  // allocates shows as growth rather than reusing what an earlier run left.
  malloc_trim(0);
  std::ofstream f("/proc/self/clear_refs");
  if (!f || !(f << "5") || !f.flush()) return false;
  before_ = status_bytes("VmRSS");
  return before_.has_value();
}

std::optional<Count> PeakResident::growth() const {
  if (!before_) return std::nullopt;
  auto peak = status_bytes("VmHWM");
  if (!peak) return std::nullopt;
  return *peak > *before_ ? *peak - *before_ : 0;
}

}  // namespace archcalc::survey
