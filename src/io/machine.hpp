// Machine profiles as JSON files (schema in docs/roofline.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/machine.hpp"

namespace archcalc {

// JSON schema version of machine profiles; bump on incompatible change.
constexpr int kMachineSchemaVersion = 1;

// The profile as JSON.
nlohmann::ordered_json machine_json(const Machine& m);
// Reads a profile; throws InputError ("FILE: error: ...") when the file is
// missing, larger than 1 MiB, not JSON, or lacks a positive peak_gflops or
// bandwidth_gbs.
Machine read_machine(const std::string& path);

}  // namespace archcalc
