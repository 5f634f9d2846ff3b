#include "report/diff.hpp"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "emit/format.hpp"

namespace archcalc {

using nlohmann::ordered_json;

namespace {

// Keys that say where or with what a report was made, not what it says.
const std::set<std::string> kIgnored = {"archcalc_version", "file"};
// Sections compared on their own, in this order, after the network's fields.
const char* const kSections[] = {"totals", "peak_memory", "training_step", "training_only",
                                 "published"};

bool is_number(const ordered_json& v) {
  return v.is_number();
}

bool same(const ordered_json& a, const ordered_json& b, const DiffOptions& opts) {
  if (a == b) return true;
  if (opts.tolerance > 0 && is_number(a) && is_number(b)) {
    double x = a.get<double>(), y = b.get<double>();
    if (x == 0) return false;
    return std::fabs(y - x) <= opts.tolerance * std::fabs(x);
  }
  return false;
}

struct Differ {
  const std::string& network;
  const DiffOptions& opts;
  std::vector<Difference>& out;

  void add(const std::string& where, const std::string& field, const ordered_json& a,
           const ordered_json& b) {
    out.push_back(Difference{network, where, field, a, b});
  }

  // Compares two values under `field`; objects are compared key by key, with
  // their keys joined by dots ("totals.macs").
  void values(const std::string& where, const std::string& field, const ordered_json& a,
              const ordered_json& b) {
    if (a.is_object() && b.is_object()) {
      for (const auto& [k, v] : b.items()) {
        if (kIgnored.count(k)) continue;
        values(where, field.empty() ? k : field + "." + k, a.contains(k) ? a[k] : ordered_json(),
               v);
      }
      for (const auto& [k, v] : a.items()) {
        if (kIgnored.count(k) || b.contains(k)) continue;
        values(where, field.empty() ? k : field + "." + k, v, ordered_json());
      }
      return;
    }
    if (!same(a, b, opts)) add(where, field, a, b);
  }

  // Compares two lists of named objects ("layers", "blocks"): matched by name,
  // in the current order, then those only in the baseline.
  void named_list(const std::string& kind, const ordered_json& a, const ordered_json& b) {
    std::map<std::string, const ordered_json*> old;
    if (a.is_array()) {
      for (const auto& item : a) {
        if (item.is_object() && item.contains("name")) old[item["name"].dump()] = &item;
      }
    }
    std::set<std::string> seen;
    if (b.is_array()) {
      for (const auto& item : b) {
        if (!item.is_object() || !item.contains("name")) continue;
        std::string key = item["name"].dump();
        std::string where = kind + " " + name_text(item["name"]);
        seen.insert(key);
        auto it = old.find(key);
        if (it == old.end()) {
          add(where, "", ordered_json(), item);
        } else {
          values(where, "", *it->second, item);
        }
      }
    }
    if (a.is_array()) {
      for (const auto& item : a) {
        if (!item.is_object() || !item.contains("name")) continue;
        if (!seen.count(item["name"].dump())) {
          add(kind + " " + name_text(item["name"]), "", item, ordered_json());
        }
      }
    }
  }

  static std::string name_text(const ordered_json& name) {
    return name.is_string() ? name.get<std::string>() : name.dump();
  }
};

}  // namespace

std::vector<Difference> diff_reports(const std::string& network, const ordered_json& before,
                                     const ordered_json& after, const DiffOptions& opts) {
  std::vector<Difference> out;
  Differ d{network, opts, out};
  const ordered_json none;
  auto get = [&](const ordered_json& j, const std::string& k) -> const ordered_json& {
    return j.is_object() && j.contains(k) ? j[k] : none;
  };
  std::set<std::string> own = {"layers", "blocks"};
  for (const char* s : kSections) own.insert(s);
  ordered_json a_fields = ordered_json::object(), b_fields = ordered_json::object();
  if (before.is_object()) {
    for (const auto& [k, v] : before.items()) {
      if (!own.count(k)) a_fields[k] = v;
    }
  }
  if (after.is_object()) {
    for (const auto& [k, v] : after.items()) {
      if (!own.count(k)) b_fields[k] = v;
    }
  }
  d.values("", "", a_fields, b_fields);
  for (const char* s : kSections) {
    const ordered_json &a = get(before, s), &b = get(after, s);
    if (a.is_null() != b.is_null()) {
      d.add(s, "", a, b);
    } else {
      d.values(s, "", a, b);
    }
  }
  d.named_list("layer", get(before, "layers"), get(after, "layers"));
  d.named_list("block", get(before, "blocks"), get(after, "blocks"));
  return out;
}

std::vector<Difference> diff_report_sets(const std::map<std::string, ordered_json>& before,
                                         const std::map<std::string, ordered_json>& after,
                                         const DiffOptions& opts) {
  std::vector<Difference> out;
  std::set<std::string> names;
  for (const auto& [k, v] : before) names.insert(k);
  for (const auto& [k, v] : after) names.insert(k);
  for (const auto& name : names) {
    auto a = before.find(name), b = after.find(name);
    if (a == before.end()) {
      out.push_back(Difference{name, "", "", ordered_json(), b->second});
    } else if (b == after.end()) {
      out.push_back(Difference{name, "", "", a->second, ordered_json()});
    } else {
      auto one = diff_reports(name, a->second, b->second, opts);
      out.insert(out.end(), one.begin(), one.end());
    }
  }
  return out;
}

namespace {

// A value as the diff shows it: numbers grouped, shapes as 64×56×56.
std::string value_text(const std::string& field, const ordered_json& v) {
  if (v.is_null()) return "(none)";
  if (v.is_number_unsigned()) return grouped(v.get<Count>());
  if (v.is_number_integer()) {
    auto n = v.get<std::int64_t>();
    return n < 0 ? "-" + grouped(static_cast<Count>(-(n + 1)) + 1) : grouped(static_cast<Count>(n));
  }
  if (v.is_number_float()) return fmt::format("{}", v.get<double>());
  if (v.is_string()) return "'" + v.get<std::string>() + "'";
  bool shape = field.size() >= 5 && field.compare(field.size() - 5, 5, "shape") == 0;
  if (shape && v.is_array() && !v.empty()) {
    std::string s;
    for (const auto& x : v) {
      if (!x.is_number()) return v.dump();
      s += (s.empty() ? "" : "×") + x.dump();
    }
    return s;
  }
  return v.dump();
}

// "(+12.5%)" for numbers that moved from a non-zero value; "" otherwise.
std::string relative_text(const ordered_json& a, const ordered_json& b) {
  if (!is_number(a) || !is_number(b)) return "";
  double x = a.get<double>(), y = b.get<double>();
  if (x == 0) return "";
  return fmt::format(" ({:+.3g}%)", 100.0 * (y - x) / std::fabs(x));
}

}  // namespace

std::string render_difference(const Difference& d) {
  if (d.where.empty() && d.field.empty()) {
    return d.network + (d.before.is_null() ? ": network added (no baseline)"
                                           : ": network removed (baseline only)");
  }
  std::string out = d.network + ": ";
  if (!d.where.empty()) out += d.where + ": ";
  if (d.field.empty()) return out + (d.before.is_null() ? "added" : "removed");
  return out + d.field + " " + value_text(d.field, d.before) + " → " +
         value_text(d.field, d.after) + relative_text(d.before, d.after);
}

}  // namespace archcalc
