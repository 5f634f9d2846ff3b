// Writes a network as archcalc YAML (docs/format.md): one line per layer, in
// the order the validate pass found, with `from:` where a layer's inputs are
// not the line before — the format a person edits after importing a model.
#pragma once

#include <string>

#include "graph/network.hpp"

namespace archcalc {

// `net` must have been analyzed (order and shapes: each line ends with its
// output shape as a comment). `source` names the file it came from, for the
// header. Throws InputError for a layer YAML cannot hold (an unknown op).
std::string write_yaml(const Network& net, const std::string& source);

}  // namespace archcalc
