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

std::size_t display_width(std::string_view s) {
  std::size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

void TextTable::columns(std::vector<std::pair<std::string, Align>> cols) {
  cols_ = std::move(cols);
  width_.clear();
  for (const auto& c : cols_) width_.push_back(display_width(c.first));
}

void TextTable::row(const std::vector<std::string>& cells) {
  rows_.push_back(ends_.size());
  for (std::size_t i = 0; i < cols_.size(); ++i) {
    if (i < cells.size()) {
      text_ += cells[i];
      width_[i] = std::max(width_[i], display_width(cells[i]));
    }
    ends_.push_back(text_.size());
  }
}

void TextTable::rule() {
  rows_.push_back(kRule);
}

std::string_view TextTable::cell(std::size_t first, std::size_t i) const {
  const std::size_t begin = first + i == 0 ? 0 : ends_[first + i - 1];
  return std::string_view(text_).substr(begin, ends_[first + i] - begin);
}

std::string TextTable::render() const {
  std::size_t total = 0;
  for (auto w : width_) total += w + 2;
  std::string out;
  out.reserve((rows_.size() + 2) * (total + 1));
  auto line = [&](auto&& cell_text) {
    const std::size_t start = out.size();
    for (std::size_t i = 0; i < cols_.size(); ++i) {
      const std::string_view c = cell_text(i);
      const std::size_t pad = width_[i] - display_width(c);
      if (i) out += "  ";
      if (cols_[i].second == Align::kRight) out.append(pad, ' ');
      out += c;
      if (cols_[i].second == Align::kLeft) out.append(pad, ' ');
    }
    while (out.size() > start && out.back() == ' ') out.pop_back();
    out += '\n';
  };
  line([&](std::size_t i) { return std::string_view(cols_[i].first); });
  std::string rule_line;
  for (std::size_t i = 0; i + 2 < total; ++i) rule_line += "─";
  rule_line += "\n";
  out += rule_line;
  for (std::size_t first : rows_) {
    if (first == kRule) {
      out += rule_line;
    } else {
      line([&](std::size_t i) { return cell(first, i); });
    }
  }
  return out;
}

}  // namespace archcalc
