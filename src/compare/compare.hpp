// Two networks, or two block instances, side by side: their totals, their
// input and output shapes, and their rows (layers, and blocks folded or
// opened) matched by name where names match and by position otherwise.
// Built from the networks' annotations; the emitters only print it.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "graph/network.hpp"

namespace archcalc {

// One side: a whole network (block 0) or one block instance in it.
struct CompareSide {
  std::string label;       // as the user wrote it: "a.yaml" or "a.yaml#inception_3a"
  std::string model;       // the network's name
  std::string block;       // the block instance's path; "" for the whole network
  std::string definition;  // the block's definition; "" for the whole network
  Totals totals;           // the side's roll-up in the comparison's mode
  Shape input, output;     // the tensors entering and leaving it
  std::string incomplete;  // "incomplete: N layers not counted (ops …)", or "" (all counted)
};

// One row: a layer or block present on one side or both.
struct CompareRow {
  enum class Match { kName, kPosition, kOnlyA, kOnlyB };
  Match match = Match::kName;
  bool has_a = false, has_b = false;
  std::string name_a, name_b;  // relative to the side's block
  std::string op_a, op_b;      // "conv 5×5", or "[reduced]" for a block
  bool block_a = false, block_b = false;
  int depth = 0;  // nesting below the side's block (0: directly in it)
  Shape out_a, out_b;
  Cost cost_a, cost_b;
  Count activations_a = 0, activations_b = 0;  // output elements (a block: all of its layers)
};

struct CompareOptions {
  int depth = -1;         // blocks nested deeper than this below each side fold; -1: none fold
  bool training = false;  // include training-only layers
};

// Times measured by running both sides (`compare --run`), beside the counts.
// The caller runs the networks; nothing here runs a kernel.
struct CompareTiming {
  std::string setup;    // how they were measured: "backend reference · 1 thread · ..."
  double a = 0, b = 0;  // seconds: the sum of the medians of each side's layers
  // Per row of Comparison::rows: the sum of the medians of the row's layers
  // (a folded block: all of its layers); nullopt where the side has no such row.
  std::vector<std::optional<double>> rows_a, rows_b;
};

struct Comparison {
  CompareSide a, b;
  bool training = false;
  std::vector<CompareRow> rows;  // A's order, B-only rows after their predecessor in B
  std::optional<CompareTiming> timing;
};

// Median seconds per layer, by full path ("inception_3a/b1").
using LayerTimes = std::map<std::string, double>;

// Sets c.timing from each side's measured layer times: a side's time is the
// sum over the layers inside its block (the whole network for block 0).
void attach_timing(Comparison& c, const LayerTimes& a, const LayerTimes& b, std::string setup);

// The block instance of `net` at `path` ("inception_3a"), or -1.
int find_block(const Network& net, const std::string& path);

// Compares block `block_a` of `a` with block `block_b` of `b` (0: the network).
Comparison compare(const Network& a, int block_a, const std::string& label_a, const Network& b,
                   int block_b, const std::string& label_b, const CompareOptions& opts);

// b − a as a signed count; throws OpError when it does not fit 64 bits.
std::int64_t difference(Count a, Count b);

// "+1,234", "-1,234" or "0" (units: "+1.23K").
std::string signed_number(std::int64_t d, bool units);

// One total compared: its name in JSON ("macs"), in prose ("MACs"), both values.
struct CompareMetric {
  std::string key, label;
  Count a = 0, b = 0;
  bool optional = false;  // shown in tables only when a side is not zero
};

// The totals compared, in the order reports show them.
std::vector<CompareMetric> compare_metrics(const Comparison& c);

// The two sides take the same input and give the same output shape.
inline bool drop_in(const Comparison& c) {
  return c.a.input == c.b.input && c.a.output == c.b.output;
}

// JSON schema version of `compare_json`; bump on incompatible change.
constexpr int kCompareSchemaVersion = 1;

std::string compare_table(const Comparison& c, bool units);
std::string compare_markdown(const Comparison& c, bool units);
nlohmann::ordered_json compare_json(const Comparison& c);

}  // namespace archcalc
