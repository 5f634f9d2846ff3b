// Block definitions, and the use of a block: its arguments bound where it is
// used, its layers expanded under its own name.
#include <algorithm>

#include "io/load_state.hpp"
#include "util/plural.hpp"

namespace archcalc::load {

void Loader::load_blocks(NodeId blocks) {
  if (doc_.is_null(blocks)) return;
  if (!doc_.is_map(blocks)) fail(blocks, "'blocks' must be a map of block name: definition");
  for (std::size_t i = 0; i < doc_.size(blocks); ++i) {
    std::string name = scalar_string(doc_.key(blocks, i), "a block name");
    try {
      load_block(name, doc_.value(blocks, i));
    } catch (InputError& e) {
      error(std::move(e));
      broken_blocks_.insert(name);
    }
  }
}

void Loader::load_block(const std::string& name, NodeId body) {
  const std::string what = "block '" + name + "': ";
  if (!doc_.is_map(body)) {
    fail(body, what + "the definition must be a map with 'layers' (and 'args' if it takes any)");
  }
  warn_unknown_keys(body, {"args", "layers", "doc"}, what);
  BlockDef def;
  NodeId args = doc_.find(body, "args");
  if (doc_.is_sequence(args)) {
    for (std::size_t i = 0; i < doc_.size(args); ++i) {
      def.arg_names.push_back(scalar_string(doc_.element(args, i), what + "an argument name"));
      def.defaults.push_back(kNoNode);
    }
  } else if (doc_.is_map(args)) {
    for (std::size_t i = 0; i < doc_.size(args); ++i) {
      def.arg_names.push_back(scalar_string(doc_.key(args, i), what + "an argument name"));
      NodeId value = doc_.value(args, i);
      def.defaults.push_back(doc_.is_null(value) ? kNoNode : value);
    }
  } else if (!doc_.is_null(args)) {
    fail(args, what + "'args' must be a list of names or a map of defaults");
  }
  std::set<std::string> seen;
  for (const auto& a : def.arg_names) {
    if (!seen.insert(a).second) fail(args, what + "argument '" + a + "' is declared twice");
  }
  NodeId layers = doc_.find(body, "layers");
  if (!doc_.is_sequence(layers) || doc_.size(layers) == 0) {
    fail(layers != kNoNode ? layers : body, what + "'layers' must be a non-empty list");
  }
  def.layers = layers;
  blocks_[name] = std::move(def);
}

// Binds the block's arguments, evaluated where the block is used (defaults
// where it is defined).
void Loader::bind_args(const Item& item, const BlockDef& def, const Scope& scope,
                       const std::string& what, Scope& args_scope) {
  NodeId args = doc_.find(item.node, "args");
  std::vector<NodeId> given(def.arg_names.size(), kNoNode);
  if (doc_.is_sequence(args)) {
    std::size_t n = doc_.size(args);
    if (n != def.arg_names.size()) {
      std::size_t required = 0;
      for (NodeId d : def.defaults) required += d == kNoNode ? 1 : 0;
      if (n > def.arg_names.size() || n < required) {
        std::string names;
        for (const auto& a : def.arg_names) names += (names.empty() ? "" : ", ") + a;
        fail(args, what + "takes " + plural(def.arg_names.size(), "argument") + " (" + names +
                       "), got " + std::to_string(n));
      }
    }
    for (std::size_t i = 0; i < n; ++i) given[i] = doc_.element(args, i);
  } else if (doc_.is_map(args)) {
    for (std::size_t i = 0; i < doc_.size(args); ++i) {
      NodeId key = doc_.key(args, i);
      std::string name = scalar_string(key, "an argument name");
      auto found = std::find(def.arg_names.begin(), def.arg_names.end(), name);
      if (found == def.arg_names.end()) {
        fail(key, what + "no argument '" + name + "'" +
                      (shown(pos(key)) ? did_you_mean(name, def.arg_names) : ""));
      }
      given[static_cast<std::size_t>(found - def.arg_names.begin())] = doc_.value(args, i);
    }
  } else if (!doc_.is_null(args)) {
    fail(args, what + "'args' must be a list or a map");
  }
  for (std::size_t i = 0; i < def.arg_names.size(); ++i) {
    NodeId value = given[i] != kNoNode ? given[i] : def.defaults[i];
    const Scope& eval_scope = given[i] != kNoNode ? scope : static_cast<const Scope&>(globals_);
    if (value == kNoNode) {
      fail(args != kNoNode ? args : item.node,
           what + "missing argument '" + def.arg_names[i] + "'");
    }
    try {
      args_scope.vars[def.arg_names[i]] = Binding{resolve(doc_, value, eval_scope), pos(value)};
    } catch (const OpError& e) {
      fail(value, what + "argument '" + def.arg_names[i] + "': " + e.what());
    }
  }
}

Ref Loader::add_block_instance(const Item& item, const Scope& scope, int block,
                               const std::string& full_name, const std::vector<Ref>& inputs) {
  const std::string& def_name = item.kind;
  auto it = blocks_.find(def_name);
  if (it == blocks_.end() && broken_blocks_.count(def_name)) throw Skipped{};
  if (it == blocks_.end()) {
    std::vector<std::string> known;
    if (shown(pos(item.block))) {
      for (const auto& [k, v] : blocks_) known.push_back(k);
    }
    fail(item.block, "unknown block '" + def_name + "'" + did_you_mean(def_name, known));
  }
  const BlockDef& def = it->second;
  std::string what = "block '" + def_name + "' as '" + full_name + "': ";
  if (std::find(instantiating_.begin(), instantiating_.end(), def_name) != instantiating_.end()) {
    fail(item.block, what + "a block cannot use itself");
  }
  if (static_cast<int>(instantiating_.size()) >= LoadLimits::kMaxBlockDepth) {
    fail(item.block,
         what + "blocks nested deeper than " + std::to_string(LoadLimits::kMaxBlockDepth));
  }
  if (inputs.size() != 1) {
    fail(doc_.find(item.node, "from"),
         what + "a block takes exactly one input, got " + std::to_string(inputs.size()));
  }
  Scope args_scope;
  args_scope.parent = &globals_;
  bind_args(item, def, scope, what, args_scope);

  BlockInstance inst;
  inst.name = full_name;
  inst.definition = def_name;
  inst.parent = block;
  inst.depth = net_.blocks[static_cast<std::size_t>(block)].depth + 1;
  inst.pos = pos(item.node);
  net_.blocks.push_back(inst);
  int index = static_cast<int>(net_.blocks.size()) - 1;
  net_.blocks[static_cast<std::size_t>(block)].children.push_back(index);

  auto table = std::make_unique<NameTable>();
  table->entries["input"] = inputs[0];
  NameTable& t = *table;
  tables_.push_back(std::move(table));
  instantiating_.push_back(def_name);
  Ref out = instantiate_list(def.layers, args_scope, index, full_name + "/", t);
  instantiating_.pop_back();
  net_.blocks[static_cast<std::size_t>(index)].output = out.vertex;
  return out;
}

}  // namespace archcalc::load
