// The machine this process runs on, as reports name it.
#pragma once

#include <string>

namespace archcalc::exec {

// This machine for a report: "AMD EPYC · 2 CPUs" (model from /proc/cpuinfo).
std::string machine_text();

}  // namespace archcalc::exec
