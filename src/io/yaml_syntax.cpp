#include "io/yaml_syntax.hpp"

#include <yaml-cpp/depthguard.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <vector>

namespace archcalc {

namespace {

// The lines of `text` (without their line breaks).
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (;;) {
    std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == text.npos ? text.npos : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == text.npos) break;
    start = end + 1;
  }
  return lines;
}

// Leading blanks of `line`, and whether the line holds anything but a comment.
std::size_t indent_of(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i;
}
bool has_content(std::string_view line) {
  std::size_t i = indent_of(line);
  return i < line.size() && line[i] != '#';
}

std::string spaces(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " space" : " spaces");
}

bool one_of(const std::string& msg, std::initializer_list<const char*> list) {
  for (const char* m : list) {
    if (msg == m) return true;
  }
  return false;
}

}  // namespace

InputError yaml_syntax_error(std::string_view text, const std::string& file,
                             const YAML::Exception& e) {
  int line = e.mark.line + 1, column = e.mark.column + 1;
  auto at = [&](int l, int c, const std::string& why) {
    return InputError(SourcePos{file, l, c}, "YAML syntax: " + why);
  };
  if (dynamic_cast<const YAML::DeepRecursion*>(&e)) {
    // yaml-cpp's own depth guard (about 500 levels) keeps its parser off the stack's end.
    return at(line, column, "lists and maps nested too deeply");
  }
  std::vector<std::string_view> lines = split_lines(text);
  // A tab in the indentation of the error's line or of a line above it near it.
  for (int l = std::min<int>(line, static_cast<int>(lines.size())); l >= 1 && l >= line - 1; --l) {
    std::string_view s = lines[static_cast<std::size_t>(l - 1)];
    std::size_t tab = s.substr(0, indent_of(s)).find('\t');
    if (tab != s.npos && has_content(s)) {
      return at(l, static_cast<int>(tab) + 1,
                "tabs are not allowed for indentation; indent with spaces");
    }
  }
  const std::string& msg = e.msg;
  namespace M = YAML::ErrorMsg;
  if (one_of(msg, {M::END_OF_MAP, M::END_OF_SEQ, M::BLOCK_ENTRY, M::MAP_KEY, M::MAP_VALUE})) {
    // The line that does not fit, and the line with content above it.
    int here = std::min<int>(line, static_cast<int>(lines.size()));
    while (here > 1 && !has_content(lines[static_cast<std::size_t>(here - 1)])) --here;
    int above = here - 1;
    while (above >= 1 && !has_content(lines[static_cast<std::size_t>(above - 1)])) --above;
    if (above >= 1 && here >= 1) {
      std::size_t mine = indent_of(lines[static_cast<std::size_t>(here - 1)]);
      std::size_t theirs = indent_of(lines[static_cast<std::size_t>(above - 1)]);
      if (mine != theirs) {
        return at(here, static_cast<int>(mine) + 1,
                  "this line is indented by " + spaces(mine) + " and line " +
                      std::to_string(above) + " by " + spaces(theirs) +
                      "; the items of one list or map must start in the same column");
      }
      return at(line, column,
                "this line does not continue the list or map above it; check the indentation "
                "of line " +
                    std::to_string(above) +
                    " and that it is complete (a 'key: value', a '- ' item, closed quotes "
                    "and brackets)");
    }
  }
  if (msg == M::END_OF_SEQ_FLOW) return at(line, column, "a '[' list is not closed with ']'");
  if (msg == M::END_OF_MAP_FLOW) return at(line, column, "a '{' map is not closed with '}'");
  if (msg == M::EOF_IN_SCALAR)
    return at(line, column, "a quoted string is not closed before the end of the file");
  if (msg == M::UNKNOWN_ANCHOR)
    return at(line, column, "the alias ('*name') names no anchor ('&name') defined above it");
  std::string raw = msg;
  if (!raw.empty()) raw[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(raw[0])));
  return at(line, column, raw);
}

}  // namespace archcalc
