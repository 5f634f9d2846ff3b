// What `archcalc check` found, written as text (the difference lines and a
// summary), as JSON, or as GitHub workflow annotations.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/diff.hpp"

namespace archcalc::cli {

// A difference with the network file and the line it points at (0: none).
struct CheckedDifference {
  Difference diff;
  std::string file;
  int line = 0;
};

struct CheckResult {
  std::vector<std::string> warnings;  // rendered `file:line:col: warning: …`, each an error
  std::vector<CheckedDifference> differences;
  std::size_t networks = 0;  // networks on either side
  std::size_t checked = 0;   // networks recomputed
  std::string baseline;      // the baseline directory
  std::string command;       // the check's command line, without --update
  bool updated = false;      // --update wrote the baselines
  std::size_t written = 0, deleted = 0;
};

// The differences (at most `limit` per network; 0: all) and one summary line.
std::string check_text(const CheckResult& r, int limit);
// {"schema": "archcalc.check", "result": "match" | "differ" | "updated" | "warnings", …}.
nlohmann::ordered_json check_json(const CheckResult& r);
// One `::error file=F,line=L,col=C::message` line per warning and per
// difference (at most `limit` per network), then the summary as plain text.
std::string check_github(const CheckResult& r, int limit);

}  // namespace archcalc::cli
