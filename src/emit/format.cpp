#include "emit/format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace archcalc {

std::string grouped(Count n) {
  std::string digits = std::to_string(n), out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count && count % 3 == 0) out.push_back(',');
    out.push_back(*it);
    ++count;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string si(Count n) {
  static const char* kSuffix[] = {"", "K", "M", "G", "T", "P", "E"};
  if (n < 1000) return std::to_string(n);
  double v = static_cast<double>(n);
  int i = 0;
  while (v >= 999.995 && i < 6) {
    v /= 1000.0;
    ++i;
  }
  return fmt::format("{:.2f}{}", v, kSuffix[i]);
}

std::string number(Count n, bool units) {
  return units ? si(n) : grouped(n);
}

std::string percent(Count part, Count whole) {
  if (whole == 0) return "-";
  return fmt::format("{:.2f}%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

std::string ratio(Count a, Count b) {
  if (b == 0) return "-";
  return fmt::format("{:.2f}×", static_cast<double>(a) / static_cast<double>(b));
}

std::string seconds_text(double s) {
  if (!(s > 0)) return "0 s";
  static constexpr std::pair<double, const char*> kUnits[] = {
      {1.0, "s"}, {1e-3, "ms"}, {1e-6, "µs"}, {1e-9, "ns"}};
  for (auto [scale, unit] : kUnits) {
    double v = s / scale;
    if (v >= 1.0 || scale == 1e-9) {
      int decimals = v >= 100 ? 1 : v >= 10 ? 2 : 3;
      return fmt::format("{:.{}f} {}", v, decimals, unit);
    }
  }
  return "0 s";
}

std::string time_ratio(double a, double b) {
  if (!(a > 0) || !(b > 0)) return "-";
  return fmt::format("{:.2f}×", a / b);
}

std::size_t display_width(const std::string& s) {
  std::size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

void TextTable::columns(std::vector<std::pair<std::string, Align>> cols) {
  cols_ = std::move(cols);
}
void TextTable::row(std::vector<std::string> cells) {
  cells.resize(cols_.size());
  rows_.push_back(std::move(cells));
}
void TextTable::rule() {
  rows_.emplace_back();
}

std::string TextTable::render() const {
  std::vector<std::size_t> width(cols_.size());
  for (std::size_t i = 0; i < cols_.size(); ++i) width[i] = display_width(cols_[i].first);
  for (const auto& r : rows_) {
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
  }
  std::size_t total = 0;
  for (auto w : width) total += w + 2;
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < cols_.size(); ++i) {
      std::string pad(width[i] - display_width(cells[i]), ' ');
      std::string cell = cols_[i].second == Align::kRight ? pad + cells[i] : cells[i] + pad;
      out += (i ? "  " : "") + cell;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::vector<std::string> header;
  for (const auto& c : cols_) header.push_back(c.first);
  std::string out = line(header);
  std::string rule_line;
  for (std::size_t i = 0; i + 2 < total; ++i) rule_line += "─";
  rule_line += "\n";
  out += rule_line;
  for (const auto& r : rows_) out += r.empty() ? rule_line : line(r);
  return out;
}

}  // namespace archcalc
