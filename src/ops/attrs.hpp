// What an op's parse hook sees: typed access to its attributes, with defaults
// and range checks. The YAML loader implements it (io/yaml_attrs.*); importers
// may implement it for other formats. Every accessor throws InputError with the
// attribute's position when the value is missing, ill-typed or out of range.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archcalc {

// A height/width pair (kernel, stride, dilation).
struct Hw {
  std::int64_t h = 1;
  std::int64_t w = 1;
  bool operator==(const Hw&) const = default;
};

// Padding as written: explicit per side, or resolved later from the input size.
struct Padding {
  enum class Mode { kExplicit, kSame, kValid };
  Mode mode = Mode::kExplicit;
  std::int64_t top = 0, bottom = 0, left = 0, right = 0;
  bool operator==(const Padding&) const = default;
};

class AttrReader {
 public:
  virtual ~AttrReader() = default;
  // An integer >= `min`; `fallback` when absent (nullopt: required).
  virtual std::int64_t integer(std::string_view key, std::optional<std::int64_t> fallback,
                               std::int64_t min) = 0;
  // A list of integers, each >= `min`, of `min_len`..`max_len` elements.
  virtual std::vector<std::int64_t> integers(std::string_view key, std::size_t min_len,
                                             std::size_t max_len, std::int64_t min) = 0;
  // A finite real number in [min, max]; `fallback` when absent.
  virtual double number(std::string_view key, std::optional<double> fallback, double min,
                        double max) = 0;
  virtual bool boolean(std::string_view key, std::optional<bool> fallback) = 0;
  // One of `choices`; `fallback` when absent.
  virtual std::string word(std::string_view key, const std::vector<std::string>& choices,
                           std::optional<std::string> fallback) = 0;
  // One integer (square) or [h, w], each >= `min`.
  virtual Hw pair(std::string_view key, std::optional<Hw> fallback, std::int64_t min) = 0;
  // An integer, [h, w], [top, bottom, left, right], `same` or `valid`; 0 when absent.
  virtual Padding padding(std::string_view key) = 0;
  // True when the attribute is present.
  virtual bool has(std::string_view key) = 0;
  // True when the attribute is present and a list (not one value).
  virtual bool is_list(std::string_view key) = 0;
  // An input error at the attribute's position (or the layer's, if absent).
  [[noreturn]] virtual void fail(std::string_view key, const std::string& why) = 0;
};

}  // namespace archcalc
