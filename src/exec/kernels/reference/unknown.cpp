// An imported op archcalc does not know has nothing to run.
#include "exec/kernels/reference/reference.hpp"

namespace archcalc::exec::reference {

void forward(const Unknown& op, const KernelArgs&) {
  throw OpError("the imported op '" + op.type + "' is not supported, so the network cannot run");
}

}  // namespace archcalc::exec::reference
