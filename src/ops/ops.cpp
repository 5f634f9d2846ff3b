#include "ops/ops.hpp"

#include <algorithm>

namespace archcalc {

std::optional<Op> make_op(std::string_view name) {
#define ARCHCALC_OP_MAKE(T) \
  if (name == T::kName) return Op{T{}};
  ARCHCALC_OPS(ARCHCALC_OP_MAKE, ARCHCALC_NOSEP)
#undef ARCHCALC_OP_MAKE
  return std::nullopt;
}

const std::vector<std::string>& op_names() {
#define ARCHCALC_OP_NAME(T) std::string(T::kName)
  static const std::vector<std::string> names{ARCHCALC_OPS(ARCHCALC_OP_NAME, ARCHCALC_COMMA)};
#undef ARCHCALC_OP_NAME
  return names;
}

std::vector<std::string> op_names_of(Category c) {
  std::vector<std::string> names;
  for_each_op_type([&](const auto& o) {
    if (o.kCategory == c) names.emplace_back(o.kName);
  });
  return names;
}

std::string join_names(const std::vector<std::string>& names, const std::string& last) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) s += i + 1 == names.size() ? last : ", ";
    s += names[i];
  }
  return s;
}

void count_params(Cost& c, const std::vector<ParamSpec>& specs) {
  for (const ParamSpec& s : specs) {
    const char* what = s.role == ParamRole::kWeight   ? "weights"
                       : s.role == ParamRole::kBias   ? "bias"
                       : s.role == ParamRole::kBuffer ? "buffers"
                                                      : "params";
    Count n = 1;
    for (std::int64_t d : s.dims) n = mul(n, static_cast<Count>(d), what);
    Count& into = s.role == ParamRole::kWeight   ? c.weights
                  : s.role == ParamRole::kBias   ? c.bias
                  : s.role == ParamRole::kAffine ? c.affine
                                                 : c.buffers;
    into = add(into, n, what);
  }
}

std::string other_ops_convention() {
  // Activations share one phrase per rule; every other phrase appears once.
  std::vector<std::pair<std::string, std::vector<std::string>>> activations;  // rule → names
  std::vector<std::string> phrases;
  auto activation_phrase = [&](std::size_t i) {
    return "activations (" + join_names(activations[i].second) + ": " + activations[i].first + ")";
  };
  std::vector<std::string> order;  // phrases, with "\x01<i>" standing for activation group i
  for_each_op_type([&](const auto& o) {
    if (o.kOtherOps.empty()) return;
    if (o.kCategory == Category::kActivation) {
      std::string rule(o.kOtherOps);
      auto it = std::find_if(activations.begin(), activations.end(),
                             [&](const auto& a) { return a.first == rule; });
      if (it == activations.end()) {
        activations.push_back({rule, {std::string(o.kName)}});
        order.push_back("\x01" + std::to_string(activations.size() - 1));
      } else {
        it->second.emplace_back(o.kName);
      }
      return;
    }
    std::string phrase = std::string(o.kCountedAs) + " (" + std::string(o.kOtherOps) + ")";
    if (std::find(order.begin(), order.end(), phrase) == order.end()) order.push_back(phrase);
  });
  std::string text;
  for (const std::string& p : order) {
    text += text.empty() ? "" : ", ";
    text += p[0] == '\x01' ? activation_phrase(std::stoul(p.substr(1))) : p;
  }
  return text;
}

std::string weighted_ops_text() {
  return join_names(op_names_of(Category::kLinear), " and ");
}

namespace {

// "a, b: rule; c: rule2": the names of `groups` joined per rule, rules in
// order of first appearance.
std::string grouped(const std::vector<std::pair<std::string, std::vector<std::string>>>& groups) {
  std::string text;
  for (const auto& [rule, names] : groups) {
    text += (text.empty() ? "" : "; ") + join_names(names) + ": " + rule;
  }
  return text;
}

void add_to_group(std::vector<std::pair<std::string, std::vector<std::string>>>& groups,
                  const std::string& rule, std::string_view name) {
  auto it =
      std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == rule; });
  if (it == groups.end()) {
    groups.push_back({rule, {std::string(name)}});
  } else {
    it->second.emplace_back(name);
  }
}

}  // namespace

std::string backward_ops_convention() {
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  for_each_op_type([&](const auto& o) {
    if (!o.kBackwardOps.empty()) add_to_group(groups, std::string(o.kBackwardOps), o.kName);
  });
  return grouped(groups);
}

std::string saved_tensors_convention() {
  // What each op's backward hook says it reads, for a gradient that flows
  // back through it (any shape will do: the flags do not depend on it).
  std::vector<std::pair<std::string, std::vector<std::string>>> groups;
  const Shape map{{1, 1, 1}};
  for (const char* rule : {"their input", "their output"}) {
    for_each_op_type([&](const auto& o) {
      if (o.kBackwardOps.empty()) return;
      std::vector<Shape> in(static_cast<std::size_t>(std::max(o.kMinInputs, 1)), map);
      const Backward b = o.backward(in, map, true);
      if (std::string_view(rule) == "their input" ? b.saves_input : b.saves_output) {
        add_to_group(groups, rule, o.kName);
      }
    });
  }
  return grouped(groups);
}

std::string format_reference_table() {
  std::string out =
      "| op | category | attributes (default) | inputs | other ops |\n"
      "| --- | --- | --- | --- | --- |\n";
  for_each_op_type([&](const auto& o) {
    using T = std::decay_t<decltype(o)>;
    if (o.kCategory == Category::kUnknown) return;  // not writable in YAML
    DescribeAttrs d;
    T::attributes(o, d);
    std::string inputs = o.kMaxInputs == kUnbounded ? "≥ " + std::to_string(o.kMinInputs)
                         : o.kMinInputs == o.kMaxInputs
                             ? std::to_string(o.kMinInputs)
                             : std::to_string(o.kMinInputs) + "–" + std::to_string(o.kMaxInputs);
    out += "| `" + std::string(o.kName) + "` | " + std::string(category_name(o.kCategory)) + " | " +
           (d.text().empty() ? std::string("—") : d.text()) + " | " + inputs + " | " +
           (o.kOtherOps.empty() ? std::string("—") : std::string(o.kOtherOps)) + " |\n";
  });
  return out;
}

}  // namespace archcalc
