#include "ops/attr_table.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace archcalc {

void DescribeAttrs::add(std::string_view key, const std::string& fallback) {
  if (!text_.empty()) text_ += ", ";
  text_ += "`" + std::string(key) + "`";
  if (!fallback.empty()) text_ += " (" + fallback + ")";
}

void DescribeAttrs::number(std::string_view key, double, double fallback, double, double) {
  add(key, fmt::format("{}", fallback));
}

void DescribeAttrs::word(std::string_view key, bool, std::array<const char*, 2> words,
                         bool fallback) {
  add(key, fmt::format("`{}` or `{}`", words[fallback ? 1 : 0], words[fallback ? 0 : 1]));
}

void DescribeAttrs::pair(std::string_view key, const Hw&, std::optional<Hw> fallback, std::int64_t,
                         std::string_view fallback_text) {
  if (!fallback_text.empty()) return add(key, std::string(fallback_text));
  if (!fallback) return add(key, "");
  add(key, fallback->h == fallback->w ? std::to_string(fallback->h)
                                      : fmt::format("[{}, {}]", fallback->h, fallback->w));
}

void DescribeAttrs::ints(std::string_view key, const std::vector<std::int64_t>&,
                         const std::optional<std::vector<std::int64_t>>& fallback, std::int64_t,
                         const std::vector<std::int64_t>&) {
  if (fallback && fallback->empty()) return add(key, "all");
  add(key, fallback ? fmt::format("[{}]", fmt::join(*fallback, ", ")) : "");
}

void DescribeAttrs::sizes(std::string_view key, const std::vector<std::int64_t>&,
                          const std::optional<std::vector<std::int64_t>>& fallback, std::int64_t,
                          std::size_t, const std::vector<std::int64_t>&,
                          std::string_view fallback_text) {
  if (!fallback_text.empty()) return add(key, std::string(fallback_text));
  if (!fallback) return add(key, "");
  add(key, fallback->size() == 1 ? std::to_string(fallback->front())
                                 : fmt::format("[{}]", fmt::join(*fallback, ", ")));
}

}  // namespace archcalc
