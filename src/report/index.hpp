// reports/README.md: an index table of a zoo's baselines, read from their JSON.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace archcalc {

// The index, in Markdown: the counting conventions, then one table per
// folder of the zoo (top level first) with a row per network — input,
// params, MACs, other ops, activation elements, layers, whether the
// published figures match — and links to its files. `reports` maps a
// baseline's path below the zoo ("modules/inception_naive") to its JSON.
std::string zoo_index_markdown(const std::map<std::string, nlohmann::ordered_json>& reports,
                               const std::string& report_command, const std::string& check_command);

}  // namespace archcalc
