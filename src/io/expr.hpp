// Small integer expressions in attribute values: `$width * 4`, `($n + 1) / 2`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace archcalc {

// Looks up `$name`; nullopt when unbound. Throws OpError when bound to a
// non-integer.
using VariableLookup = std::function<std::optional<std::int64_t>(std::string_view name)>;

// Evaluates an integer expression: decimal integers, `$name`, unary minus,
// + - * / % and parentheses. `/` and `%` truncate toward zero. Throws OpError
// with a one-line reason on syntax errors, unknown names, division by zero and
// 64-bit overflow.
std::int64_t evaluate_expression(std::string_view text, const VariableLookup& lookup);

// True if `text` holds a `$` (so it must be evaluated, not read literally).
inline bool is_expression(std::string_view text) {
  return text.find('$') != text.npos;
}

}  // namespace archcalc
