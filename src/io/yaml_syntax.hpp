// YAML syntax errors said in the user's terms: yaml-cpp's parser messages
// ("end of map not found", "illegal block entry") name its own states; these
// name what is likely wrong in the file (a tab, an indentation that does not
// line up, an unclosed bracket or quote).
#pragma once

#include <yaml-cpp/exceptions.h>

#include <string>
#include <string_view>

#include "util/diag.hpp"

namespace archcalc {

// The error for yaml-cpp's exception `e` on `text` (named `file`).
InputError yaml_syntax_error(std::string_view text, const std::string& file,
                             const YAML::Exception& e);

}  // namespace archcalc
