#include "passes/passes.hpp"

#include "passes/backward.hpp"
#include "passes/liveness.hpp"
#include "passes/receptive_field.hpp"

namespace archcalc {

void analyze(Network& net) {
  validate_pass(net);
  shapes_pass(net);
  receptive_field_pass(net);
  costs_pass(net);
  memory_pass(net);
  liveness_pass(net);
  backward_pass(net);
  rollup_pass(net);
}

}  // namespace archcalc
