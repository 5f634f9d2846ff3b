#include "io/map_attrs.hpp"

#include <fmt/format.h>

#include "io/yaml_attrs.hpp"

namespace archcalc {

MapAttrReader::MapAttrReader(std::string prefix, SourcePos layer_pos)
    : prefix_(std::move(prefix)), layer_pos_(std::move(layer_pos)) {}

void MapAttrReader::set_ints(const std::string& key, std::vector<std::int64_t> v, SourcePos pos) {
  Value& x = values_[key] = Value{};
  x.ints = std::move(v);
  x.pos = std::move(pos);
}
void MapAttrReader::set_number(const std::string& key, double v, SourcePos pos) {
  Value& x = values_[key] = Value{};
  x.number = v;
  x.pos = std::move(pos);
}
void MapAttrReader::set_bool(const std::string& key, bool v, SourcePos pos) {
  Value& x = values_[key] = Value{};
  x.flag = v;
  x.pos = std::move(pos);
}
void MapAttrReader::set_word(const std::string& key, std::string v, SourcePos pos) {
  Value& x = values_[key] = Value{};
  x.word = std::move(v);
  x.pos = std::move(pos);
}
void MapAttrReader::set_padding(const std::string& key, Padding v, SourcePos pos) {
  Value& x = values_[key] = Value{};
  x.pad = v;
  x.is_pad = true;
  x.pos = std::move(pos);
}

const MapAttrReader::Value* MapAttrReader::find(std::string_view key) const {
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

void MapAttrReader::fail(std::string_view key, const std::string& why) {
  const Value* v = find(key);
  throw InputError(v ? v->pos : layer_pos_, prefix_ + why);
}

void MapAttrReader::missing(std::string_view key) {
  throw InputError(layer_pos_, prefix_ + "missing attribute '" + std::string(key) + "'");
}

void MapAttrReader::check_min(std::string_view key, std::int64_t v, std::int64_t min) {
  if (v > kMaxAttribute) {
    fail(key, "'" + std::string(key) + "' must be at most " + std::to_string(kMaxAttribute) +
                  ", got " + std::to_string(v));
  }
  if (v < min) {
    fail(key, "'" + std::string(key) + "' must be at least " + std::to_string(min) + ", got " +
                  std::to_string(v));
  }
}

bool MapAttrReader::has(std::string_view key) {
  return find(key) != nullptr;
}

bool MapAttrReader::is_list(std::string_view key) {
  const Value* v = find(key);
  return v && v->ints.size() != 1;
}

std::int64_t MapAttrReader::integer(std::string_view key, std::optional<std::int64_t> fallback,
                                    std::int64_t min) {
  const Value* v = find(key);
  if (!v) {
    if (!fallback) missing(key);
    return *fallback;
  }
  if (v->ints.size() != 1) fail(key, "'" + std::string(key) + "' must be one integer");
  check_min(key, v->ints[0], min);
  return v->ints[0];
}

std::vector<std::int64_t> MapAttrReader::integers(std::string_view key, std::size_t min_len,
                                                  std::size_t max_len, std::int64_t min) {
  const Value* v = find(key);
  if (!v) missing(key);
  if (v->ints.size() < min_len || v->ints.size() > max_len) {
    fail(key, fmt::format("'{}' must be a list of {} to {} integers, got {}", key, min_len, max_len,
                          v->ints.size()));
  }
  for (auto x : v->ints) check_min(key, x, min);
  return v->ints;
}

double MapAttrReader::number(std::string_view key, std::optional<double> fallback, double min,
                             double max) {
  const Value* v = find(key);
  if (!v) {
    if (!fallback) missing(key);
    return *fallback;
  }
  if (v->number < min || v->number > max) {
    fail(key, fmt::format("'{}' must be between {} and {}, got {}", key, min, max, v->number));
  }
  return v->number;
}

bool MapAttrReader::boolean(std::string_view key, std::optional<bool> fallback) {
  const Value* v = find(key);
  if (!v) {
    if (!fallback) missing(key);
    return *fallback;
  }
  return v->flag;
}

std::string MapAttrReader::word(std::string_view key, const std::vector<std::string>& choices,
                                std::optional<std::string> fallback) {
  const Value* v = find(key);
  if (!v) {
    if (!fallback) missing(key);
    return *fallback;
  }
  for (const auto& c : choices) {
    if (c == v->word) return c;
  }
  throw InputError(v->pos, prefix_ + "'" + std::string(key) + "' has no value '" + v->word + "'");
}

Hw MapAttrReader::pair(std::string_view key, std::optional<Hw> fallback, std::int64_t min) {
  const Value* v = find(key);
  if (!v) {
    if (!fallback) missing(key);
    return *fallback;
  }
  if (v->ints.empty() || v->ints.size() > 2) {
    fail(key, "'" + std::string(key) + "' must be one integer or [h, w]");
  }
  for (auto x : v->ints) check_min(key, x, min);
  return v->ints.size() == 1 ? Hw{v->ints[0], v->ints[0]} : Hw{v->ints[0], v->ints[1]};
}

Padding MapAttrReader::padding(std::string_view key) {
  const Value* v = find(key);
  if (!v) return Padding{};
  if (!v->is_pad) fail(key, "'" + std::string(key) + "' must be a padding");
  for (auto side : {v->pad.top, v->pad.bottom, v->pad.left, v->pad.right}) check_min(key, side, 0);
  return v->pad;
}

}  // namespace archcalc
