// An op's attributes as one table. Each op declares
//
//   template <class Self, class V> static void attributes(Self& self, V& v);
//
// calling, in order, one of the entries below per attribute with the member
// that holds it. The same declaration drives parsing (ParseAttrs: defaults
// and ranges), the YAML writer of `convert` (io/yaml_writer.cpp, which leaves
// out values at their default) and the format reference (describe_attributes).
// Checks across attributes go in an optional `void check(AttrReader&) const`.
//
//   v.integer(key, int64&, optional<int64> fallback, min)   nullopt: required
//   v.number(key, double&, fallback, min, max)              always written
//   v.boolean(key, bool&, fallback)
//   v.word(key, bool&, {off, on}, fallback)                 a two-word choice held as a bool
//   v.pair(key, Hw&, optional<Hw> fallback, min, fallback_text = "")
//   v.padding(key, Padding&)                                 0 when absent
//   v.shape(key, Shape&)                                     1 to 4 dims, required
//   v.ints(key, vector<int64>&, optional<vector> fallback, min, sample)
//                                                            a list of 1 to kMaxListLength
//                                                            integers >= min (axes, a
//                                                            shape); `sample`: a valid
//                                                            value for the tests
//   v.sizes(key, vector<int64>&, optional<vector> fallback, min, max_len, sample,
//           fallback_text = "")
//                                                            one integer or a list of 1 to
//                                                            max_len integers >= min (a
//                                                            window, padding per side); one
//                                                            integer is held as a list of 1
//   v.choice(key, E&, array<const char*, N> words)           one of `words`, held as the enum
//                                                            E of its index; default the first
//   v.only_when(cond, {keys}, "a global pool")              the keys' entries that follow
//                                                            apply when cond holds; otherwise
//                                                            writing them is an error
#pragma once

#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "base/shape.hpp"
#include "ops/attrs.hpp"

namespace archcalc {

// The longest list an `ints` attribute takes.
constexpr std::size_t kMaxListLength = 8;

// Reads attributes through an AttrReader into the members.
class ParseAttrs {
 public:
  explicit ParseAttrs(AttrReader& r) : r_(r) {}
  void integer(std::string_view key, std::int64_t& m, std::optional<std::int64_t> fallback,
               std::int64_t min) {
    m = r_.integer(key, fallback, min);
  }
  void number(std::string_view key, double& m, double fallback, double min, double max) {
    m = r_.number(key, fallback, min, max);
  }
  void boolean(std::string_view key, bool& m, bool fallback) { m = r_.boolean(key, fallback); }
  void word(std::string_view key, bool& m, std::array<const char*, 2> words, bool fallback) {
    m = r_.word(key, {words[0], words[1]}, words[fallback ? 1 : 0]) == words[1];
  }
  void pair(std::string_view key, Hw& m, std::optional<Hw> fallback, std::int64_t min,
            std::string_view = "") {
    m = r_.pair(key, fallback, min);
  }
  void padding(std::string_view key, Padding& m) { m = r_.padding(key); }
  void shape(std::string_view key, Shape& m) { m.dims = r_.integers(key, 1, 4, 1); }
  void ints(std::string_view key, std::vector<std::int64_t>& m,
            std::optional<std::vector<std::int64_t>> fallback, std::int64_t min,
            const std::vector<std::int64_t>& = {}) {
    m = fallback && !r_.has(key) ? *fallback : r_.integers(key, 1, kMaxListLength, min);
  }
  void sizes(std::string_view key, std::vector<std::int64_t>& m,
             const std::optional<std::vector<std::int64_t>>& fallback, std::int64_t min,
             std::size_t max_len, const std::vector<std::int64_t>& = {}, std::string_view = "") {
    if (fallback && !r_.has(key)) {
      m = *fallback;
    } else if (r_.is_list(key)) {
      m = r_.integers(key, 1, max_len, min);
    } else {
      m = {r_.integer(key, std::nullopt, min)};
    }
  }
  template <class E, std::size_t N>
  void choice(std::string_view key, E& m, const std::array<const char*, N>& words) {
    const std::string w = r_.word(key, {words.begin(), words.end()}, words[0]);
    for (std::size_t i = 0; i < N; ++i) {
      if (w == words[i]) m = static_cast<E>(i);
    }
  }
  bool only_when(bool cond, std::initializer_list<const char*> keys, std::string_view what) {
    if (!cond) {
      for (const char* key : keys) {
        if (r_.has(key)) {
          r_.fail(key, std::string("'") + key + "' has no meaning for " + std::string(what));
        }
      }
    }
    return cond;
  }

 private:
  AttrReader& r_;
};

// The attributes and their defaults as the format reference writes them:
// "`out`, `kernel`, `stride` (1), …"; "—" when there are none.
class DescribeAttrs {
 public:
  void integer(std::string_view key, std::int64_t, std::optional<std::int64_t> fallback,
               std::int64_t) {
    add(key, fallback ? std::to_string(*fallback) : "");
  }
  void number(std::string_view key, double, double fallback, double, double);
  void boolean(std::string_view key, bool, bool fallback) { add(key, fallback ? "true" : "false"); }
  void word(std::string_view key, bool, std::array<const char*, 2> words, bool fallback);
  void pair(std::string_view key, const Hw&, std::optional<Hw> fallback, std::int64_t,
            std::string_view fallback_text = "");
  void padding(std::string_view key, const Padding&) { add(key, "0"); }
  void shape(std::string_view key, const Shape&) { add(key, ""); }
  void ints(std::string_view key, const std::vector<std::int64_t>&,
            const std::optional<std::vector<std::int64_t>>& fallback, std::int64_t,
            const std::vector<std::int64_t>& = {});
  void sizes(std::string_view key, const std::vector<std::int64_t>&,
             const std::optional<std::vector<std::int64_t>>& fallback, std::int64_t, std::size_t,
             const std::vector<std::int64_t>& = {}, std::string_view fallback_text = "");
  template <class E, std::size_t N>
  void choice(std::string_view key, const E&, const std::array<const char*, N>& words) {
    std::string text;
    for (std::size_t i = 0; i < N; ++i) {
      text += i == 0 ? "" : i + 1 == N ? " or " : ", ";
      text += "`" + std::string(words[i]) + "`";
    }
    add(key, text);
  }
  bool only_when(bool, std::initializer_list<const char*>, std::string_view) { return true; }
  const std::string& text() const { return text_; }

 private:
  void add(std::string_view key, const std::string& fallback);
  std::string text_;
};

}  // namespace archcalc
