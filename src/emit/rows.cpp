#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "emit/format.hpp"
#include "emit/report.hpp"

namespace archcalc {

const std::vector<std::string>& conventions() {
  static const std::vector<std::string> text = {
      "MACs: multiply-accumulates of conv, fc/linear and matmul layers only "
      "(conv: H_out·W_out·C_out·C_in/groups·k_h·k_w; fc: in·out; linear: output elements·in; "
      "matmul of two activations, attention included: M·K·N per matrix); FLOPs = 2 × MACs.",
      "Other ops, counted apart: " + other_ops_convention() + ".",
      "Params: trainable weights + bias + norm γ/β (batch and layer norm); batch-norm running "
      "mean/var are "
      "buffers, reported apart. Memory at fp32 (4 bytes per element); batch size 1.",
  };
  return text;
}

std::vector<std::string> conventions(const Network& net) {
  std::vector<std::string> text = conventions();
  if (net.batch == 1 && net.dtype == "fp32") return text;
  std::string& memory = text.back();
  memory =
      memory.substr(0, memory.find(" Memory at fp32")) +
      fmt::format(
          " Memory at {} ({} per element); batch size {}: MACs, other ops and "
          "activations are of the whole batch, params and weights of the network.",
          net.dtype,
          net.bytes_per_element == 1 ? "1 byte" : fmt::format("{} bytes", net.bytes_per_element),
          net.batch);
  return text;
}

std::string batch_text(const Network& net) {
  return fmt::format("batch {}", net.batch) + (net.dtype == "fp32" ? "" : " · " + net.dtype);
}

std::vector<std::string> analysis_conventions(const ReportOptions& opts) {
  std::vector<std::string> out;
  out.push_back(
      "Peak activations: in execution order a layer's output is live from its step until its "
      "last reader has run (outputs nobody reads: until the end); the peak is the largest sum "
      "over the steps, inference layers only, " +
      std::string(opts.in_place
                      ? "activations and dropout run in place over an input they read last"
                      : "every output in its own buffer") +
      "; peak total = weights + peak activations.");
  if (opts.fields) {
    out.push_back(
        "Receptive field per axis (rows × columns), in input pixels: size of the first output "
        "unit's field (not clipped to the image), jump between adjacent units, start = centre of "
        "the first unit's field (input pixel i centred at i; padding makes it negative). Concat, "
        "add, mul, sub and div take the union of their inputs' fields (the largest when they "
        "are centred alike) and the largest jump, leaving out a 1×1 gate broadcast over a larger "
        "map. fc, flatten, softmax and global pools read the whole map: the field spans "
        "every unit of it and is marked 'all'.");
  }
  if (opts.training) {
    out.push_back("Backward: " + weighted_ops_text() +
                  " cost their forward MACs for the weight gradient and again for the input "
                  "gradient; an input gradient is computed only where the input depends on a "
                  "trainable parameter (none for the first layer). Other ops: " +
                  backward_ops_convention() +
                  "; an output read by k ≥ 2 layers sums k − 1 gradients per element.");
    out.push_back(
        "Training memory: saved activations = every tensor a backward rule reads (" +
        saved_tensors_convention() +
        "), each once; gradients 1 per trainable parameter; optimizer state per parameter: "
        "sgd 0, momentum 1, adam 2. Optimizer update ops are not counted.");
  }
  return out;
}

std::string optimizer_name(Optimizer o) {
  switch (o) {
    case Optimizer::kSgd:
      return "sgd";
    case Optimizer::kMomentum:
      return "momentum";
    case Optimizer::kAdam:
      return "adam";
  }
  return "";
}

double half_pixels(std::int64_t twice) {
  return static_cast<double>(twice) / 2.0;
}

namespace {
std::string half_text(std::int64_t twice) {
  std::string s = std::to_string(twice / 2);
  if (twice % 2 == 0) return s;
  return (twice < 0 && twice / 2 == 0 ? "-" : "") + s + ".5";
}

// The field's axes: D (a volume's), H and W.
std::vector<const AxisField*> field_axes(const Field& f) {
  if (f.volume) return {&f.d, &f.h, &f.w};
  return {&f.h, &f.w};
}

}  // namespace

std::string field_size_text(const Field& f) {
  std::string s;
  for (const AxisField* a : field_axes(f)) s += (s.empty() ? "" : "×") + std::to_string(a->size);
  return s + (f.global ? " all" : "");
}
std::string field_jump_text(const Field& f) {
  std::string s;
  for (const AxisField* a : field_axes(f)) s += (s.empty() ? "" : "×") + std::to_string(a->jump);
  return s;
}
std::string field_start_text(const Field& f) {
  std::string s;
  for (const AxisField* a : field_axes(f)) s += (s.empty() ? "" : ", ") + half_text(a->start2);
  return s;
}

nlohmann::ordered_json field_json(const std::optional<Field>& f) {
  if (!f) return nullptr;
  auto each = [&](auto value) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const AxisField* a : field_axes(*f)) list.push_back(value(*a));
    return list;
  };
  return {{"size", each([](const AxisField& a) { return nlohmann::ordered_json(a.size); })},
          {"jump", each([](const AxisField& a) { return nlohmann::ordered_json(a.jump); })},
          {"start",
           each([](const AxisField& a) { return nlohmann::ordered_json(half_pixels(a.start2)); })},
          {"global", f->global}};
}

Totals training_only_totals(const Network& net) {
  return net.training_only;
}

namespace {

Row block_row(const Network& net, int b, bool training, bool folded) {
  const BlockInstance& blk = net.blocks[b];
  const Totals& t = training ? blk.training : blk.inference;
  Row r;
  r.kind = Row::Kind::kBlock;
  r.name = blk.name;
  r.op = blk.definition;
  r.depth = blk.depth - 1;
  r.folded = folded;
  r.train_only = blk.inference.layers == 0;
  if (blk.output) {
    r.out = net.layer(*blk.output).out;
    r.field = net.layer(*blk.output).field;
  }
  r.backward_macs = t.backward_macs;
  r.backward_other_ops = t.backward_other_ops;
  r.cost = t.cost;
  r.out_elements = t.activation_elements;
  r.out_bytes = t.activation_bytes;
  r.weight_bytes = t.weight_bytes;
  r.layers = t.layers;
  return r;
}

// Activations and dropout (categories activation and regularization): no
// params, no MACs, the shape of their input.
bool left_out_when_compact(const Op& op) {
  const Category c = op_category(op);
  return c == Category::kActivation || c == Category::kRegularization;
}

}  // namespace

std::string row_label(const Op& op) {
  return op_label(op) + (std::holds_alternative<Input>(op) ? " (not in totals)" : "");
}

Uncounted uncounted_layers(const Network& net, int block, bool training) {
  Uncounted u;
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if ((l.train_only && !training) || !block_within(net, l.block, block)) continue;
    const auto* unknown = std::get_if<Unknown>(&l.op);
    if (!unknown) continue;
    ++u.layers;
    if (std::find(u.ops.begin(), u.ops.end(), unknown->type) == u.ops.end()) {
      u.ops.push_back(unknown->type);
    }
  }
  return u;
}

std::string incomplete_text(const Uncounted& u) {
  if (u.layers == 0) return "";
  std::string ops;
  for (const auto& o : u.ops) ops += (ops.empty() ? "" : ", ") + o;
  return fmt::format("incomplete: {} layer{} not counted (op{} {})", u.layers,
                     u.layers == 1 ? "" : "s", u.ops.size() == 1 ? "" : "s", ops);
}

std::string hidden_rows_text(const HiddenRows& h, bool units) {
  if (h.rows == 0) return "";
  return fmt::format(
      "{} activation and dropout row{} left out (--compact): other ops {}, activations {} "
      "elements; the totals include them",
      h.rows, h.rows == 1 ? "" : "s", number(h.other_ops, units), number(h.out_elements, units));
}

void for_each_row(const Network& net, const ReportOptions& opts, HiddenRows* hidden,
                  const std::function<void(Row&&)>& f) {
  std::set<int> emitted;
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if (l.train_only && !opts.training) continue;
    if (opts.compact && left_out_when_compact(l.op)) {
      if (hidden) {
        ++hidden->rows;
        hidden->other_ops = add(hidden->other_ops, l.cost.other_ops, "other ops");
        hidden->out_elements = add(hidden->out_elements, l.out_elements, "activations");
      }
      continue;
    }
    // Blocks from the outermost down to the layer's own.
    std::vector<int> chain;
    for (int b = l.block; b > 0; b = net.blocks[b].parent) chain.insert(chain.begin(), b);
    bool hidden = false;
    for (int b : chain) {
      int depth = net.blocks[b].depth;
      bool fold = opts.depth >= 0 && depth > opts.depth;
      if (!emitted.count(b)) {
        emitted.insert(b);
        f(block_row(net, b, opts.training, fold));
      }
      if (fold) {
        hidden = true;
        break;
      }
    }
    if (hidden) continue;
    Row r;
    r.name = l.name;
    r.op = row_label(l.op);
    r.depth = static_cast<int>(chain.size());
    r.train_only = l.train_only;
    r.out = l.out;
    r.cost = l.cost;
    r.out_elements = l.out_elements;
    r.out_bytes = l.out_bytes;
    r.weight_bytes = l.weight_bytes;
    r.field = l.field;
    r.backward_macs = l.backward.macs;
    r.backward_other_ops = l.backward.other_ops;
    r.loss_weight = l.loss_weight;
    f(std::move(r));
  }
}

std::vector<Row> build_rows(const Network& net, const ReportOptions& opts, HiddenRows* hidden) {
  std::vector<Row> rows;
  for_each_row(net, opts, hidden, [&](Row&& r) { rows.push_back(std::move(r)); });
  return rows;
}

}  // namespace archcalc
