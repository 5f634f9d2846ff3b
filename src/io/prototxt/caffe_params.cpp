#include "io/prototxt/caffe_params.hpp"

#include <fmt/format.h>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "io/yaml_attrs.hpp"

namespace archcalc::prototxt {

Params::Params(const Field* msg, std::string what, SourcePos at)
    : msg_(msg), what_(std::move(what)), at_(std::move(at)) {}

void Params::fail(const Field* at, const std::string& why) const {
  throw InputError(at ? at->value_pos.line > 0 ? at->value_pos : at->pos : at_, what_ + why);
}

bool Params::has(const char* name) const {
  return msg_ && find_last(msg_->fields, name);
}

const Field* Params::message(const char* name) const {
  if (!msg_) return nullptr;
  const Field* f = find_last(msg_->fields, name);
  if (f && !f->is_message) fail(f, "'" + std::string(name) + "' must be a message { ... }");
  return f;
}

std::vector<const Field*> Params::all(const char* name) const {
  return msg_ ? find_all(msg_->fields, name) : std::vector<const Field*>{};
}

const Field* Params::scalar(const char* name) const {
  if (!msg_) return nullptr;
  const Field* f = find_last(msg_->fields, name);
  if (f && f->is_message) fail(f, "'" + std::string(name) + "' must be a value, not a message");
  return f;
}

namespace {
std::string shown(const Field& f) {
  return f.quoted ? "\"" + f.text + "\"" : f.text;
}

std::int64_t parse_integer(const Params& p, const Field& f, const char* name, std::int64_t min) {
  std::int64_t v = 0;
  const char* b = f.text.data();
  const char* e = b + f.text.size();
  if (!f.quoted && !f.text.empty() && *b == '+') ++b;
  auto [end, ec] = std::from_chars(b, e, v);
  if (f.quoted || f.text.empty() || end != e || ec == std::errc::invalid_argument) {
    p.fail(&f, "'" + std::string(name) + "' must be an integer, got " + shown(f));
  }
  if (ec == std::errc::result_out_of_range || v > kMaxAttribute) {
    p.fail(&f, "'" + std::string(name) + "' must be at most " + std::to_string(kMaxAttribute) +
                   ", got " + f.text);
  }
  if (v < min) {
    p.fail(&f, "'" + std::string(name) + "' must be at least " + std::to_string(min) + ", got " +
                   f.text);
  }
  return v;
}
}  // namespace

std::int64_t Params::integer(const char* name, std::optional<std::int64_t> fallback,
                             std::int64_t min) const {
  const Field* f = scalar(name);
  if (!f) {
    if (!fallback) fail(nullptr, "missing '" + std::string(name) + "'");
    return *fallback;
  }
  return parse_integer(*this, *f, name, min);
}

std::vector<std::int64_t> Params::integers(const char* name, std::int64_t min) const {
  std::vector<std::int64_t> out;
  for (const Field* f : all(name)) {
    if (f->is_message) fail(f, "'" + std::string(name) + "' must be a value, not a message");
    out.push_back(parse_integer(*this, *f, name, min));
  }
  return out;
}

double Params::number(const char* name, double fallback, double min, double max) const {
  const Field* f = scalar(name);
  if (!f) return fallback;
  std::string text = f->text;
  if (!text.empty() && (text.back() == 'f' || text.back() == 'F')) text.pop_back();
  char* end = nullptr;
  double v = f->quoted || text.empty() ? NAN : std::strtod(text.c_str(), &end);
  if (f->quoted || text.empty() || end != text.c_str() + text.size() || !std::isfinite(v)) {
    fail(f, "'" + std::string(name) + "' must be a number, got " + shown(*f));
  }
  if (v < min || v > max) {
    fail(f, fmt::format("'{}' must be between {} and {}, got {}", name, min, max, f->text));
  }
  return v;
}

bool Params::boolean(const char* name, bool fallback) const {
  const Field* f = scalar(name);
  if (!f) return fallback;
  if (!f->quoted && (f->text == "true" || f->text == "True" || f->text == "1")) return true;
  if (!f->quoted && (f->text == "false" || f->text == "False" || f->text == "0")) return false;
  fail(f, "'" + std::string(name) + "' must be true or false, got " + shown(*f));
}

std::string Params::word(const char* name, const std::vector<std::string>& choices,
                         const std::string& fallback) const {
  const Field* f = scalar(name);
  if (!f) return fallback;
  for (const auto& c : choices) {
    if (!f->quoted && f->text == c) return c;
  }
  std::string list;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    list += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
  }
  fail(f, "'" + std::string(name) + "' must be " + list + ", got " + shown(*f));
}

std::string Params::string(const char* name, const std::string& fallback) const {
  const Field* f = scalar(name);
  if (!f) return fallback;
  if (!f->quoted) fail(f, "'" + std::string(name) + "' must be a quoted string, got " + f->text);
  return f->text;
}

}  // namespace archcalc::prototxt
