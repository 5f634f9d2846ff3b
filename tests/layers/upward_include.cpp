// Compiled against the ops layer only: the include must fail, since graph/ is
// above ops/ and not in its include view.
#include "graph/network.hpp"
