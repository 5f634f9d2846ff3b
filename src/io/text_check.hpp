// UTF-8 validation of input text, so that names copied into reports (JSON
// above all) are always valid text.
#pragma once

#include <cstddef>
#include <string_view>

namespace archcalc {

// Byte offset of the first byte that does not belong to a well-formed UTF-8
// sequence (RFC 3629: no overlong forms, no surrogates, nothing past
// U+10FFFF), or std::string_view::npos if `text` is valid UTF-8.
std::size_t first_invalid_utf8(std::string_view text);

}  // namespace archcalc
