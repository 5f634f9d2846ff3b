// What PyTorch's exporter changes in a model's learned tensors, so that the
// params of the file differ from those of the model: each is said on one
// warning line (and in the network's notes, which JSON carries) with the
// exact difference the graph shows.
#include <cmath>
#include <functional>
#include <map>
#include <numeric>

#include "io/onnx/onnx_importer.hpp"
#include "util/digits.hpp"
#include "util/plural.hpp"

namespace archcalc::onnx_import {

namespace {

std::int64_t elements(const Dims& d) {
  return std::accumulate(d.begin(), d.end(), std::int64_t{1}, std::multiplies<>());
}

// The integer w with w·w = n, or 0.
std::int64_t square_root(std::int64_t n) {
  auto w = static_cast<std::int64_t>(std::llround(std::sqrt(static_cast<double>(n))));
  return w > 1 && w * w == n ? w : 0;
}

}  // namespace

void Importer::note(const std::string& text) {
  diag_.warn(pos(), text);
  net_.notes.push_back(text);
}

// PyTorch's exporter, in eval mode, folds each batch norm into the conv
// before it: a new weight and bias named onnx::Conv_…, and no
// BatchNormalization. The norm's γ and β (2 per channel) become the conv's
// new bias (1 per channel), so the file holds one param per channel fewer
// than the model did; two when the conv had a bias of its own (VGG's with
// batch norm), which the file cannot show: the warning names both.
void Importer::folded_batch_norms() {
  if (model_.producer_name() != "pytorch") return;
  std::int64_t convs = 0, params = 0;
  for (const auto& n : graph_.node()) {
    if (n.op_type() != "Conv" || n.input_size() < 3 || n.input(1).rfind("onnx::Conv_", 0) != 0)
      continue;
    auto w = values_.dims(n.input(1));
    if (!w || w->empty() || (*w)[0] <= 0) continue;
    ++convs;
    params += (*w)[0];
  }
  if (convs == 0) return;
  note("params are lower by " + group_digits(params) + " than the PyTorch model's, or by " +
       group_digits(2 * params) +
       " if those convs had a bias of their own (VGG's with batch norm): its exporter folded " +
       plural(convs, "batch norm") +
       " into the convs before them (a norm's γ and β, 2 per channel, and the conv's own bias "
       "if any became one conv bias, 1 per channel); export with "
       "training=torch.onnx.TrainingMode.PRESERVE to keep them");
}

// Swin's and MaxViT's attentions add a relative position bias to their
// scores: [heads, N, N] values gathered, for N = w·w positions of a w × w
// window, from a learned table of (2w − 1)² × heads. PyTorch's exporter
// writes the gathered tensor (or the Gather, which the importer evaluates),
// a learned tensor larger than the model's parameter. Found here as a learned
// constant of [1…, h, N, N] added to scores that reach a Softmax; the table's
// size is the Gather's data when the graph holds it, else (2w − 1)² × h.
void Importer::gathered_position_biases() {
  std::map<std::string, const onnx::NodeProto*> producer;
  std::map<std::string, std::vector<const onnx::NodeProto*>> consumers;
  for (const auto& n : graph_.node()) {
    for (const auto& o : n.output()) producer[o] = &n;
    for (const auto& i : n.input()) consumers[i].push_back(&n);
  }
  // True when `name` reaches a Softmax through adds and reshapes only.
  std::function<bool(const std::string&, int)> reaches_softmax = [&](const std::string& name,
                                                                     int hops) {
    auto it = consumers.find(name);
    if (hops > 8 || it == consumers.end()) return false;
    for (const onnx::NodeProto* c : it->second) {
      const std::string& t = c->op_type();
      if (t == "Softmax") return true;
      if ((t == "Add" || t == "Reshape" || t == "Identity" || t == "Unsqueeze" || t == "Squeeze") &&
          c->output_size() > 0 && reaches_softmax(c->output(0), hops + 1))
        return true;
    }
    return false;
  };
  // The values of the learned table `name` was gathered from, or 0.
  auto gathered_from = [&](std::string name) -> std::int64_t {
    for (int hops = 0; hops < 8; ++hops) {
      auto it = producer.find(name);
      if (it == producer.end() || it->second->input_size() == 0) return 0;
      const onnx::NodeProto& p = *it->second;
      if (p.op_type() == "Gather") {
        auto d = values_.dims(p.input(0));
        return values_.is_learned(p.input(0)) && d && known_dims(*d) ? elements(*d) : 0;
      }
      if (p.op_type() != "Reshape" && p.op_type() != "Transpose" && p.op_type() != "Unsqueeze" &&
          p.op_type() != "Squeeze" && p.op_type() != "Identity")
        return 0;
      name = p.input(0);
    }
    return 0;
  };
  std::int64_t biases = 0, heads = 0, gathered = 0, tables = 0;
  bool from_formula = false;
  for (const auto& n : graph_.node()) {
    if (n.op_type() != "Add" || n.input_size() != 2 || n.output_size() != 1) continue;
    const int c = act(n.input(0)) ? 1 : 0;
    const std::string& bias = n.input(c);
    if (!act(n.input(1 - c)) || act(bias) || !values_.is_learned(bias)) continue;
    auto d = values_.dims(bias);
    if (!d || d->size() < 3 || !known_dims(*d)) continue;
    const std::size_t r = d->size();
    const std::int64_t h = (*d)[r - 3], positions = (*d)[r - 1], w = square_root(positions);
    if ((*d)[r - 2] != positions || w == 0 || elements(*d) != h * positions * positions) continue;
    if (!reaches_softmax(n.output(0), 0)) continue;
    std::int64_t table = gathered_from(bias);
    if (table == 0) {
      table = (2 * w - 1) * (2 * w - 1) * h;
      from_formula = true;
    }
    ++biases;
    heads += h;
    gathered += h * positions * positions;
    tables += table;
  }
  if (biases == 0 || gathered == tables) return;
  const std::int64_t diff = gathered - tables;
  note("params are " + std::string(diff > 0 ? "higher" : "lower") + " by " +
       group_digits(diff > 0 ? diff : -diff) +
       " than the PyTorch model's: its exporter wrote the relative position biases of " +
       plural(biases, "attention") + " already gathered from their tables (" +
       plural(heads, "head") + ": [heads, N, N], " + group_digits(gathered) +
       " values) instead of the tables (" +
       (from_formula ? "(2w − 1)² × heads for w × w windows, N = w², " : "") +
       group_digits(tables) + " values)");
}

}  // namespace archcalc::onnx_import
