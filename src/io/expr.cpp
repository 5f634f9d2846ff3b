#include "io/expr.hpp"

#include <cctype>
#include <charconv>
#include <vector>

#include "util/diag.hpp"

namespace archcalc {

namespace {

constexpr std::size_t kMaxLength = 1000;
constexpr int kMaxNesting = 32;
using Wide = __int128;

Wide gcd(Wide a, Wide b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    Wide t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// num/den in lowest terms with den > 0; nullopt when either leaves 64 bits.
std::optional<Rational> make(Wide num, Wide den) {
  if (den < 0) num = -num, den = -den;
  Wide g = gcd(num, den);
  if (g > 1) num /= g, den /= g;
  if (num > INT64_MAX || num < -INT64_MAX || den > INT64_MAX) return std::nullopt;
  return Rational{static_cast<std::int64_t>(num), static_cast<std::int64_t>(den)};
}

Wide floor_of(const Rational& r) {
  Wide q = Wide(r.num) / r.den;
  if (Wide(r.num) % r.den != 0 && r.num < 0) --q;
  return q;
}

bool less(const Rational& a, const Rational& b) {
  return Wide(a.num) * b.den < Wide(b.num) * a.den;
}

class Parser {
 public:
  Parser(std::string_view text, const VariableLookup& lookup) : s_(text), lookup_(lookup) {}

  Rational parse() {
    Rational v = sum();
    skip_space();
    if (i_ != s_.size()) fail("unexpected '" + std::string(1, s_[i_]) + "'");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw OpError("bad expression '" + std::string(s_) + "': " + why);
  }
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  bool eat(char c) {
    skip_space();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  Rational value(Wide num, Wide den) const {
    auto r = make(num, den);
    if (!r) fail("overflows 64 bits");
    return *r;
  }
  Rational add(const Rational& a, const Rational& b, int sign) const {
    return value(Wide(a.num) * b.den + sign * Wide(b.num) * a.den, Wide(a.den) * b.den);
  }
  Rational sum() {
    Rational v = term();
    for (;;) {
      if (eat('+')) {
        v = add(v, term(), 1);
      } else if (eat('-')) {
        v = add(v, term(), -1);
      } else {
        return v;
      }
    }
  }
  Rational term() {
    Rational v = unary();
    for (;;) {
      if (eat('*')) {
        Rational b = unary();
        v = value(Wide(v.num) * b.num, Wide(v.den) * b.den);
      } else if (eat('/')) {
        v = divide(v, unary(), false);
      } else if (eat('%')) {
        v = divide(v, unary(), true);
      } else {
        return v;
      }
    }
  }
  // Integers truncate (and `%` takes only integers); a fraction divides exactly.
  Rational divide(const Rational& a, const Rational& b, bool modulo) const {
    if (b.num == 0) fail("division by zero");
    if (a.integral() && b.integral()) {
      if (a.num == INT64_MIN && b.num == -1) fail("overflows 64 bits");
      return Rational{modulo ? a.num % b.num : a.num / b.num, 1};
    }
    if (modulo) fail("'%' takes integers, got " + a.str() + " % " + b.str());
    return value(Wide(a.num) * b.den, Wide(a.den) * b.num);
  }
  Rational unary() {
    if (eat('-')) {
      if (++depth_ > kMaxNesting) fail("nested too deeply");
      Rational v = unary();
      --depth_;
      return Rational{-v.num, v.den};
    }
    return primary();
  }
  std::string_view name() {
    std::size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_'))
      ++i_;
    return s_.substr(start, i_ - start);
  }
  Rational call(std::string_view f) {
    if (++depth_ > kMaxNesting) fail("nested too deeply");
    std::vector<Rational> args;
    if (!eat(')')) {
      do {
        args.push_back(sum());
      } while (eat(','));
      if (!eat(')')) {
        fail("missing ')' after the arguments of " + std::string(f) +
             (i_ == s_.size()
                  ? " (in a flow map {...} a comma ends the value: quote the expression)"
                  : ""));
      }
    }
    --depth_;
    auto arity = [&](std::size_t lo, std::size_t hi) {
      if (args.size() < lo || args.size() > hi) {
        fail(std::string(f) + " takes " +
             (lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi)) +
             (hi == 1 ? " argument" : " arguments") + ", got " + std::to_string(args.size()));
      }
    };
    if (f == "floor" || f == "ceil" || f == "round") {
      arity(1, 1);
      const Rational& x = args[0];
      Wide q = floor_of(x);
      if (x.integral()) return x;
      if (f == "ceil") return value(q + 1, 1);
      if (f == "floor") return value(q, 1);
      // The fraction x − q against one half; halves go to the even neighbour.
      Wide twice = 2 * (Wide(x.num) - q * x.den);
      if (twice > x.den || (twice == x.den && q % 2 != 0)) ++q;
      return value(q, 1);
    }
    if (f == "min" || f == "max") {
      if (args.empty()) fail(std::string(f) + " takes at least one argument");
      Rational best = args[0];
      for (const Rational& a : args) {
        if (f == "min" ? less(a, best) : less(best, a)) best = a;
      }
      return best;
    }
    if (f == "divisible") {
      arity(2, 3);
      const Rational &v = args[0], &d = args[1];
      if (!d.integral() || d.num <= 0) fail("divisible: the divisor must be a positive integer");
      const Rational least = args.size() == 3 ? args[2] : d;
      // floor(v + d/2) rounded down to a multiple of d, at least `least`.
      Wide n = floor_of(add(v, Rational{d.num, 2}, 1)) / d.num * d.num;
      Rational r = value(n, 1);
      if (less(r, least)) r = least;
      // Not more than 10% below v.
      if (Wide(r.num) * 10 * v.den < Wide(v.num) * 9 * r.den) r = add(r, d, 1);
      return r;
    }
    fail("unknown function '" + std::string(f) +
         "' (functions: floor, ceil, round, min, max, divisible)");
  }
  Rational primary() {
    skip_space();
    if (i_ >= s_.size()) fail("expected a value at the end");
    char c = s_[i_];
    if (c == '(') {
      ++i_;
      if (++depth_ > kMaxNesting) fail("nested too deeply");
      Rational v = sum();
      --depth_;
      if (!eat(')')) fail("missing ')'");
      return v;
    }
    if (c == '$') {
      ++i_;
      std::string_view n = name();
      if (n.empty()) fail("'$' must be followed by a name");
      auto v = lookup_(n);
      if (!v) fail("unknown parameter '$" + std::string(n) + "'");
      return *v;
    }
    if (std::isalpha(static_cast<unsigned char>(c))) {
      std::string_view f = name();
      if (!eat('('))
        fail("'" + std::string(f) + "' is not a value (a parameter is '$" + std::string(f) + "')");
      return call(f);
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t start = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ < s_.size() && s_[i_] == '.') {
        ++i_;
        while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      }
      auto v = parse_number(s_.substr(start, i_ - start));
      if (!v) fail("number overflows 64 bits");
      return *v;
    }
    fail("unexpected '" + std::string(1, c) + "'");
  }

  std::string_view s_;
  const VariableLookup& lookup_;
  std::size_t i_ = 0;
  int depth_ = 0;
};

}  // namespace

std::string Rational::str() const {
  if (den == 1) return std::to_string(num);
  // A terminating decimal when den is 2^a·5^b (at most 18 digits).
  std::int64_t d = den;
  int twos = 0, fives = 0;
  while (d % 2 == 0) d /= 2, ++twos;
  while (d % 5 == 0) d /= 5, ++fives;
  int digits = twos > fives ? twos : fives;
  if (d == 1 && digits <= 18) {
    Wide scale = 1;
    for (int k = 0; k < digits; ++k) scale *= 10;
    Wide scaled = Wide(num) * (scale / den);
    bool negative = scaled < 0;
    if (negative) scaled = -scaled;
    std::string frac = std::to_string(static_cast<std::int64_t>(scaled % scale));
    frac.insert(0, static_cast<std::size_t>(digits) - frac.size(), '0');
    return (negative ? "-" : "") + std::to_string(static_cast<std::int64_t>(scaled / scale)) + "." +
           frac;
  }
  return std::to_string(num) + "/" + std::to_string(den);
}

std::optional<Rational> parse_number(std::string_view text) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  std::size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view frac = dot == text.npos ? std::string_view() : text.substr(dot + 1);
  if (whole.empty() || (dot != text.npos && frac.empty()) || frac.size() > 18) return std::nullopt;
  auto all_digits = [](std::string_view s) {
    for (char c : s) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  };
  if (!all_digits(whole) || !all_digits(frac)) return std::nullopt;
  std::int64_t w = 0;
  auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), w);
  if (ec != std::errc()) return std::nullopt;
  Wide num = w, den = 1;
  for (char c : frac) {
    num = num * 10 + (c - '0');
    den *= 10;
    if (num > INT64_MAX) return std::nullopt;
  }
  return make(negative ? -num : num, den);
}

Rational evaluate_number(std::string_view text, const VariableLookup& lookup) {
  if (text.size() > kMaxLength) throw OpError("expression longer than 1000 characters");
  return Parser(text, lookup).parse();
}

std::int64_t evaluate_expression(std::string_view text, const VariableLookup& lookup) {
  Rational r = evaluate_number(text, lookup);
  if (!r.integral()) {
    throw OpError("'" + std::string(text) + "' is " + r.str() +
                  ", not an integer (floor, ceil, round or divisible make one)");
  }
  return r.num;
}

}  // namespace archcalc
