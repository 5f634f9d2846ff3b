// Top-level params, their `--set` overrides, and the network's input.
#include "io/load_state.hpp"

namespace archcalc::load {

void Loader::load_params(NodeId params, const LoadOptions& options) {
  if (!doc_.is_null(params)) {
    if (!doc_.is_map(params)) fail(params, "'params' must be a map of name: value");
    for (std::size_t i = 0; i < doc_.size(params); ++i) {
      std::string name = scalar_string(doc_.key(params, i), "a parameter name");
      NodeId value = doc_.value(params, i);
      try {
        globals_.vars[name] = Binding{resolve(doc_, value, globals_), pos(value)};
      } catch (const OpError& e) {
        fail(value, "parameter '" + name + "': " + e.what());
      }
    }
  }
  defaults_ = globals_.vars;
  for (const auto& [name, text] : options.overrides) {
    auto it = globals_.vars.find(name);
    if (it == globals_.vars.end()) {
      std::vector<std::string> known;
      for (const auto& [k, v] : globals_.vars) known.push_back(k);
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw InputError(SourcePos{file_, 0, 0},
                       "--set " + name + ": no such parameter" + did_you_mean(name, known) +
                           (known.empty() ? "; the file declares none" : "; parameters: " + list));
    }
    if (apply_override(name, text, it->second)) changed_.push_back(name + "=" + text);
  }
}

// Gives parameter `name` the `--set` value `text`: a number (integer or
// decimal) takes a number, an integer an integer. True when the value
// differs from the file's.
bool Loader::apply_override(const std::string& name, const std::string& text, Binding& binding) {
  NodeId value = doc_.add_scalar(text, kNoNode);
  std::optional<Rational> old_number, old_integer;
  try {
    old_number = scalar_number(doc_, binding.value, "");
    old_integer = Rational{scalar_integer(doc_, binding.value, ""), 1};
  } catch (const OpError&) {
  }
  bool changed = true;
  if (old_number) {
    std::optional<Rational> r;
    try {
      r = scalar_number(doc_, value, "");
    } catch (const OpError&) {
    }
    if (!r || (old_integer && !r->integral())) {
      throw InputError(SourcePos{file_, 0, 0}, "--set " + name + "=" + text + ": '" + name +
                                                   "' takes " +
                                                   (old_integer ? "an integer" : "a number"));
    }
    changed = *r != *old_number;
    value = doc_.add_scalar(r->str(), kNoNode);
  } else if (doc_.is_scalar(binding.value)) {
    changed = doc_.scalar(binding.value) != text;
  }
  binding.value = value;
  return changed;
}

void Loader::load_input(NodeId input) {
  if (input == kNoNode)
    throw InputError(SourcePos{file_, 1, 1}, "missing 'input' (e.g. input: [3, 224, 224])");
  // Parameters first, so that an unknown one is named at its own element.
  try {
    resolve(doc_, input, globals_);
  } catch (const OpError& e) {
    NodeId at = input;
    for (std::size_t i = 0; doc_.is_sequence(input) && i < doc_.size(input); ++i) {
      try {
        resolve(doc_, doc_.element(input, i), globals_);
      } catch (const OpError&) {
        at = doc_.element(input, i);
        break;
      }
    }
    fail(at, std::string("'input': ") + e.what());
  }
  Layer layer;
  layer.name = "input";
  layer.pos = pos(input);
  NodeId wrapper = doc_.add_map({doc_.add_scalar("shape", input), input}, input);
  YamlAttrReader reader(doc_, wrapper, globals_, file_, "input: ", layer.pos);
  Op op = Input{};
  try {
    op_parse(op, reader);
  } catch (const InputError&) {
    fail(input,
         "'input' must be a list of 1 to 4 positive integers: [C, H, W], [T, D] (tokens) or [N]");
  }
  layer.op = op;
  Vertex v = add_vertex(std::move(layer));
  auto table = std::make_unique<NameTable>();
  Ref ref = Ref::to(v);
  ref.name = "input";
  table->entries.emplace("input", std::move(ref));
  tables_.push_back(std::move(table));
}

}  // namespace archcalc::load
