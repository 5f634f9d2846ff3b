// An ops header that includes the layer above it: check_layers.py must refuse it.
#pragma once

#include "graph/network.hpp"
