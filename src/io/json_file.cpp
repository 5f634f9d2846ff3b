#include "io/json_file.hpp"

#include <fstream>
#include <sstream>

#include "util/diag.hpp"

namespace archcalc {

namespace {

// The 1-based line and column of byte `offset` (1-based, as nlohmann counts) in `text`.
SourcePos position_of(const std::string& file, const std::string& text, std::size_t offset) {
  SourcePos pos{file, 1, 1};
  std::size_t end = std::min(offset > 0 ? offset - 1 : 0, text.size());
  for (std::size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++pos.column;
    }
  }
  return pos;
}

}  // namespace

nlohmann::ordered_json read_json_file(const std::filesystem::path& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(SourcePos{path.string(), 0, 0}, "cannot read the file");
  std::ostringstream buffer;
  buffer << f.rdbuf();
  std::string text = buffer.str();
  try {
    return nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..."
    auto colon = what.find(": ");
    std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    throw InputError(position_of(path.string(), text, e.byte), "not valid JSON: " + reason);
  }
}

}  // namespace archcalc
