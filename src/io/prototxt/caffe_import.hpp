// Imports a Caffe network definition (.prototxt: `layer { ... }` or the older
// `layers { ... }`) into the Network the YAML loader builds, every layer with
// the line:col of its definition. No pass has run yet. See docs/import.md.
#pragma once

#include <string>
#include <string_view>

#include "graph/network.hpp"

namespace archcalc {

// Imports prototxt `text`; `file` names it in messages. Throws InputError(s).
Network import_caffe_text(std::string_view text, const std::string& file, Diagnostics& diag);

}  // namespace archcalc
