// A source in no target's list: check_layers.py must report it.
#include "ops/upward.hpp"
