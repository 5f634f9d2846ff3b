// Small exact expressions in attribute values: `$width * 4`, `($n + 1) / 2`,
// `divisible(32 * $width, 8)`, `ceil(3 * $depth)`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace archcalc {

// An exact rational number num/den, den > 0, in lowest terms.
struct Rational {
  std::int64_t num = 0, den = 1;
  bool integral() const { return den == 1; }
  // "35", "35.2" (when the decimal terminates) or "176/5".
  std::string str() const;
  bool operator==(const Rational&) const = default;  // lowest terms: equal values are equal
};

// "35", "-2", "1.1", "0.25" → the exact value; nullopt for anything else.
std::optional<Rational> parse_number(std::string_view text);

// Looks up `$name`; nullopt when unbound. Throws OpError when bound to
// something that is not a number.
using VariableLookup = std::function<std::optional<Rational>(std::string_view name)>;

// Evaluates an expression exactly (a whole number written 7.0 is the integer 7): integers and
// decimals (`1.1`), `$name`, unary minus, + - * / % and parentheses, and the functions floor, ceil,
// round (halves to even), min, max and divisible(v, d[, least]) (the nearest
// multiple of d to v, at least `least` (d) and not below 90% of v: the
// channel rounding of MobileNet and EfficientNet). `/` of two integers
// truncates toward zero; with a fraction on either side it is exact. `%`
// takes integers. Throws OpError with a one-line reason on syntax errors,
// unknown names, division by zero and 64-bit overflow.
Rational evaluate_number(std::string_view text, const VariableLookup& lookup);

// As evaluate_number, for a value that must be an integer.
std::int64_t evaluate_expression(std::string_view text, const VariableLookup& lookup);

// True if `text` holds a `$` (so it must be evaluated, not read literally).
inline bool is_expression(std::string_view text) {
  return text.find('$') != text.npos;
}

}  // namespace archcalc
