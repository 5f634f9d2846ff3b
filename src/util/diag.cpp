#include "util/diag.hpp"

#include <algorithm>
#include <numeric>

namespace archcalc {

namespace {
// `text` with control characters written as escapes (\n, \t, \r, \xHH), so
// that a diagnostic stays one line whatever the input held.
std::string escape_controls(const std::string& text) {
  static const char* const kHex = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (u < 0x20 || u == 0x7F) {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    } else {
      out += c;
    }
  }
  return out;
}
}  // namespace

std::string format_diagnostic(const SourcePos& pos, const std::string& severity,
                              const std::string& message) {
  std::string out;
  if (!pos.file.empty()) {
    out += pos.file;
    if (pos.line > 0) {
      out += ":" + std::to_string(pos.line);
      if (pos.column > 0) out += ":" + std::to_string(pos.column);
    }
    out += ": ";
  }
  return out + severity + ": " + escape_controls(message);
}

namespace {
std::string join_rendered(const std::vector<InputError>& errors) {
  std::string out;
  for (const auto& e : errors) {
    if (!out.empty()) out += "\n";
    out += e.render();
  }
  return out;
}
}  // namespace

InputErrors::InputErrors(std::vector<InputError> errors)
    : std::runtime_error(join_rendered(errors)), errors_(std::move(errors)) {}

void Diagnostics::warn(const SourcePos& pos, const std::string& message) {
  warnings_.push_back(format_diagnostic(pos, "warning", message));
}

void Diagnostics::throw_if_errors() {
  if (!errors_.empty()) throw InputErrors(std::move(errors_));
}

namespace {
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string closest_match(const std::string& word, const std::vector<std::string>& candidates) {
  if (word.size() > 64) return "";
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    if (c.size() > 64) continue;
    std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace archcalc
