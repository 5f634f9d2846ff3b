// Reports of a run: a per-layer table, CSV and JSON of measured times beside
// the counted MACs. They read a RunResult only; no count is computed here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "exec/executor.hpp"
#include "exec/host.hpp"

namespace archcalc::exec {

// JSON schema version of run_json; bump on incompatible change.
constexpr int kRunSchemaVersion = 1;

// part/whole as "12.34%" ("-" when whole is not positive).
std::string share_text(double part, double whole);

std::string emit_run_table(const RunResult& r);
std::string emit_run_csv(const RunResult& r);
nlohmann::ordered_json run_json(const RunResult& r);

}  // namespace archcalc::exec
