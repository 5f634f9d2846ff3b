// A sweep's rows as a table, CSV, Markdown and JSON: figures the passes
// counted at each point, printed as they are.
#include <fmt/format.h>

#include <charconv>

#include "compare/sweep.hpp"
#include "emit/format.hpp"
#include "emit/report.hpp"

namespace archcalc {

namespace {

struct Column {
  const char* key;    // CSV and JSON name
  const char* label;  // table heading
  Count (*get)(const Totals&);
};

const std::vector<Column>& columns() {
  static const std::vector<Column> cols = {
      {"params", "params", [](const Totals& t) { return t.cost.params(); }},
      {"macs", "MACs", [](const Totals& t) { return t.cost.macs; }},
      {"other_ops", "other ops", [](const Totals& t) { return t.cost.other_ops; }},
      {"activation_elements", "activations", [](const Totals& t) { return t.activation_elements; }},
      {"activation_bytes", "activation bytes", [](const Totals& t) { return t.activation_bytes; }},
      {"weight_bytes", "weight bytes", [](const Totals& t) { return t.weight_bytes; }},
  };
  return cols;
}

std::string heading(const Sweep& s) {
  return fmt::format("{}{} · {} · {} · batch 1", s.model, s.title.empty() ? "" : " — " + s.title,
                     s.file, s.training ? "training" : "inference");
}

std::string csv_field(const std::string& v) {
  if (v.find_first_of(",\"\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// A value as written: a JSON integer when it is one, else a string.
nlohmann::ordered_json value_json(const std::string& v) {
  long long n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec == std::errc() && end == v.data() + v.size()) return n;
  return v;
}

}  // namespace

std::string sweep_table(const Sweep& s, bool units) {
  TextTable t;
  std::vector<std::pair<std::string, TextTable::Align>> cols;
  for (const auto& a : s.axes) cols.emplace_back(a.name, TextTable::Align::kRight);
  for (const auto& c : columns()) cols.emplace_back(c.label, TextTable::Align::kRight);
  t.columns(cols);
  for (const SweepPoint& p : s.points) {
    std::vector<std::string> cells = p.values;
    for (const auto& c : columns()) cells.push_back(number(c.get(p.totals), units));
    t.row(cells);
  }
  return heading(s) + "\n" + t.render() +
         "activations: elements of all layer outputs; bytes at fp32.\n";
}

std::string sweep_csv(const Sweep& s) {
  std::string out;
  for (const auto& a : s.axes) out += csv_field(a.name) + ",";
  for (std::size_t i = 0; i < columns().size(); ++i)
    out += (i ? "," : "") + std::string(columns()[i].key);
  out += "\n";
  for (const SweepPoint& p : s.points) {
    for (const auto& v : p.values) out += csv_field(v) + ",";
    for (std::size_t i = 0; i < columns().size(); ++i) {
      out += (i ? "," : "") + std::to_string(columns()[i].get(p.totals));
    }
    out += "\n";
  }
  return out;
}

std::string sweep_markdown(const Sweep& s, bool units) {
  std::string out = "# Sweep: " + heading(s) + "\n\n|";
  std::string rule = "|";
  for (const auto& a : s.axes) {
    out += " " + a.name + " |";
    rule += "--:|";
  }
  for (const auto& c : columns()) {
    out += std::string(" ") + c.label + " |";
    rule += "--:|";
  }
  out += "\n" + rule + "\n";
  for (const SweepPoint& p : s.points) {
    out += "|";
    for (const auto& v : p.values) out += " " + v + " |";
    for (const auto& c : columns()) out += " " + number(c.get(p.totals), units) + " |";
    out += "\n";
  }
  return out;
}

nlohmann::ordered_json sweep_json(const Sweep& s) {
  nlohmann::ordered_json j;
  j["schema"] = "archcalc.sweep";
  j["schema_version"] = kSweepSchemaVersion;
  j["archcalc_version"] = ARCHCALC_VERSION;
  j["model"] = s.model;
  j["file"] = s.file;
  j["mode"] = s.training ? "training" : "inference";
  j["batch"] = 1;
  nlohmann::ordered_json axes = nlohmann::ordered_json::array();
  for (const auto& a : s.axes) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const auto& v : a.values) values.push_back(value_json(v));
    axes.push_back({{"name", a.name}, {"values", values}});
  }
  j["parameters"] = axes;
  nlohmann::ordered_json points = nlohmann::ordered_json::array();
  for (const SweepPoint& p : s.points) {
    nlohmann::ordered_json values;
    for (std::size_t i = 0; i < s.axes.size(); ++i)
      values[s.axes[i].name] = value_json(p.values[i]);
    points.push_back({{"parameters", values}, {"totals", totals_json(p.totals)}});
  }
  j["points"] = points;
  return j;
}

}  // namespace archcalc
