// Decomposed ops exporters write, recognized as one layer with its own
// counts: GELU as Div(√2) → Erf → Add(1) → Mul(x) → Mul(0.5), layer norm as
// ReduceMean → Sub → Pow(2) → ReduceMean → Add(ε) → Sqrt → Div (→ Mul(γ) →
// Add(β)). A pattern is taken only when its inner values feed nothing else.
#include <cmath>

#include "io/onnx/onnx_importer.hpp"

namespace archcalc::onnx_import {

namespace {

class PatternGraph {
 public:
  PatternGraph(const onnx::GraphProto& g, const ModelValues& values) : g_(g), values_(values) {
    for (int i = 0; i < g.node_size(); ++i) {
      const auto& n = g.node(i);
      for (const auto& in : n.input()) users_[in].push_back(i);
      if (n.op_type() == "Identity" && n.input_size() > 0 && n.output_size() > 0) {
        source_[n.output(0)] = n.input(0);
      }
      if (n.op_type() == "Constant" && n.output_size() > 0) {
        if (const auto* v = attribute(n, "value"); v && v->has_t())
          constants_[n.output(0)] = &v->t();
      }
    }
  }
  const onnx::NodeProto& node(int i) const { return g_.node(i); }
  // Input k of node i, or "" when it has fewer.
  std::string input(int i, int k) const {
    const auto& n = g_.node(i);
    return k < n.input_size() ? n.input(k) : "";
  }
  // The only node reading `name` when it has type `type`, else -1.
  int only_user(const std::string& name, const char* type) const {
    auto it = users_.find(name);
    if (it == users_.end() || it->second.size() != 1) return -1;
    const int i = it->second[0];
    return g_.node(i).op_type() == type && g_.node(i).output_size() > 0 ? i : -1;
  }
  const std::vector<int>& users(const std::string& name) const {
    static const std::vector<int> none;
    auto it = users_.find(name);
    return it == users_.end() ? none : it->second;
  }
  // What `name` is another name of (through Identity nodes).
  std::string resolve(std::string name) const {
    for (int hops = 0; hops < 1000 && source_.count(name); ++hops) name = source_.at(name);
    return name;
  }
  bool is_constant(const std::string& name) const {
    const std::string r = resolve(name);
    return values_.is_constant(r) || constants_.count(r) > 0;
  }
  std::optional<double> scalar(const std::string& name) const {
    if (auto v = values_.values(name, 1); v && v->size() == 1) return (*v)[0];
    auto it = constants_.find(name);
    if (it == constants_.end()) return std::nullopt;
    auto c = tensor_value(*it->second, 1);
    if (!c || c->size() != 1) return std::nullopt;
    return c->v[0];
  }
  // The operand of binary node `i` other than `name`, or "".
  std::string other(int i, const std::string& name) const {
    const auto& n = g_.node(i);
    if (n.input_size() != 2) return "";
    if (n.input(0) == name) return n.input(1);
    if (n.input(1) == name) return n.input(0);
    return "";
  }
  std::vector<std::int64_t> axes(int i) const {
    const auto& n = g_.node(i);
    if (n.input_size() > 1 && !n.input(1).empty()) {
      auto v = values_.values(n.input(1), 8);
      auto it = constants_.find(n.input(1));
      if (!v && it != constants_.end()) {
        if (auto c = tensor_value(*it->second, 8)) v = c->v;
      }
      if (!v) return {};
      return {v->begin(), v->end()};
    }
    const auto* a = attribute(n, "axes");
    if (!a) return {};
    return {a->ints().begin(), a->ints().end()};
  }

 private:
  const onnx::GraphProto& g_;
  const ModelValues& values_;
  std::map<std::string, std::vector<int>> users_;
  std::map<std::string, const onnx::TensorProto*> constants_;
  std::map<std::string, std::string> source_;
};

bool near(std::optional<double> v, double want) {
  return v && std::fabs(*v - want) < 1e-4;
}

std::optional<Fused> gelu(const PatternGraph& g, int i) {
  const auto& div = g.node(i);
  if (div.input_size() != 2 || div.output_size() < 1 ||
      !near(g.scalar(div.input(1)), std::sqrt(2.0))) {
    return std::nullopt;
  }
  const std::string x = div.input(0);
  const int erf = g.only_user(div.output(0), "Erf");
  if (erf < 0) return std::nullopt;
  const int add = g.only_user(g.node(erf).output(0), "Add");
  if (add < 0 || !near(g.scalar(g.other(add, g.node(erf).output(0))), 1.0)) return std::nullopt;
  const int mul = g.only_user(g.node(add).output(0), "Mul");
  if (mul < 0 || g.other(mul, g.node(add).output(0)) != x) return std::nullopt;
  const int half = g.only_user(g.node(mul).output(0), "Mul");
  if (half < 0 || !near(g.scalar(g.other(half, g.node(mul).output(0))), 0.5)) return std::nullopt;
  return Fused{Gelu{}, x, g.node(half).output(0), {i, erf, add, mul, half}, {}, {}};
}

std::optional<Fused> layer_norm(const PatternGraph& g, int i) {
  const auto& mean = g.node(i);
  if (mean.input_size() < 1 || mean.output_size() < 1) return std::nullopt;
  const std::string x = mean.input(0);
  const auto axes = g.axes(i);
  if (axes.empty()) return std::nullopt;
  const int sub = g.only_user(mean.output(0), "Sub");
  if (sub < 0 || g.input(sub, 0) != x || g.input(sub, 1) != mean.output(0)) return std::nullopt;
  const std::string centred = g.node(sub).output(0);
  const auto& users = g.users(centred);
  if (users.size() != 2) return std::nullopt;
  int pow = -1, div = -1;
  for (int u : users) {
    if (g.node(u).output_size() < 1) return std::nullopt;
    if (g.node(u).op_type() == "Pow") pow = u;
    if (g.node(u).op_type() == "Div") div = u;
  }
  if (pow < 0 || div < 0 || g.input(pow, 0) != centred || g.input(div, 0) != centred ||
      !near(g.scalar(g.input(pow, 1)), 2.0)) {
    return std::nullopt;
  }
  const int var = g.only_user(g.node(pow).output(0), "ReduceMean");
  if (var < 0 || g.axes(var) != axes) return std::nullopt;
  const int add = g.only_user(g.node(var).output(0), "Add");
  if (add < 0) return std::nullopt;
  const auto eps = g.scalar(g.other(add, g.node(var).output(0)));
  if (!eps || *eps < 0 || *eps > 1) return std::nullopt;
  const int sqrt = g.only_user(g.node(add).output(0), "Sqrt");
  if (sqrt < 0 || g.only_user(g.node(sqrt).output(0), "Div") != div ||
      g.input(div, 1) != g.node(sqrt).output(0)) {
    return std::nullopt;
  }
  LayerNorm ln;
  ln.axes = axes;  // the model's axes; the importer makes them the layer's
  ln.eps = *eps;
  ln.affine = false;
  Fused f{ln, x, g.node(div).output(0), {i, sub, pow, var, add, sqrt, div}, {}, axes};
  const int mul = g.only_user(g.node(div).output(0), "Mul");
  if (mul < 0) return f;
  const std::string gamma = g.other(mul, g.node(div).output(0));
  const int shift = g.only_user(g.node(mul).output(0), "Add");
  if (!g.is_constant(gamma) || g.scalar(gamma) || shift < 0) return f;
  const std::string beta = g.other(shift, g.node(mul).output(0));
  if (!g.is_constant(beta) || g.scalar(beta)) return f;
  std::get<LayerNorm>(f.op).affine = true;
  f.output = g.node(shift).output(0);
  f.nodes.push_back(mul);
  f.nodes.push_back(shift);
  f.weights = {g.resolve(gamma), g.resolve(beta)};
  return f;
}

}  // namespace

std::map<int, Fused> find_patterns(const onnx::GraphProto& graph, const ModelValues& values) {
  PatternGraph g(graph, values);
  std::map<int, Fused> found;
  for (int i = 0; i < graph.node_size(); ++i) {
    std::optional<Fused> f;
    if (graph.node(i).op_type() == "Div") f = gelu(g, i);
    if (graph.node(i).op_type() == "ReduceMean") f = layer_norm(g, i);
    if (f) found.emplace(i, std::move(*f));
  }
  return found;
}

}  // namespace archcalc::onnx_import
