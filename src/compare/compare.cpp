#include "compare/compare.hpp"

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "emit/format.hpp"
#include "emit/report.hpp"

namespace archcalc {

int find_block(const Network& net, const std::string& path) {
  for (std::size_t b = 1; b < net.blocks.size(); ++b) {
    if (net.blocks[b].name == path) return static_cast<int>(b);
  }
  return -1;
}

std::int64_t difference(Count a, Count b) {
  constexpr Count kMax = static_cast<Count>(std::numeric_limits<std::int64_t>::max());
  if (b >= a) {
    if (b - a > kMax) throw OpError("a difference overflows 64 bits");
    return static_cast<std::int64_t>(b - a);
  }
  if (a - b > kMax) throw OpError("a difference overflows 64 bits");
  return -static_cast<std::int64_t>(a - b);
}

std::string signed_number(std::int64_t d, bool units) {
  if (d == 0) return "0";
  Count magnitude = d < 0 ? static_cast<Count>(-(d + 1)) + 1 : static_cast<Count>(d);
  return (d < 0 ? "-" : "+") + number(magnitude, units);
}

namespace {

// The shape of the first tensor entering block `b` from outside it.
Shape block_input(const Network& net, int b) {
  if (b == 0) return net.layer(net.order.front()).out;
  for (Vertex v : net.order) {
    if (!block_within(net, net.layer(v).block, b)) continue;
    for (Vertex u : net.inputs(v)) {
      if (!block_within(net, net.layer(u).block, b)) return net.layer(u).out;
    }
  }
  return {};
}

CompareSide make_side(const Network& net, int b, const std::string& label, bool training) {
  const BlockInstance& blk = net.blocks[b];
  CompareSide s;
  s.label = label;
  s.model = net.name;
  s.block = blk.name;
  s.definition = blk.definition;
  s.totals = training ? blk.training : blk.inference;
  s.input = block_input(net, b);
  if (blk.output) s.output = net.layer(*blk.output).out;
  s.incomplete = incomplete_text(uncounted_layers(net, b, training));
  return s;
}

// The rows inside block `b` (its own header and the network inputs left out),
// named relative to it, with depth counted from it.
std::vector<Row> side_rows(const Network& net, int b, const CompareOptions& opts) {
  const BlockInstance& blk = net.blocks[b];
  ReportOptions ro;
  ro.training = opts.training;
  ro.depth = opts.depth < 0 ? -1 : blk.depth + opts.depth;
  std::string prefix = b == 0 ? "" : blk.name + "/";
  // The network's inputs are no cost rows: their outputs are the data, not work.
  std::set<std::string> inputs;
  for (Vertex v : net.order) {
    if (std::holds_alternative<Input>(net.layer(v).op)) inputs.insert(net.layer(v).name);
  }
  std::vector<Row> rows;
  for (Row& r : build_rows(net, ro)) {
    if (r.kind == Row::Kind::kLayer && inputs.count(r.name)) continue;
    if (r.name.compare(0, prefix.size(), prefix) != 0 || r.name.size() == prefix.size()) continue;
    r.name = r.name.substr(prefix.size());
    r.depth -= blk.depth;
    rows.push_back(std::move(r));
  }
  return rows;
}

void fill(CompareRow& row, const Row& r, bool a) {
  bool block = r.kind == Row::Kind::kBlock;
  std::string op = block ? "[" + r.op + "]" : r.op;
  if (a) {
    row.has_a = true;
    row.name_a = r.name;
    row.op_a = op;
    row.block_a = block;
    row.out_a = r.out;
    row.cost_a = r.cost;
    row.activations_a = r.out_elements;
  } else {
    row.has_b = true;
    row.name_b = r.name;
    row.op_b = op;
    row.block_b = block;
    row.out_b = r.out;
    row.cost_b = r.cost;
    row.activations_b = r.out_elements;
  }
}

std::vector<CompareRow> match_rows(const std::vector<Row>& a, const std::vector<Row>& b) {
  constexpr int kNone = -1;
  std::map<std::string, int> b_by_name;
  for (std::size_t j = 0; j < b.size(); ++j) b_by_name.emplace(b[j].name, static_cast<int>(j));
  std::vector<int> partner_a(a.size(), kNone), partner_b(b.size(), kNone);
  std::vector<CompareRow::Match> how(a.size(), CompareRow::Match::kOnlyA);
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto it = b_by_name.find(a[i].name);
    if (it == b_by_name.end() || partner_b[it->second] != kNone) continue;
    partner_a[i] = it->second;
    partner_b[it->second] = static_cast<int>(i);
    how[i] = CompareRow::Match::kName;
  }
  // Name matches in the same order on both sides are anchors; between two
  // anchors, what names left unmatched pairs up by position in topological
  // order, layers with layers and blocks with blocks.
  std::vector<int> segment_a(a.size()), segment_b(b.size());
  std::vector<char> anchor_b(b.size(), 0);
  int anchors = 0, last = kNone;
  for (std::size_t i = 0; i < a.size(); ++i) {
    segment_a[i] = anchors;
    if (partner_a[i] != kNone && partner_a[i] > last) {
      last = partner_a[i];
      anchor_b[last] = 1;
      ++anchors;
    }
  }
  anchors = 0;
  for (std::size_t j = 0; j < b.size(); ++j) {
    segment_b[j] = anchors;
    anchors += anchor_b[j];
  }
  std::map<std::pair<int, bool>, std::deque<int>> waiting;  // (segment, is block) → B rows
  for (std::size_t j = 0; j < b.size(); ++j) {
    if (partner_b[j] == kNone) {
      waiting[{segment_b[j], b[j].kind == Row::Kind::kBlock}].push_back(static_cast<int>(j));
    }
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (partner_a[i] != kNone) continue;
    auto it = waiting.find({segment_a[i], a[i].kind == Row::Kind::kBlock});
    if (it == waiting.end() || it->second.empty()) continue;
    int j = it->second.front();
    it->second.pop_front();
    partner_a[i] = j;
    partner_b[j] = static_cast<int>(i);
    how[i] = CompareRow::Match::kPosition;
  }
  // Keys: A's rows by their index; a B-only row right after B's previous row.
  std::vector<std::pair<std::pair<long, long>, CompareRow>> keyed;
  std::vector<std::pair<long, long>> key_b(b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CompareRow row;
    row.match = how[i];
    row.depth = a[i].depth;
    fill(row, a[i], true);
    if (partner_a[i] != kNone) {
      fill(row, b[partner_a[i]], false);
      key_b[partner_a[i]] = {static_cast<long>(i), 0};
    }
    keyed.push_back({{static_cast<long>(i), 0}, std::move(row)});
  }
  for (std::size_t k = 0; k < b.size(); ++k) {
    if (partner_b[k] != kNone) continue;
    key_b[k] = k == 0 ? std::pair<long, long>{-1, 1}
                      : std::pair<long, long>{key_b[k - 1].first, key_b[k - 1].second + 1};
    CompareRow row;
    row.match = CompareRow::Match::kOnlyB;
    row.depth = b[k].depth;
    fill(row, b[k], false);
    keyed.push_back({key_b[k], std::move(row)});
  }
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<CompareRow> rows;
  for (auto& [key, row] : keyed) rows.push_back(std::move(row));
  return rows;
}

}  // namespace

Comparison compare(const Network& a, int block_a, const std::string& label_a, const Network& b,
                   int block_b, const std::string& label_b, const CompareOptions& opts) {
  Comparison c;
  c.training = opts.training;
  c.a = make_side(a, block_a, label_a, opts.training);
  c.b = make_side(b, block_b, label_b, opts.training);
  c.rows = match_rows(side_rows(a, block_a, opts), side_rows(b, block_b, opts));
  return c;
}

namespace {

// The sum of the times of `name` and of every layer below it ("name/..."),
// or nullopt when none was measured.
std::optional<double> time_under(const LayerTimes& t, const std::string& name) {
  std::optional<double> sum;
  auto add = [&](double s) { sum = sum.value_or(0) + s; };
  if (auto it = t.find(name); it != t.end()) add(it->second);
  const std::string prefix = name.empty() ? "" : name + "/";
  for (auto it = t.lower_bound(prefix); it != t.end() && it->first.starts_with(prefix); ++it) {
    add(it->second);
  }
  return sum;
}

}  // namespace

void attach_timing(Comparison& c, const LayerTimes& a, const LayerTimes& b, std::string setup) {
  CompareTiming t;
  t.setup = std::move(setup);
  auto full = [](const CompareSide& s, const std::string& name) {
    return s.block.empty() ? name : s.block + "/" + name;
  };
  t.a = time_under(a, c.a.block).value_or(0);
  t.b = time_under(b, c.b.block).value_or(0);
  for (const CompareRow& r : c.rows) {
    t.rows_a.push_back(r.has_a ? time_under(a, full(c.a, r.name_a)) : std::nullopt);
    t.rows_b.push_back(r.has_b ? time_under(b, full(c.b, r.name_b)) : std::nullopt);
  }
  c.timing = std::move(t);
}

}  // namespace archcalc

namespace archcalc {

std::vector<CompareMetric> compare_metrics(const Comparison& c) {
  const Totals &a = c.a.totals, &b = c.b.totals;
  return {
      {"params", "params", a.cost.params(), b.cost.params(), false},
      {"weights", "weights", a.cost.weights, b.cost.weights, false},
      {"bias", "bias", a.cost.bias, b.cost.bias, true},
      {"bn_params", "batch-norm γ/β", a.cost.affine, b.cost.affine, true},
      {"buffers", "buffers", a.cost.buffers, b.cost.buffers, true},
      {"macs", "MACs", a.cost.macs, b.cost.macs, false},
      {"flops", "FLOPs", a.cost.flops(), b.cost.flops(), false},
      {"other_ops", "other ops", a.cost.other_ops, b.cost.other_ops, false},
      {"activation_elements", "activations (elements)", a.activation_elements,
       b.activation_elements, false},
      {"activation_bytes", "activation bytes", a.activation_bytes, b.activation_bytes, false},
      {"weight_bytes", "weight bytes", a.weight_bytes, b.weight_bytes, false},
      {"layers", "layers", a.layers, b.layers, false},
      {"weighted_layers", "weighted layers", a.weighted_layers, b.weighted_layers, false},
  };
}

}  // namespace archcalc
