#include "io/yaml_attrs.hpp"

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

SourcePos pos_of(const YAML::Node& node, const std::string& file) {
  if (!node.IsDefined()) return SourcePos{file, 0, 0};
  YAML::Mark m = node.Mark();
  if (m.is_null()) return SourcePos{file, 0, 0};
  return SourcePos{file, m.line + 1, m.column + 1};
}

namespace {

constexpr std::size_t kMaxListLength = 4096;

bool is_plain_reference(const std::string& s) {
  if (s.size() < 2 || s[0] != '$') return false;
  for (std::size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  }
  return true;
}

std::string describe(const YAML::Node& v) {
  if (v.IsSequence()) return "a list";
  if (v.IsMap()) return "a map";
  if (v.IsNull()) return "nothing";
  std::string s = v.Scalar();
  if (s.size() > 40) s = s.substr(0, 40) + "...";
  return "'" + s + "'";
}

}  // namespace

YAML::Node resolve(const YAML::Node& node, const Scope& scope) {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    if (!is_expression(s)) return node;
    if (is_plain_reference(s)) {
      const Binding* b = scope.find(std::string_view(s).substr(1));
      if (!b) throw OpError("unknown parameter '" + s + "'");
      return b->value;
    }
    std::int64_t v =
        evaluate_expression(s, [&](std::string_view name) -> std::optional<std::int64_t> {
          const Binding* b = scope.find(name);
          if (!b) return std::nullopt;
          return scalar_integer(b->value, "$" + std::string(name));
        });
    return YAML::Node(std::to_string(v));
  }
  if (node.IsSequence()) {
    if (node.size() > kMaxListLength) throw OpError("list longer than 4096 elements");
    YAML::Node out(YAML::NodeType::Sequence);
    for (const auto& child : node) {
      if (!child.IsScalar()) throw OpError("lists of lists are not values");
      out.push_back(resolve(child, scope));
    }
    return out;
  }
  return node;
}

std::int64_t scalar_integer(const YAML::Node& v, std::string_view what) {
  if (!v.IsScalar()) throw OpError(std::string(what) + " must be an integer, got " + describe(v));
  const std::string& s = v.Scalar();
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec == std::errc() && end == s.data() + s.size()) return out;
  if (ec == std::errc::result_out_of_range) throw OpError(std::string(what) + " overflows 64 bits");
  // Literal arithmetic such as "2*3" or "-1".
  bool arithmetic = !s.empty() && s.find_first_not_of("0123456789+-*/%() \t") == s.npos;
  if (arithmetic) return evaluate_expression(s, [](std::string_view) { return std::nullopt; });
  throw OpError(std::string(what) + " must be an integer, got " + describe(v));
}

YamlAttrReader::YamlAttrReader(const YAML::Node& item, const Scope& scope, std::string file,
                               std::string prefix, SourcePos layer_pos)
    : item_(item),
      scope_(scope),
      file_(std::move(file)),
      prefix_(std::move(prefix)),
      layer_pos_(std::move(layer_pos)) {}

YAML::Node YamlAttrReader::raw(std::string_view key) {
  asked_.insert(std::string(key));
  return item_[std::string(key)];
}

bool YamlAttrReader::has(std::string_view key) {
  return raw(key).IsDefined();
}

void YamlAttrReader::fail(std::string_view key, const std::string& why) {
  raise(key, why);
}

void YamlAttrReader::raise(std::string_view key, const std::string& why) {
  YAML::Node n = raw(key);
  throw InputError(n.IsDefined() ? pos_of(n, file_) : layer_pos_, prefix_ + why);
}

void YamlAttrReader::fail_missing(std::string_view key) {
  throw InputError(layer_pos_, prefix_ + "missing attribute '" + std::string(key) + "'");
}

YAML::Node YamlAttrReader::value(std::string_view key) {
  YAML::Node n = raw(key);
  try {
    return resolve(n, scope_);
  } catch (const OpError& e) {
    throw InputError(pos_of(n, file_), prefix_ + "'" + std::string(key) + "': " + e.what());
  }
}

std::int64_t YamlAttrReader::checked_integer(std::string_view key, const YAML::Node& v,
                                             std::int64_t min) {
  std::int64_t x;
  try {
    x = scalar_integer(v, "'" + std::string(key) + "'");
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
  YAML::Node v = value(key);
  if (!v.IsSequence() || v.size() < min_len || v.size() > max_len) {
    raise(key, "'" + std::string(key) + "' must be a list of " + std::to_string(min_len) + " to " +
                   std::to_string(max_len) + " integers, got " + describe(v));
  }
  std::vector<std::int64_t> out;
  for (const auto& e : v) out.push_back(checked_integer(key, e, min));
  return out;
}

double YamlAttrReader::number(std::string_view key, std::optional<double> fallback, double min,
                              double max) {
  if (!has(key)) {
    if (!fallback) fail_missing(key);
    return *fallback;
  }
  YAML::Node v = value(key);
  double x = 0;
  bool ok = false;
  if (v.IsScalar()) {
    const std::string& s = v.Scalar();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    ok = ec == std::errc() && end == s.data() + s.size() && std::isfinite(x);
  }
  if (!ok) raise(key, "'" + std::string(key) + "' must be a number, got " + describe(v));
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
  YAML::Node v = value(key);
  if (v.IsScalar()) {
    if (v.Scalar() == "true") return true;
    if (v.Scalar() == "false") return false;
  }
  raise(key, "'" + std::string(key) + "' must be true or false, got " + describe(v));
}

std::string YamlAttrReader::word(std::string_view key, const std::vector<std::string>& choices,
                                 std::optional<std::string> fallback) {
  if (!has(key)) {
    if (!fallback) fail_missing(key);
    return *fallback;
  }
  YAML::Node v = value(key);
  if (v.IsScalar()) {
    for (const auto& c : choices) {
      if (v.Scalar() == c) return c;
    }
  }
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : " or ") + c;
  raise(key, "'" + std::string(key) + "' must be " + list + ", got " + describe(v));
}

Hw YamlAttrReader::pair(std::string_view key, std::optional<Hw> fallback, std::int64_t min) {
  if (!has(key)) {
    if (!fallback) fail_missing(key);
    return *fallback;
  }
  YAML::Node v = value(key);
  if (v.IsSequence()) {
    if (v.size() != 2) {
      raise(key, "'" + std::string(key) + "' must be an integer or [h, w], got a list of " +
                     std::to_string(v.size()));
    }
    return Hw{checked_integer(key, v[0], min), checked_integer(key, v[1], min)};
  }
  std::int64_t x = checked_integer(key, v, min);
  return Hw{x, x};
}

Padding YamlAttrReader::padding(std::string_view key) {
  Padding p;
  if (!has(key)) return p;
  YAML::Node v = value(key);
  if (v.IsScalar() && (v.Scalar() == "same" || v.Scalar() == "valid")) {
    p.mode = v.Scalar() == "same" ? Padding::Mode::kSame : Padding::Mode::kValid;
    return p;
  }
  if (v.IsSequence()) {
    if (v.size() == 2) {
      p.top = p.bottom = checked_integer(key, v[0], 0);
      p.left = p.right = checked_integer(key, v[1], 0);
      return p;
    }
    if (v.size() == 4) {
      p.top = checked_integer(key, v[0], 0);
      p.bottom = checked_integer(key, v[1], 0);
      p.left = checked_integer(key, v[2], 0);
      p.right = checked_integer(key, v[3], 0);
      return p;
    }
    raise(key, "'" + std::string(key) +
                   "' must be an integer, [h, w], [top, bottom, left, right], same or valid, "
                   "got a list of " +
                   std::to_string(v.size()));
  }
  if (v.IsScalar() && !v.Scalar().empty() &&
      std::isalpha(static_cast<unsigned char>(v.Scalar()[0]))) {
    raise(key, "'" + std::string(key) +
                   "' must be an integer, [h, w], [top, bottom, left, right], "
                   "same or valid, got " +
                   describe(v));
  }
  p.top = p.bottom = p.left = p.right = checked_integer(key, v, 0);
  return p;
}

}  // namespace archcalc
