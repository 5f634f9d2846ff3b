// Comparing analysis reports with their baselines: which network, layer or
// block, and field moved, from what to what.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace archcalc {

// One difference between a baseline and the current report.
struct Difference {
  std::string network;  // the report's path below the zoo: "vgg16", "modules/inception_naive"
  std::string where;    // "" (the network itself), "totals", "training_only", "published",
                        // "layer conv1_1" or "block inception_3a"
  std::string field;    // "macs", "output_shape", ...; "" when `where` was added or removed
  nlohmann::ordered_json before, after;  // null when absent
};

struct DiffOptions {
  // Numbers whose relative change |after − before| / |before| is at most this
  // are equal. 0: exact. Anything that is not a number is always compared exactly.
  double tolerance = 0;
};

// Differences between two analysis reports of the network `network`, in this
// order: the network's own fields, totals, training_only, published, layers
// (in the current order, then removed ones), blocks. Keys ignored:
// archcalc_version and file (where the report was made, not what it says).
std::vector<Difference> diff_reports(const std::string& network,
                                     const nlohmann::ordered_json& before,
                                     const nlohmann::ordered_json& after, const DiffOptions& opts);

// Differences between two sets of reports keyed by network: a network on one
// side only is one Difference with `where` and `field` empty.
std::vector<Difference> diff_report_sets(
    const std::map<std::string, nlohmann::ordered_json>& before,
    const std::map<std::string, nlohmann::ordered_json>& after, const DiffOptions& opts);

// One line: "vgg16: layer fc8: macs 4,096,000 → 40,960 (-99%)",
// "vgg16: layer fc9: added", "resnet200: network added (no baseline)".
std::string render_difference(const Difference& d);

}  // namespace archcalc
