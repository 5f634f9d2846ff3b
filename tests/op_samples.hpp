// A sample layer of every op, derived from its attribute table: each
// attribute at a valid value other than its default, so that a test over
// every op (convert's round trip, every backend against the reference)
// exercises every attribute without listing any op by hand.
#pragma once

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>
#include <vector>

#include "ops/ops.hpp"

namespace archcalc::test {

// The YAML attributes of a sample layer. `flip` also flips every boolean
// (a pool's `global`, a conv's `bias`), which leaves out what a flipped
// boolean makes meaningless.
class SampleAttrs {
 public:
  explicit SampleAttrs(bool flip) : flip_(flip) {}
  void integer(std::string_view key, std::int64_t& m, std::optional<std::int64_t> fallback,
               std::int64_t) {
    m = fallback ? *fallback + 2 : 6;  // odd stays odd (an LRN size); 6 divides by groups 3
    add(key, std::to_string(m));
  }
  void number(std::string_view key, double& m, double fallback, double min, double) {
    m = fallback != 0 ? fallback / 2 : (min < 0 ? -0.5 : 0.5);
    add(key, fmt::format("{}", m));
  }
  void boolean(std::string_view key, bool& m, bool fallback) {
    m = flip_ ? !fallback : fallback;
    if (flip_) add(key, m ? "true" : "false");
  }
  void word(std::string_view key, bool& m, std::array<const char*, 2> words, bool fallback) {
    m = !fallback;
    add(key, words[m ? 1 : 0]);
  }
  void pair(std::string_view key, Hw& m, std::optional<Hw> fallback, std::int64_t,
            std::string_view fallback_text = "") {
    m = !fallback_text.empty() ? Hw{2, 2}
        : fallback             ? Hw{fallback->h + 1, fallback->w + 1}
                               : Hw{3, 3};
    add(key, fmt::format("[{}, {}]", m.h, m.w));
  }
  void padding(std::string_view key, Padding& m) {
    m = Padding{Padding::Mode::kExplicit, 1, 1, 1, 1};
    add(key, "1");
  }
  void shape(std::string_view key, Shape& m) {
    m = Shape{{6, 9, 9}};
    add(key, "[6, 9, 9]");
  }
  void ints(std::string_view key, std::vector<std::int64_t>& m,
            const std::optional<std::vector<std::int64_t>>&, std::int64_t,
            const std::vector<std::int64_t>& sample) {
    m = sample;
    add(key, fmt::format("[{}]", fmt::join(m, ", ")));
  }
  void sizes(std::string_view key, std::vector<std::int64_t>& m,
             const std::optional<std::vector<std::int64_t>>&, std::int64_t, std::size_t,
             const std::vector<std::int64_t>& sample, std::string_view = "") {
    m = sample;
    add(key, m.size() == 1 ? std::to_string(m.front()) : fmt::format("[{}]", fmt::join(m, ", ")));
  }
  template <class E, std::size_t N>
  void choice(std::string_view key, E& m, const std::array<const char*, N>& words) {
    m = static_cast<E>(1);
    add(key, words[1]);
  }
  bool only_when(bool cond, std::initializer_list<const char*>, std::string_view) { return cond; }
  const std::string& text() const { return text_; }
  const std::vector<std::string>& keys() const { return keys_; }

 private:
  void add(std::string_view key, const std::string& value) {
    text_ += ", " + std::string(key) + ": " + value;
    keys_.emplace_back(key);
  }
  std::vector<std::string> keys_;
  bool flip_;
  std::string text_;
};

// A network of a 6×9×9 input (6×9 or 6×9×9×9 for an op over 1 or 3 spatial
// axes) and a layer `l` of op T with sample attributes (two ReLU branches `a`
// and `b` feed it when it takes two inputs or more).
struct Sample {
  std::string yaml;
  std::vector<std::string> keys;  // the attributes `l` sets
};
template <typename T>
Sample sample_network(bool flip) {
  T op;
  SampleAttrs s(flip);
  T::attributes(op, s);
  std::string input = "[6, 9, 9]";
  if constexpr (requires { T::kSpatialAxes; })
    input = T::kSpatialAxes == 1 ? "[6, 9]" : "[6, 9, 9, 9]";
  std::string yaml = "name: sample\ninput: " + input + "\nlayers:\n";
  std::string from;
  if (T::kMinInputs >= 2) {
    yaml += "  - {name: a, op: relu}\n  - {name: b, op: relu, from: input}\n";
    from = ", from: [a, b]";
  }
  return {yaml + "  - {name: l, op: " + std::string(T::kName) + s.text() + from + "}\n", s.keys()};
}

}  // namespace archcalc::test
