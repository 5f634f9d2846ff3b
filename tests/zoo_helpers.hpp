// Loading the bundled networks in the zoo tests.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "helpers.hpp"

namespace archcalc::test {

// Params and MACs.
using ParamsMacs = std::pair<Count, Count>;

// Loads and analyzes architectures/<stem>.yaml with `--set` overrides; the
// file must load without a warning (an unknown key is usually a typo that
// changes a count).
inline Network zoo_network(const std::string& stem,
                           std::vector<std::pair<std::string, std::string>> sets = {}) {
  Diagnostics diag;
  LoadOptions options;
  options.overrides = std::move(sets);
  Network net = load_network_file(source_path("architectures/" + stem + ".yaml"), options, diag);
  for (const auto& w : diag.warnings()) UNSCOPED_INFO(w);
  CHECK(diag.warnings().empty());
  analyze(net);
  return net;
}

// Inference (params, MACs) of one block instance.
inline ParamsMacs row(const Network& net, const std::string& block) {
  const auto& t = block_named(net, block).inference.cost;
  return {t.params(), t.macs};
}

}  // namespace archcalc::test
