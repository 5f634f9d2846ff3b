#include "cli/check_output.hpp"

#include <fmt/format.h>

#include <map>

#include "cli/cli.hpp"

namespace archcalc::cli {

namespace {

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::size_t networks_differing(const CheckResult& r) {
  std::map<std::string, int> seen;
  for (const auto& d : r.differences) ++seen[d.diff.network];
  return seen.size();
}

std::string summary(const CheckResult& r) {
  std::string out;
  if (!r.warnings.empty()) {
    out += fmt::format(
        "archcalc check: {} in the network files, each an error: a mistyped key would be "
        "counted with its default{}\n",
        plural(r.warnings.size(), "warning", "warnings"),
        r.updated || r.differences.empty() ? "" : "; baselines not updated");
  }
  std::size_t n = r.differences.size();
  if (r.updated) {
    return out + fmt::format(
                     "archcalc check: {} in {} of {} networks; baselines in {} updated ({} files "
                     "written{})\n",
                     plural(n, "difference", "differences"), networks_differing(r), r.networks,
                     r.baseline, r.written,
                     r.deleted ? fmt::format(", {} deleted", r.deleted) : std::string());
  }
  if (n == 0) {
    if (!r.warnings.empty()) return out;
    return fmt::format("archcalc check: {} match their baselines in {}\n",
                       plural(r.checked, "network", "networks"), r.baseline);
  }
  return out + fmt::format(
                   "archcalc check: {} in {} of {} networks. If they are intended, update the "
                   "baselines:\n  {} --update\n",
                   plural(n, "difference", "differences"), networks_differing(r), r.networks,
                   r.command);
}

// Calls `line` for each difference shown and `more` once per network whose
// differences went past `limit`, in order.
template <typename Line, typename More>
void limited(const CheckResult& r, int limit, Line line, More more) {
  std::map<std::string, int> total, shown;
  for (const auto& d : r.differences) ++total[d.diff.network];
  for (const auto& d : r.differences) {
    int& n = shown[d.diff.network];
    if (limit > 0 && n == limit) more(d.diff.network, total[d.diff.network] - limit);
    if (limit == 0 || n < limit) line(d);
    ++n;
  }
}

// GitHub's escaping of an annotation's message and of its properties.
std::string escape_data(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}
std::string escape_property(const std::string& s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string annotation(const std::string& file, int line, int column, const std::string& text) {
  std::string props;
  if (!file.empty()) props += "file=" + escape_property(file);
  if (line > 0) props += (props.empty() ? "" : ",") + fmt::format("line={}", line);
  if (column > 0) props += (props.empty() ? "" : ",") + fmt::format("col={}", column);
  return "::error" + (props.empty() ? "" : " " + props) + "::" + escape_data(text) + "\n";
}

}  // namespace

std::string check_text(const CheckResult& r, int limit) {
  std::string out;
  limited(
      r, limit, [&](const CheckedDifference& d) { out += render_difference(d.diff) + "\n"; },
      [&](const std::string& net, std::size_t more) {
        out += fmt::format("{}: … and {} more differences (--limit 0 shows all)\n", net, more);
      });
  return out + summary(r);
}

nlohmann::ordered_json check_json(const CheckResult& r) {
  using nlohmann::ordered_json;
  ordered_json j;
  j["schema"] = "archcalc.check";
  j["schema_version"] = 1;
  j["result"] = !r.warnings.empty()     ? "warnings"
                : r.updated             ? "updated"
                : r.differences.empty() ? "match"
                                        : "differ";
  j["baseline"] = r.baseline;
  j["networks"] = r.networks;
  j["networks_differing"] = networks_differing(r);
  ordered_json warnings = ordered_json::array();
  for (const std::string& w : r.warnings) {
    DiagnosticLine d = parse_diagnostic(w);
    warnings.push_back(
        {{"file", d.file}, {"line", d.line}, {"column", d.column}, {"message", d.message}});
  }
  j["warnings"] = warnings;
  ordered_json diffs = ordered_json::array();
  for (const auto& d : r.differences) {
    diffs.push_back({{"network", d.diff.network},
                     {"file", d.file},
                     {"line", d.line},
                     {"where", d.diff.where},
                     {"field", d.diff.field},
                     {"before", d.diff.before},
                     {"after", d.diff.after},
                     {"text", render_difference(d.diff)}});
  }
  j["differences"] = diffs;
  if (r.updated) j["written"] = r.written;
  if (r.updated) j["deleted"] = r.deleted;
  if (!r.updated && !r.differences.empty()) j["update_command"] = r.command + " --update";
  return j;
}

std::string check_github(const CheckResult& r, int limit) {
  std::string out;
  for (const std::string& w : r.warnings) {
    DiagnosticLine d = parse_diagnostic(w);
    out += annotation(d.file, d.line, d.column, d.message);
  }
  limited(
      r, limit,
      [&](const CheckedDifference& d) {
        out += annotation(d.file, d.line, 0, render_difference(d.diff));
      },
      [&](const std::string& net, std::size_t more) {
        out += fmt::format("{}: … and {} more differences (--limit 0 shows all)\n", net, more);
      });
  return out + summary(r);
}

}  // namespace archcalc::cli
