#include "io/yaml_attrs.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "io/expr.hpp"

namespace archcalc {

const Binding* Scope::find(std::string_view name) const {
  for (const Scope* s = this; s; s = s->parent) {
    auto it = s->vars.find(name);
    if (it != s->vars.end()) return &it->second;
  }
  return nullptr;
}

namespace {

constexpr std::size_t kMaxListLength = 4096;

bool is_plain_reference(std::string_view s) {
  if (s.size() < 2 || s[0] != '$') return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::string describe(const YamlDocument& doc, NodeId v) {
  if (doc.is_sequence(v)) return "a list";
  if (doc.is_map(v)) return "a map";
  if (doc.is_null(v)) return "nothing";
  std::string s(doc.scalar(v));
  if (s.size() > 40) s = s.substr(0, 40) + "...";
  return "'" + s + "'";
}

NodeId resolve(YamlDocument& doc, NodeId node, const Scope& scope) {
  if (doc.is_scalar(node)) {
    std::string_view s = doc.scalar(node);
    if (!is_expression(s)) return node;
    if (is_plain_reference(s)) {
      const Binding* b = scope.find(s.substr(1));
      if (!b) throw OpError("unknown parameter '" + std::string(s) + "'");
      return b->value;
    }
    Rational v = evaluate_number(s, [&](std::string_view name) -> std::optional<Rational> {
      const Binding* b = scope.find(name);
      if (!b) return std::nullopt;
      return scalar_number(doc, b->value, "$" + std::string(name));
    });
    return doc.add_scalar(v.str(), node);
  }
  if (doc.is_sequence(node)) {
    std::size_t n = doc.size(node);
    if (n > kMaxListLength) throw OpError("list longer than 4096 elements");
    bool computed = false;
    for (std::size_t i = 0; i < n; ++i) {
      NodeId child = doc.element(node, i);
      if (!doc.is_scalar(child)) throw OpError("lists of lists are not values");
      computed = computed || is_expression(doc.scalar(child));
    }
    if (!computed) return node;
    std::vector<NodeId> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(resolve(doc, doc.element(node, i), scope));
    return doc.add_sequence(out, node);
  }
  return node;
}

std::int64_t scalar_integer(const YamlDocument& doc, NodeId v, std::string_view what) {
  if (!doc.is_scalar(v))
    throw OpError(std::string(what) + " must be an integer, got " + describe(doc, v));
  std::string_view s = doc.scalar(v);
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec == std::errc() && end == s.data() + s.size()) return out;
  if (ec == std::errc::result_out_of_range) throw OpError(std::string(what) + " overflows 64 bits");
  // Literal arithmetic such as "2*3" or "-1".
  bool arithmetic = !s.empty() && s.find_first_not_of("0123456789+-*/%() \t") == s.npos;
  if (arithmetic) return evaluate_expression(s, [](std::string_view) { return std::nullopt; });
  if (auto r = parse_number(s); r && !r->integral()) {
    throw OpError(std::string(what) + " must be an integer, got " + describe(doc, v) +
                  " (floor, ceil, round or divisible make one)");
  }
  throw OpError(std::string(what) + " must be an integer, got " + describe(doc, v));
}

Rational scalar_number(const YamlDocument& doc, NodeId v, std::string_view what) {
  if (doc.is_scalar(v)) {
    std::string_view s = doc.scalar(v);
    if (auto r = parse_number(s)) return *r;
    bool arithmetic = !s.empty() && s.find_first_not_of("0123456789.+-*/%() \t") == s.npos;
    if (arithmetic) return evaluate_number(s, [](std::string_view) { return std::nullopt; });
  }
  throw OpError(std::string(what) + " must be a number, got " + describe(doc, v));
}

YamlAttrReader::YamlAttrReader(YamlDocument& doc, NodeId item, const Scope& scope,
                               const std::string& file, std::string prefix, SourcePos layer_pos)
    : doc_(doc),
      item_(item),
      scope_(scope),
      file_(file),
      prefix_(std::move(prefix)),
      layer_pos_(std::move(layer_pos)) {}

NodeId YamlAttrReader::raw(std::string_view key) {
  if (asked_.find(key) == asked_.end()) asked_.emplace(key);
  return doc_.find(item_, key);
}

bool YamlAttrReader::has(std::string_view key) {
  return raw(key) != kNoNode;
}

bool YamlAttrReader::is_list(std::string_view key) {
  return has(key) && doc_.is_sequence(value(key));
}

void YamlAttrReader::fail(std::string_view key, const std::string& why) {
  raise(key, why);
}

void YamlAttrReader::raise(std::string_view key, const std::string& why) {
  NodeId n = raw(key);
  throw InputError(n != kNoNode ? doc_.pos(n, file_) : layer_pos_, prefix_ + why);
}

void YamlAttrReader::fail_missing(std::string_view key) {
  throw InputError(layer_pos_, prefix_ + "missing attribute '" + std::string(key) + "'");
}

NodeId YamlAttrReader::value(std::string_view key) {
  NodeId n = raw(key);
  try {
    return resolve(doc_, n, scope_);
  } catch (const OpError& e) {
    throw InputError(doc_.pos(n, file_), prefix_ + "'" + std::string(key) + "': " + e.what());
  }
}

std::int64_t YamlAttrReader::checked_integer(std::string_view key, NodeId v, std::int64_t min) {
  std::int64_t x;
  try {
    x = scalar_integer(doc_, v, "'" + std::string(key) + "'");
  } catch (const OpError& e) {
    raise(key, e.what());
  }
  if (x < min) {
    raise(key, "'" + std::string(key) + "' must be at least " + std::to_string(min) + ", got " +
                   std::to_string(x));
  }
  if (x > kMaxAttribute) {
    raise(key, "'" + std::string(key) + "' must be at most " + std::to_string(kMaxAttribute) +
                   ", got " + std::to_string(x));
  }
  return x;
}

std::int64_t YamlAttrReader::integer(std::string_view key, std::optional<std::int64_t> fallback,
                                     std::int64_t min) {
  if (!has(key)) {
    if (!fallback) fail_missing(key);
    return *fallback;
  }
  return checked_integer(key, value(key), min);
}

std::vector<std::int64_t> YamlAttrReader::integers(std::string_view key, std::size_t min_len,
                                                   std::size_t max_len, std::int64_t min) {
  if (!has(key)) fail_missing(key);
  NodeId v = value(key);
  if (!doc_.is_sequence(v) || doc_.size(v) < min_len || doc_.size(v) > max_len) {
    raise(key, "'" + std::string(key) + "' must be a list of " + std::to_string(min_len) + " to " +
                   std::to_string(max_len) + " integers, got " + describe(doc_, v));
  }
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < doc_.size(v); ++i)
    out.push_back(checked_integer(key, doc_.element(v, i), min));
  return out;
}

double YamlAttrReader::number(std::string_view key, std::optional<double> fallback, double min,
                              double max) {
  if (!has(key)) {
    if (!fallback) fail_missing(key);
    return *fallback;
  }
  NodeId v = value(key);
  double x = 0;
  bool ok = false;
  if (doc_.is_scalar(v)) {
    std::string_view s = doc_.scalar(v);
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    ok = ec == std::errc() && end == s.data() + s.size() && std::isfinite(x);
  }
  if (!ok) raise(key, "'" + std::string(key) + "' must be a number, got " + describe(doc_, v));
  if (x < min || x > max) {
    raise(key, fmt::format("'{}' must be between {} and {}, got {}", key, min, max, x));
  }
  return x;
}

bool YamlAttrReader::boolean(std::string_view key, std::optional<bool> fallback) {
  if (!has(key)) {
    if (!fallback) fail_missing(key);
    return *fallback;
  }
  NodeId v = value(key);
  if (doc_.is_scalar(v)) {
    if (doc_.scalar(v) == "true") return true;
    if (doc_.scalar(v) == "false") return false;
  }
  raise(key, "'" + std::string(key) + "' must be true or false, got " + describe(doc_, v));
}

std::string YamlAttrReader::word(std::string_view key, const std::vector<std::string>& choices,
                                 std::optional<std::string> fallback) {
  if (!has(key)) {
    if (!fallback) fail_missing(key);
    return *fallback;
  }
  NodeId v = value(key);
  if (doc_.is_scalar(v)) {
    for (const auto& c : choices) {
      if (doc_.scalar(v) == c) return c;
    }
  }
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : " or ") + c;
  raise(key, "'" + std::string(key) + "' must be " + list + ", got " + describe(doc_, v));
}

Hw YamlAttrReader::pair(std::string_view key, std::optional<Hw> fallback, std::int64_t min) {
  if (!has(key)) {
    if (!fallback) fail_missing(key);
    return *fallback;
  }
  NodeId v = value(key);
  if (doc_.is_sequence(v)) {
    if (doc_.size(v) != 2) {
      raise(key, "'" + std::string(key) + "' must be an integer or [h, w], got a list of " +
                     std::to_string(doc_.size(v)));
    }
    return Hw{checked_integer(key, doc_.element(v, 0), min),
              checked_integer(key, doc_.element(v, 1), min)};
  }
  std::int64_t x = checked_integer(key, v, min);
  return Hw{x, x};
}

Padding YamlAttrReader::padding(std::string_view key) {
  Padding p;
  if (!has(key)) return p;
  NodeId v = value(key);
  if (doc_.is_scalar(v) && (doc_.scalar(v) == "same" || doc_.scalar(v) == "valid")) {
    p.mode = doc_.scalar(v) == "same" ? Padding::Mode::kSame : Padding::Mode::kValid;
    return p;
  }
  if (doc_.is_sequence(v)) {
    if (doc_.size(v) == 2) {
      p.top = p.bottom = checked_integer(key, doc_.element(v, 0), 0);
      p.left = p.right = checked_integer(key, doc_.element(v, 1), 0);
      return p;
    }
    if (doc_.size(v) == 4) {
      p.top = checked_integer(key, doc_.element(v, 0), 0);
      p.bottom = checked_integer(key, doc_.element(v, 1), 0);
      p.left = checked_integer(key, doc_.element(v, 2), 0);
      p.right = checked_integer(key, doc_.element(v, 3), 0);
      return p;
    }
    raise(key, "'" + std::string(key) +
                   "' must be an integer, [h, w], [top, bottom, left, right], same or valid, "
                   "got a list of " +
                   std::to_string(doc_.size(v)));
  }
  if (doc_.is_scalar(v) && !doc_.scalar(v).empty() &&
      std::isalpha(static_cast<unsigned char>(doc_.scalar(v)[0]))) {
    raise(key, "'" + std::string(key) +
                   "' must be an integer, [h, w], [top, bottom, left, right], "
                   "same or valid, got " +
                   describe(doc_, v));
  }
  p.top = p.bottom = p.left = p.right = checked_integer(key, v, 0);
  return p;
}

}  // namespace archcalc
