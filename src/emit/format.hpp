// Number formatting for every emitter: exact with thousands separators by
// default, SI units on request.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/checked.hpp"

namespace archcalc {

// 15470264320 → "15,470,264,320".
std::string grouped(Count n);
// 15470264320 → "15.47G" (SI, two decimals; exact below 1000).
std::string si(Count n);
// grouped(n) or si(n).
std::string number(Count n, bool units);
// part/whole as "12.34%" ("-" when whole is 0).
std::string percent(Count part, Count whole);
// a/b as "9.68×" (two decimals; "-" when b is 0).
std::string ratio(Count a, Count b);

// A duration at four significant digits in s, ms, µs or ns: "1.234 s",
// "12.35 ms", "123.4 µs", "850.0 ns"; "0 s" when not positive.
std::string seconds_text(double seconds);
// a/b as "7.12×" (two decimals; "-" when either is not positive).
std::string time_ratio(double a, double b);

// A plain-text table: columns sized to their widths, numbers right-aligned.
// The cells are kept back to back in one buffer, so a table of a hundred
// thousand rows costs its text and one offset per cell.
class TextTable {
 public:
  enum class Align { kLeft, kRight };
  void columns(std::vector<std::pair<std::string, Align>> cols);
  // Missing cells are empty; cells past the columns are dropped.
  void row(const std::vector<std::string>& cells);
  void rule();  // a separator line
  std::string render() const;

 private:
  static constexpr std::size_t kRule = static_cast<std::size_t>(-1);
  std::string_view cell(std::size_t first, std::size_t i) const;
  std::vector<std::pair<std::string, Align>> cols_;
  std::vector<std::size_t> width_;  // display width of each column so far
  std::string text_;                // every cell, back to back
  std::vector<std::size_t> ends_;   // the end of each cell in text_
  std::vector<std::size_t> rows_;   // each row's first cell in ends_, or kRule
};

// Display width of UTF-8 text (code points; the tool prints no wide glyphs).
std::size_t display_width(std::string_view s);

}  // namespace archcalc
