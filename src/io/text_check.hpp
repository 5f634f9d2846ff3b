// Checks on the raw bytes of an input file before YAML parsing: valid UTF-8
// (so that names copied into reports, JSON above all, are valid text) and no
// control characters that YAML forbids.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace archcalc {

// Byte offset of the first byte that does not belong to a well-formed UTF-8
// sequence (RFC 3629: no overlong forms, no surrogates, nothing past
// U+10FFFF), or std::string_view::npos if `text` is valid UTF-8.
std::size_t first_invalid_utf8(std::string_view text);

// Byte offset of the first control character a YAML stream may not hold (C0
// controls other than tab, line feed and carriage return; DEL), or npos.
std::size_t first_forbidden_control(std::string_view text);

// Throws InputError at the line:col of the first invalid UTF-8 byte or
// forbidden control character of `text`, named `file` in the message.
void check_text(std::string_view text, const std::string& file);

}  // namespace archcalc
