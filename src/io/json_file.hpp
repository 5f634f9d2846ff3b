// Reading JSON files that archcalc wrote (baselines, run results), with a
// `file:line:col: error:` message for a file that is not valid JSON.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

namespace archcalc {

// Parses the JSON file at `path`. Throws InputError naming the file, and the
// line and column of a syntax error, when it cannot be read or parsed.
nlohmann::ordered_json read_json_file(const std::filesystem::path& path);

}  // namespace archcalc
