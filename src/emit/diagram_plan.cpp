// Choosing how a diagram is drawn: compact for large networks, and without
// a --depth the deepest nesting that stays readable.
#include <fmt/format.h>

#include "emit/dot.hpp"

namespace archcalc {

namespace {

bool readable(const DiagramGraph& g) {
  return g.nodes.size() <= static_cast<std::size_t>(kReadableNodes) &&
         longest_path(g) <= kReadablePath;
}

}  // namespace

DiagramPlan plan_diagram(const Network& net, const DiagramOptions& o) {
  DiagramPlan p;
  p.shape.training = o.training;
  p.shape.fold_repeats = o.fold_repeats;
  p.shape.compact = o.compact.value_or(net.totals(o.training).layers > kCompactLayers);
  if (o.depth) {
    p.shape.depth = *o.depth;
    return p;
  }
  int deepest = max_block_depth(net);
  std::size_t finer = 0;  // nodes one level deeper
  int finer_path = 0;     // and on its longest path
  for (int d = deepest; d >= 0; --d) {
    p.shape.depth = d == deepest ? -1 : d;
    DiagramGraph g = build_diagram_graph(net, p.shape);
    if (!readable(g) && d > 0) {
      finer = g.nodes.size();
      finer_path = longest_path(g);
      continue;
    }
    if (d < deepest) {
      p.note = fmt::format(
          "blocks nested deeper than {} are drawn folded, {} nodes in all: --depth {} would "
          "draw {} nodes, {} on the longest path (readable: at most {} and {}); unfold with "
          "--depth N, up to {} (every layer)",
          d, g.nodes.size(), d + 1, finer, finer_path, kReadableNodes, kReadablePath, deepest);
    }
    return p;
  }
  return p;
}

}  // namespace archcalc
