// Counts a two-layer network given as text with the installed library and
// prints "tiny: <params> params, <MACs> MACs".
#include <iostream>

#include "io/loader.hpp"
#include "passes/passes.hpp"

int main() {
  archcalc::Diagnostics diag;
  archcalc::Network net = archcalc::load_network_text(
      "name: tiny\n"
      "input: [3, 8, 8]\n"
      "layers:\n"
      "  - {name: conv, op: conv, out: 4, kernel: 3, pad: 1}\n"
      "  - {name: fc, op: fc, out: 10}\n",
      "tiny.yaml", archcalc::LoadOptions{}, diag);
  archcalc::analyze(net);
  const archcalc::Cost& c = net.totals(false).cost;
  std::cout << net.name << ": " << c.params() << " params, " << c.macs << " MACs\n";
}
