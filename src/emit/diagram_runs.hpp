// Runs of identical block instances, found on the layer graph: sibling
// instances of one definition with equal totals and the same ops (attributes
// included) in the same order, each feeding only the next,
// the next fed only by it, and the shape it is fed unchanged by it.
#pragma once

#include <vector>

#include "graph/network.hpp"

namespace archcalc {

struct BlockRuns {
  std::vector<int> leader;  // per block instance: the first of its run (itself when none)
  std::vector<int> last;    // per run leader: its last instance
  std::vector<int> count;   // per run leader: its instances
  // Whether a layer is hidden: it sits in an instance after the first of a run.
  bool hidden(const Network& net, Vertex v) const;
};

// With `training`, training-only layers take part; without, they are ignored.
// Without `fold`, every block stands alone.
BlockRuns find_block_runs(const Network& net, bool training, bool fold);

}  // namespace archcalc
