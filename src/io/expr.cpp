#include "io/expr.hpp"

#include <cctype>
#include <charconv>

#include "util/diag.hpp"

namespace archcalc {

namespace {

constexpr std::size_t kMaxLength = 1000;
constexpr int kMaxNesting = 32;

class Parser {
 public:
  Parser(std::string_view text, const VariableLookup& lookup) : s_(text), lookup_(lookup) {}

  std::int64_t parse() {
    std::int64_t v = sum();
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
  // a op b, or a syntax-style failure on 64-bit overflow.
  template <typename F>
  std::int64_t checked(F op, std::int64_t a, std::int64_t b) const {
    std::int64_t r;
    if (op(a, b, &r)) fail("overflows 64 bits");
    return r;
  }
  static bool add_of(std::int64_t a, std::int64_t b, std::int64_t* r) {
    return __builtin_add_overflow(a, b, r);
  }
  static bool sub_of(std::int64_t a, std::int64_t b, std::int64_t* r) {
    return __builtin_sub_overflow(a, b, r);
  }
  static bool mul_of(std::int64_t a, std::int64_t b, std::int64_t* r) {
    return __builtin_mul_overflow(a, b, r);
  }
  std::int64_t sum() {
    std::int64_t v = term();
    for (;;) {
      if (eat('+')) {
        v = checked(add_of, v, term());
      } else if (eat('-')) {
        v = checked(sub_of, v, term());
      } else {
        return v;
      }
    }
  }
  std::int64_t term() {
    std::int64_t v = unary();
    for (;;) {
      if (eat('*')) {
        v = checked(mul_of, v, unary());
      } else if (eat('/')) {
        v = divide(v, unary(), false);
      } else if (eat('%')) {
        v = divide(v, unary(), true);
      } else {
        return v;
      }
    }
  }
  std::int64_t divide(std::int64_t a, std::int64_t b, bool modulo) const {
    if (b == 0) fail("division by zero");
    if (a == INT64_MIN && b == -1) fail("overflows 64 bits");
    return modulo ? a % b : a / b;
  }
  std::int64_t unary() {
    if (eat('-')) {
      if (++depth_ > kMaxNesting) fail("nested too deeply");
      std::int64_t v = unary();
      --depth_;
      if (v == INT64_MIN) fail("overflows 64 bits");
      return -v;
    }
    return primary();
  }
  std::int64_t primary() {
    skip_space();
    if (i_ >= s_.size()) fail("expected a value at the end");
    char c = s_[i_];
    if (c == '(') {
      ++i_;
      if (++depth_ > kMaxNesting) fail("nested too deeply");
      std::int64_t v = sum();
      --depth_;
      if (!eat(')')) fail("missing ')'");
      return v;
    }
    if (c == '$') {
      std::size_t start = ++i_;
      while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_'))
        ++i_;
      std::string_view name = s_.substr(start, i_ - start);
      if (name.empty()) fail("'$' must be followed by a name");
      auto v = lookup_(name);
      if (!v) fail("unknown parameter '$" + std::string(name) + "'");
      return *v;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::int64_t v = 0;
      auto [end, ec] = std::from_chars(s_.data() + i_, s_.data() + s_.size(), v);
      if (ec == std::errc::result_out_of_range) fail("number overflows 64 bits");
      i_ = static_cast<std::size_t>(end - s_.data());
      return v;
    }
    fail("unexpected '" + std::string(1, c) + "'");
  }

  std::string_view s_;
  const VariableLookup& lookup_;
  std::size_t i_ = 0;
  int depth_ = 0;
};

}  // namespace

std::int64_t evaluate_expression(std::string_view text, const VariableLookup& lookup) {
  if (text.size() > kMaxLength) throw OpError("expression longer than 1000 characters");
  return Parser(text, lookup).parse();
}

}  // namespace archcalc
