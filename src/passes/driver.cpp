#include "passes/passes.hpp"

namespace archcalc {

std::string layer_prefix(const Layer& layer) {
  return std::string(op_name(layer.op)) + " '" + layer.name + "': ";
}

void analyze(Network& net) {
  validate_pass(net);
  shapes_pass(net);
  costs_pass(net);
  memory_pass(net);
  rollup_pass(net);
}

}  // namespace archcalc
