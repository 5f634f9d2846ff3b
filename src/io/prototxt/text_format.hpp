// The protobuf text format (as Caffe's .prototxt files use it), parsed into a
// tree of fields with the line:col of each, without a schema: the importer
// decides what every field means.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/diag.hpp"

namespace archcalc::prototxt {

// Limits on what a text may make the parser do.
struct TextLimits {
  static constexpr int kMaxNesting = 64;              // messages inside messages
  static constexpr std::size_t kMaxFields = 4000000;  // fields in the whole text
};

// One field: `name: value` (a scalar) or `name { ... }` (a message).
struct Field {
  std::string name;
  SourcePos pos;        // of the field's name
  SourcePos value_pos;  // of its value (or of the opening brace)
  bool is_message = false;
  bool quoted = false;        // the scalar was a string literal
  std::string text;           // a scalar as written (strings unescaped and joined)
  std::vector<Field> fields;  // a message's fields, in order
};

// Parses `text` (the whole file); `file` names it in messages. Throws
// InputError at the offending character on a syntax error or a breached limit.
std::vector<Field> parse_text_format(std::string_view text, const std::string& file);

// The last field called `name` in `fields` (protobuf: the last value wins), or null.
const Field* find_last(const std::vector<Field>& fields, std::string_view name);
// Every field called `name`, in order.
std::vector<const Field*> find_all(const std::vector<Field>& fields, std::string_view name);

}  // namespace archcalc::prototxt
