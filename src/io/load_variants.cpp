// The `variants` section: other members of a family, each a set of parameter
// values with its own name, title and published figures. When `--set` makes
// the file one of them, its figures are the ones shown; when it makes a
// network no variant names, the file's own figures are left out.
#include "io/expr.hpp"
#include "io/load_state.hpp"

namespace archcalc::load {

// Two parameter values are the same number (1.0 and 1 are), or the same text.
bool Loader::same_value(NodeId a, NodeId b) {
  try {
    return scalar_number(doc_, a, "") == scalar_number(doc_, b, "");
  } catch (const OpError&) {
  }
  return doc_.is_scalar(a) && doc_.is_scalar(b) && doc_.scalar(a) == doc_.scalar(b);
}

// A parameter value as `--set` takes it.
std::string Loader::describe_value(NodeId v) {
  if (!doc_.is_scalar(v)) fail(v, "a parameter value must be a number or a name");
  return std::string(doc_.scalar(v));
}

void Loader::load_variants(NodeId variants) {
  bool matched = false;
  if (variants != kNoNode && !doc_.is_null(variants)) {
    if (!doc_.is_map(variants))
      fail(variants, "'variants' must be a map of name: {set: {...}, published: {...}}");
    for (std::size_t i = 0; i < doc_.size(variants); ++i) {
      std::string name = scalar_string(doc_.key(variants, i), "a variant name");
      NodeId v = doc_.value(variants, i);
      std::string what = "variant '" + name + "': ";
      if (!doc_.is_map(v)) fail(v, what + "must be a map with 'set' and 'published'");
      warn_unknown_keys(v, {"title", "set", "published"}, what);
      NodeId set = doc_.find(v, "set");
      if (set == kNoNode || !doc_.is_map(set) || doc_.size(set) == 0)
        fail(set == kNoNode ? v : set, what + "needs 'set', a map of parameter: value");
      // The variant is this network when each parameter has the variant's
      // value where it names one, and the file's value elsewhere.
      std::map<std::string, NodeId, std::less<>> want;
      Network::Variant listed{name, {}};
      for (std::size_t k = 0; k < doc_.size(set); ++k) {
        std::string param = scalar_string(doc_.key(set, k), "a parameter name");
        if (!defaults_.count(param)) {
          std::vector<std::string> known;
          for (const auto& [n, b] : defaults_) known.push_back(n);
          fail(doc_.key(set, k),
               what + "no parameter '" + param + "'" + did_you_mean(param, known));
        }
        want[param] = doc_.value(set, k);
        listed.set.emplace_back(param, describe_value(doc_.value(set, k)));
      }
      net_.variants.push_back(std::move(listed));
      Published published = read_published(doc_.find(v, "published"));
      bool is_this = true;
      for (const auto& [param, binding] : globals_.vars) {
        auto w = want.find(param);
        NodeId expected = w != want.end() ? w->second : defaults_.at(param).value;
        is_this = is_this && same_value(binding.value, expected);
      }
      if (is_this && !matched && !changed_.empty()) {
        matched = true;
        net_.name = name;
        if (NodeId t = doc_.find(v, "title"); t != kNoNode)
          net_.title = scalar_string(t, what + "'title'");
        net_.published = std::move(published);
      }
    }
  }
  // The file's own figures describe the file as written.
  Published& p = net_.published;
  if (!matched && !changed_.empty() && (p.params || p.macs || p.has_accuracy())) {
    std::string set;
    for (const auto& c : changed_) set += (set.empty() ? "--set " : " ") + c;
    p = Published{};
    p.withheld = set + " changes the network";
  }
}

}  // namespace archcalc::load
