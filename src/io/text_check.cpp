#include "io/text_check.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "util/diag.hpp"

namespace archcalc {

std::size_t first_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Sequence length and the allowed range of its second byte (RFC 3629, table 3-7).
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // no overlong forms
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // no overlong forms
      if (c == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
    } else {
      return i;
    }
    if (i + 1 >= n || s[i + 1] < lo || s[i + 1] > hi) return i + 1 < n ? i + 1 : i;
    for (std::size_t k = 2; k < len; ++k) {
      if (i + k >= n || s[i + k] < 0x80 || s[i + k] > 0xBF) return i + k < n ? i + k : i;
    }
    i += len;
  }
  return std::string_view::npos;
}

std::size_t first_forbidden_control(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) return i;
  }
  return std::string_view::npos;
}

namespace {
// The line:col of byte `offset` (columns count bytes from 1).
SourcePos position_of(std::string_view text, std::size_t offset, const std::string& file) {
  std::size_t newline = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  std::size_t column = newline == std::string_view::npos ? offset + 1 : offset - newline;
  auto line =
      1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
  return SourcePos{file, static_cast<int>(line), static_cast<int>(column)};
}
}  // namespace

void check_text(std::string_view text, const std::string& file) {
  if (std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    throw InputError(position_of(text, bad, file),
                     fmt::format("the file is not UTF-8 text (byte 0x{:02X})",
                                 static_cast<unsigned char>(text[bad])));
  }
  if (std::size_t bad = first_forbidden_control(text); bad != std::string_view::npos) {
    throw InputError(position_of(text, bad, file),
                     fmt::format("the file holds a control character (byte 0x{:02X}), which YAML "
                                 "does not allow",
                                 static_cast<unsigned char>(text[bad])));
  }
}

}  // namespace archcalc
