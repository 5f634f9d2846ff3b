#include "report/index.hpp"

#include <fmt/format.h>

#include "emit/format.hpp"
#include "emit/report.hpp"

namespace archcalc {

using nlohmann::ordered_json;

namespace {

Count count_at(const ordered_json& j, const char* section, const char* key) {
  if (!j.contains(section) || !j[section].contains(key) || !j[section][key].is_number_unsigned()) {
    return 0;
  }
  return j[section][key].get<Count>();
}

std::string text_at(const ordered_json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string shape_text(const ordered_json& v) {
  std::string s;
  if (!v.is_array()) return s;
  for (const auto& x : v) s += (s.empty() ? "" : "×") + x.dump();
  return s;
}

// "params ✓ · MACs ✓", or the published figure where the count disagrees.
std::string published_text(const ordered_json& j) {
  if (!j.contains("published")) return "";
  const ordered_json& p = j["published"];
  std::string out;
  for (auto [key, label] : {std::pair{"params", "params"}, std::pair{"macs", "MACs"}}) {
    if (!p.contains(key) || !p[key].is_number_unsigned()) continue;
    Count published = p[key].get<Count>();
    // A rounded published figure says whether the count agrees with it.
    std::string agrees_key = std::string(key) + "_agrees";
    bool agrees = p.contains(agrees_key) && p[agrees_key].is_boolean()
                      ? p[agrees_key].get<bool>()
                      : published == count_at(j, "totals", key);
    out += (out.empty() ? "" : " · ") + std::string(label) +
           (agrees ? " ✓" : " ≠ " + grouped(published));
  }
  return out;
}

}  // namespace

std::string zoo_index_markdown(const std::map<std::string, ordered_json>& reports,
                               const std::string& report_command,
                               const std::string& check_command) {
  std::string out = "# Reports: the bundled networks\n\n";
  out += fmt::format(
      "Checked-in results for every network: per network a JSON report (the `archcalc analyze "
      "--format json` schema: totals, blocks and every layer), a Markdown summary and a diagram. "
      "Made by `{}`; CI runs `{}`, which fails when any figure moves (see "
      "[docs/ci.md](../docs/ci.md)). Inference, batch 1, fp32.\n\n",
      report_command, check_command);
  for (const auto& c : conventions()) out += "- " + c + "\n";
  // Folders in order: the top level, then each subfolder.
  std::map<std::string, std::vector<const std::pair<const std::string, ordered_json>*>> folders;
  for (const auto& entry : reports) {
    auto slash = entry.first.rfind('/');
    folders[slash == std::string::npos ? "" : entry.first.substr(0, slash)].push_back(&entry);
  }
  for (const auto& [folder, entries] : folders) {
    out += "\n## " + (folder.empty() ? std::string("Networks") : cell(folder) + "/") + "\n\n";
    out +=
        "| network | input | params | MACs | other ops | activations | layers (weighted) | "
        "published | files |\n";
    out += "|---|---|--:|--:|--:|--:|--:|---|---|\n";
    for (const auto* e : entries) {
      const std::string& rel = e->first;
      const ordered_json& j = e->second;
      std::string title = text_at(j, "title");
      out += fmt::format(
          "| [{}]({}){} | {} | {} | {} | {} | {} | {} ({}) | {} | [json]({}) · [svg]({}) |\n",
          cell(text_at(j, "model")), rel + ".md", title.empty() ? "" : "<br>" + cell(title),
          shape_text(j.value("input_shape", ordered_json())),
          grouped(count_at(j, "totals", "params")), grouped(count_at(j, "totals", "macs")),
          grouped(count_at(j, "totals", "other_ops")),
          grouped(count_at(j, "totals", "activation_elements")), count_at(j, "totals", "layers"),
          count_at(j, "totals", "weighted_layers"), published_text(j), rel + ".json", rel + ".svg");
    }
  }
  return out;
}

}  // namespace archcalc
