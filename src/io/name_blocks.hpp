// Imported models name layers by path ("inception_3a/1x1" in Caffe,
// "/layer1/layer1.0/conv1/Conv" in ONNX exports). As in YAML, where '/'
// separates a block from its layers, each path prefix becomes a block
// instance, so that reports fold (--depth) and roll up by it.
#pragma once

#include "graph/network.hpp"

namespace archcalc {

// Adds a block instance per distinct path prefix of the layers' names (empty
// components skipped) and assigns each layer to its innermost one. Inputs stay
// at the root. Call once, after every layer is added.
void blocks_from_name_paths(Network& net);

}  // namespace archcalc
