// What every report shows: rows (layers, and blocks folded or opened as
// headers) built from a network's annotations, and the emitters that print
// them. Emitters read annotations only; no count is computed here.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "graph/network.hpp"

namespace archcalc {

struct ReportOptions {
  int depth = -1;         // blocks nested deeper than this fold into one row; -1: none fold
  bool training = false;  // include training-only layers
  bool units = false;     // K/M/G instead of exact figures
};

struct Row {
  enum class Kind { kLayer, kBlock };
  Kind kind = Kind::kLayer;
  std::string name;     // full path
  std::string op;       // "conv 7×7/2", or the block definition's name
  int depth = 0;        // nesting level: top-level rows are 0
  bool folded = false;  // a block row standing for its hidden layers
  bool train_only = false;
  Shape out;
  Cost cost;
  Count out_elements = 0, out_bytes = 0, weight_bytes = 0, layers = 1;
};

// The rows for `opts`: the network input first, then layers in order, each
// block as a header row before its layers (or one folded row past `depth`).
std::vector<Row> build_rows(const Network& net, const ReportOptions& opts);

// The counting conventions, one sentence each, printed in every report header.
const std::vector<std::string>& conventions();

// JSON schema version of `analysis_json`; bump on incompatible change.
constexpr int kAnalysisSchemaVersion = 1;

std::string emit_table(const Network& net, const ReportOptions& opts);
std::string emit_markdown(const Network& net, const ReportOptions& opts);
std::string emit_csv(const Network& net, const ReportOptions& opts);
nlohmann::ordered_json analysis_json(const Network& net, const ReportOptions& opts);
nlohmann::ordered_json totals_json(const Totals& t);

// Training-only part of the network (the rollup pass's annotation).
Totals training_only_totals(const Network& net);

}  // namespace archcalc
