// What every report shows: rows (layers, and blocks folded or opened as
// headers) built from a network's annotations, and the emitters that print
// them. Emitters read annotations only; no count is computed here.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "graph/network.hpp"

namespace archcalc {

struct ReportOptions {
  int depth = -1;         // blocks nested deeper than this fold into one row; -1: none fold
  bool training = false;  // include training-only layers
  bool units = false;     // K/M/G instead of exact figures
  bool fields = false;    // receptive-field columns (size, jump, start)
  bool in_place = false;  // peak memory with activations and dropout run in place
  // Table and Markdown: leave out the rows of element-wise activations and
  // dropout (their counts stay in the totals; a line says what was left out).
  bool compact = false;
  Optimizer optimizer = Optimizer::kMomentum;  // whose state the training memory counts
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
  std::optional<Field> field;  // of the layer, or of a block's output layer
  Count backward_macs = 0, backward_other_ops = 0;
  std::optional<double> loss_weight;
};

// What opts.compact left out of the rows.
struct HiddenRows {
  Count rows = 0, other_ops = 0, out_elements = 0;
};

// The rows for `opts`: the network input first, then layers in order, each
// block as a header row before its layers (or one folded row past `depth`).
// With opts.compact, activation and dropout layers are left out and summed
// into `hidden` when given.
std::vector<Row> build_rows(const Network& net, const ReportOptions& opts,
                            HiddenRows* hidden = nullptr);
// The same rows, one at a time (a large network's rows are never all held).
void for_each_row(const Network& net, const ReportOptions& opts, HiddenRows* hidden,
                  const std::function<void(Row&&)>& f);
// "58 activation and dropout rows left out (--compact): other ops …,
// activations … elements; the totals include them", or "" when none were.
std::string hidden_rows_text(const HiddenRows& h, bool units);

// The op as a report's row shows it: op_label, and for the network input
// "input (not in totals)" (the totals sum layer outputs; the input is none).
std::string row_label(const Op& op);

// Layers whose op is not counted (ONNX ops imported with --allow-unknown), in
// block `block` (0: the whole network) and the mode's layers.
struct Uncounted {
  Count layers = 0;
  std::vector<std::string> ops;  // their source op types, each once, in order
};
Uncounted uncounted_layers(const Network& net, int block, bool training);
// "incomplete: 2 layers not counted (ops Resize, TopK)", or "" when none.
std::string incomplete_text(const Uncounted& u);

// The counting conventions, one sentence each, printed in every report header.
const std::vector<std::string>& conventions();
// The same for `net`: its batch size and element type when they are not 1 and fp32.
std::vector<std::string> conventions(const Network& net);
// "batch 1" or "batch 8 · fp16": how `net` was counted, for report headers.
std::string batch_text(const Network& net);
// What the analyses `opts` shows beyond the counts mean: the peak-memory rule
// always, the receptive-field rule with opts.fields, the backward rules in training.
std::vector<std::string> analysis_conventions(const ReportOptions& opts);

// "sgd", "momentum", "adam".
std::string optimizer_name(Optimizer o);

// Receptive-field cells: "196×196" (size), "16×16" (jump), "7.5, 7.5" (start: row, column).
std::string field_size_text(const Field& f);
std::string field_jump_text(const Field& f);
std::string field_start_text(const Field& f);
// A position in half pixels as a number: 15 → 7.5.
double half_pixels(std::int64_t twice);
// {"size": [h, w], "jump": [h, w], "start": [h, w], "global": bool}, or null.
nlohmann::ordered_json field_json(const std::optional<Field>& f);

// JSON schema version of `analysis_json`; bump on incompatible change.
constexpr int kAnalysisSchemaVersion = 2;

std::string emit_table(const Network& net, const ReportOptions& opts);
std::string emit_markdown(const Network& net, const ReportOptions& opts);
std::string emit_csv(const Network& net, const ReportOptions& opts);
nlohmann::ordered_json analysis_json(const Network& net, const ReportOptions& opts);
nlohmann::ordered_json totals_json(const Totals& t);

// Training-only part of the network (the rollup pass's annotation).
Totals training_only_totals(const Network& net);

}  // namespace archcalc
