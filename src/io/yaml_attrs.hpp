// Reading attribute values from YAML: `$name` bindings, expressions, and the
// AttrReader an op's parse hook sees.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "io/expr.hpp"
#include "io/yaml_doc.hpp"
#include "ops/attrs.hpp"
#include "util/diag.hpp"

namespace archcalc {

// Largest integer an attribute may hold (2^40): keeps window arithmetic in range.
constexpr std::int64_t kMaxAttribute = std::int64_t{1} << 40;

// A value bound to a name: a top-level parameter or a block argument,
// already resolved (no `$` left inside).
struct Binding {
  NodeId value = kNoNode;
  SourcePos pos;
};

// Names visible at one place: a block's arguments, then the top-level params.
struct Scope {
  std::map<std::string, Binding, std::less<>> vars;
  const Scope* parent = nullptr;
  const Binding* find(std::string_view name) const;
};

// Replaces `$name` and expressions in `node` (lists element-wise) by values
// (new nodes of `doc` where something was computed). Throws OpError on
// unknown names and bad expressions.
NodeId resolve(YamlDocument& doc, NodeId node, const Scope& scope);

// The integer a resolved scalar holds; throws OpError otherwise.
std::int64_t scalar_integer(const YamlDocument& doc, NodeId resolved, std::string_view what);

// The exact number (an integer, a decimal such as 1.1, or literal arithmetic)
// a resolved scalar holds; throws OpError otherwise.
Rational scalar_number(const YamlDocument& doc, NodeId resolved, std::string_view what);

// "a list", "a map", "nothing" or the quoted scalar (cut at 40 characters).
std::string describe(const YamlDocument& doc, NodeId n);

// An op's attributes: the keys of one layer's YAML map other than the
// structural ones (name, op, from, ...).
class YamlAttrReader : public AttrReader {
 public:
  YamlAttrReader(YamlDocument& doc, NodeId item, const Scope& scope, const std::string& file,
                 std::string prefix, SourcePos layer_pos);

  std::int64_t integer(std::string_view key, std::optional<std::int64_t> fallback,
                       std::int64_t min) override;
  std::vector<std::int64_t> integers(std::string_view key, std::size_t min_len, std::size_t max_len,
                                     std::int64_t min) override;
  double number(std::string_view key, std::optional<double> fallback, double min,
                double max) override;
  bool boolean(std::string_view key, std::optional<bool> fallback) override;
  std::string word(std::string_view key, const std::vector<std::string>& choices,
                   std::optional<std::string> fallback) override;
  Hw pair(std::string_view key, std::optional<Hw> fallback, std::int64_t min) override;
  Padding padding(std::string_view key) override;
  bool has(std::string_view key) override;
  bool is_list(std::string_view key) override;
  [[noreturn]] void fail(std::string_view key, const std::string& why) override;

  // Every key the op asked about (present or not): the op's vocabulary.
  const std::set<std::string, std::less<>>& asked() const { return asked_; }

 private:
  // The raw node for `key`, or kNoNode; records the key as asked.
  NodeId raw(std::string_view key);
  // The resolved value for `key`; errors carry the key's position.
  NodeId value(std::string_view key);
  std::int64_t checked_integer(std::string_view key, NodeId v, std::int64_t min);
  [[noreturn]] void fail_missing(std::string_view key);
  [[noreturn]] void raise(std::string_view key, const std::string& why);

  YamlDocument& doc_;
  NodeId item_;
  const Scope& scope_;
  const std::string& file_;
  std::string prefix_;
  SourcePos layer_pos_;
  std::set<std::string, std::less<>> asked_;
};

}  // namespace archcalc
