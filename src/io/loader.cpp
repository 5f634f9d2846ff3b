#include "io/loader.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "io/text_check.hpp"
#include "io/yaml_attrs.hpp"
#include "util/plural.hpp"

namespace archcalc {

namespace {

const std::vector<std::string> kTopKeys = {"name",   "title",  "input",    "params",
                                           "blocks", "layers", "published"};
const std::vector<std::string> kItemKeys = {"name", "op",         "block", "from",       "repeat",
                                            "act",  "train_only", "args",  "loss_weight"};
const std::vector<std::string> kActs = {"relu", "relu6", "leaky_relu", "sigmoid", "tanh"};
constexpr std::size_t kMaxErrors = 20;
constexpr int kMaxAliasDepth = 256;
// "138357544" → {138357544, 1}; "3.8G" or "3.8e9" → {3800000000, 100000000}.
std::optional<std::pair<Count, Count>> parse_published_figure(const std::string& text) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    return text.substr(start, i - start);
  };
  std::string whole = digits(), frac;
  if (whole.empty() || whole.size() > 19) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    frac = digits();
    if (frac.empty()) return std::nullopt;
  }
  int exponent = 0;
  if (i < text.size()) {
    char c = text[i++];
    if (c == 'K')
      exponent = 3;
    else if (c == 'M')
      exponent = 6;
    else if (c == 'G')
      exponent = 9;
    else if (c == 'T')
      exponent = 12;
    else if (c == 'e' || c == 'E') {
      std::string e = digits();
      if (e.empty() || e.size() > 2) return std::nullopt;
      exponent = std::stoi(e);
    } else {
      return std::nullopt;
    }
  }
  if (i != text.size()) return std::nullopt;
  if (static_cast<int>(frac.size()) > exponent) return std::nullopt;  // "3.8" alone has no scale
  if (frac.empty() && exponent == 0) {
    try {
      return std::pair<Count, Count>{std::stoull(whole), 1};
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  try {
    Count unit = 1;
    for (int k = 0; k < exponent - static_cast<int>(frac.size()); ++k) unit = mul(unit, 10);
    Count mantissa = 0;
    for (char c : whole + frac) mantissa = add(mul(mantissa, 10), static_cast<Count>(c - '0'));
    return std::pair<Count, Count>{mul(mantissa, unit), unit};
  } catch (const OpError&) {
    return std::nullopt;
  }
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best = closest_match(word, candidates);
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

struct NameTable;

// An item that uses a block whose definition already failed: skipped without
// a message of its own, since the definition's error explains it.
struct Skipped {};

// A limit whose breach stops loading at once.
class LimitError : public InputError {
 public:
  using InputError::InputError;
};

// How a layer input is found: a vertex, or a name to look up in a table
// (possibly before that name is defined). A Ref with neither stands for a
// layer that failed to load; references to it report nothing more.
struct Ref {
  std::optional<Vertex> vertex;
  const NameTable* table = nullptr;
  std::string name;
  SourcePos pos;
  std::string user;  // "<op> '<layer>': " of the item whose 'from' holds the name

  // A reference to vertex `v` itself, with no name to resolve.
  static Ref to(Vertex v) {
    Ref r;
    r.vertex = v;
    return r;
  }
};

// The names defined in one `layers` list, plus `input`.
struct NameTable {
  std::map<std::string, Ref> entries;
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [k, v] : entries) out.push_back(k);
    return out;
  }
};

struct BlockDef {
  std::vector<std::string> arg_names;
  std::vector<std::optional<YAML::Node>> defaults;  // nullopt where the argument is required
  YAML::Node layers;
  SourcePos pos;
};

struct PendingEdge {
  Vertex consumer;
  int port;
  Ref ref;
};

class Loader {
 public:
  Loader(std::string file, Diagnostics& diag) : file_(std::move(file)), diag_(diag) {}

  Network load(const YAML::Node& root, const LoadOptions& options);

 private:
  void load_structure(const YAML::Node& root, const LoadOptions& options);
  SourcePos pos(const YAML::Node& n) const { return pos_of(n, file_); }
  [[noreturn]] void fail(const YAML::Node& n, const std::string& why) const {
    throw InputError(pos(n), why);
  }
  // Records `e`, once per position: an item inside a block reports its
  // problem for the first instance only.
  void error(InputError e) {
    if (!errored_at_.insert({e.pos().line, e.pos().column}).second) return;
    if (errors_ < kMaxErrors) diag_.error(std::move(e));
    ++errors_;
  }
  // True if an error at `p` would be shown (so a costly hint is worth computing).
  bool shown(const SourcePos& p) const {
    return errors_ < kMaxErrors && !errored_at_.count({p.line, p.column});
  }
  // Records a warning, once per position.
  void warn(const SourcePos& p, const std::string& message) {
    if (warned_at_.insert({p.line, p.column}).second) diag_.warn(p, message);
  }
  void warn_unknown_keys(const YAML::Node& map, const std::vector<std::string>& known,
                         const std::string& prefix);
  std::string scalar_string(const YAML::Node& n, const std::string& what) const;

  void load_params(const YAML::Node& params, const LoadOptions& options);
  void load_input(const YAML::Node& input);
  void load_blocks(const YAML::Node& blocks);
  void load_published(const YAML::Node& published);

  // Instantiates every item of `list`; returns the last item's output.
  Ref instantiate_list(const YAML::Node& list, const Scope& scope, int block,
                       const std::string& prefix, NameTable& table);
  // One item (with its repeats); returns its output.
  Ref instantiate_item(const YAML::Node& item, std::size_t index, const Scope& scope, int block,
                       const std::string& prefix, NameTable& table, const Ref& prev);
  Vertex add_op_layer(const YAML::Node& item, const std::string& op_name, const Scope& scope,
                      int block, const std::string& full_name, const std::vector<Ref>& inputs,
                      bool warn_keys);
  Ref add_block_instance(const YAML::Node& item, const std::string& def_name, const Scope& scope,
                         int block, const std::string& full_name, const std::vector<Ref>& inputs);
  Vertex add_vertex(Layer layer);
  void connect(Vertex consumer, const std::vector<Ref>& inputs);
  std::optional<Vertex> resolve_ref(const Ref& ref, int depth);

  std::string file_;
  Diagnostics& diag_;
  std::size_t errors_ = 0;
  std::set<std::pair<int, int>> errored_at_, warned_at_;  // line, column
  std::size_t items_ = 0;  // items instantiated, counting repeats and block uses
  // Layers a file may make (LoadOptions::max_layers). Items it may expand to,
  // repeats and block uses included, failed ones too: twice that (a valid
  // network never needs more than two per layer).
  std::size_t max_layers_ = LoadLimits::kMaxLayers;
  Network net_;
  Scope globals_;
  std::map<std::string, BlockDef> blocks_;
  std::set<std::string> broken_blocks_;     // definitions that failed to load
  std::vector<std::string> instantiating_;  // block definitions being expanded
  std::vector<std::unique_ptr<NameTable>> tables_;
  std::vector<PendingEdge> edges_;
};

std::string Loader::scalar_string(const YAML::Node& n, const std::string& what) const {
  if (!n.IsScalar()) fail(n, what + " must be a string");
  return n.Scalar();
}

void Loader::warn_unknown_keys(const YAML::Node& map, const std::vector<std::string>& known,
                               const std::string& prefix) {
  for (const auto& kv : map) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
    if (!contains(known, key)) {
      warn(pos(kv.first), prefix + "unknown key '" + key + "'" + did_you_mean(key, known));
    }
  }
}

void Loader::load_params(const YAML::Node& params, const LoadOptions& options) {
  if (params.IsDefined() && !params.IsNull()) {
    if (!params.IsMap()) fail(params, "'params' must be a map of name: value");
    for (const auto& kv : params) {
      std::string name = scalar_string(kv.first, "a parameter name");
      try {
        globals_.vars[name] = Binding{resolve(kv.second, globals_), pos(kv.second)};
      } catch (const OpError& e) {
        fail(kv.second, "parameter '" + name + "': " + e.what());
      }
    }
  }
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
    YAML::Node value(text);
    bool was_integer = true;
    try {
      scalar_integer(it->second.value, "");
    } catch (const OpError&) {
      was_integer = false;
    }
    if (was_integer) {
      try {
        value = YAML::Node(std::to_string(scalar_integer(value, "'" + text + "'")));
      } catch (const OpError&) {
        throw InputError(SourcePos{file_, 0, 0},
                         "--set " + name + "=" + text + ": '" + name + "' takes an integer");
      }
    }
    it->second.value = value;
  }
}

void Loader::load_input(const YAML::Node& input) {
  if (!input.IsDefined())
    throw InputError(SourcePos{file_, 1, 1}, "missing 'input' (e.g. input: [3, 224, 224])");
  // Parameters first, so that an unknown one is named at its own element.
  try {
    resolve(input, globals_);
  } catch (const OpError& e) {
    YAML::Node at = input;
    for (std::size_t i = 0; input.IsSequence() && i < input.size(); ++i) {
      try {
        resolve(input[i], globals_);
      } catch (const OpError&) {
        at = input[i];
        break;
      }
    }
    fail(at, std::string("'input': ") + e.what());
  }
  Layer layer;
  layer.name = "input";
  layer.pos = pos(input);
  YAML::Node wrapper(YAML::NodeType::Map);
  wrapper["shape"] = input;
  YamlAttrReader reader(wrapper, globals_, file_, "input: ", layer.pos);
  Input op;
  std::vector<std::int64_t> dims;
  try {
    op.parse(reader);
  } catch (const InputError&) {
    fail(input, "'input' must be [C, H, W] or [N], each a positive integer");
  }
  layer.op = op;
  Vertex v = add_vertex(std::move(layer));
  auto table = std::make_unique<NameTable>();
  Ref ref = Ref::to(v);
  ref.name = "input";
  table->entries.emplace("input", std::move(ref));
  tables_.push_back(std::move(table));
}

void Loader::load_blocks(const YAML::Node& blocks) {
  if (!blocks.IsDefined() || blocks.IsNull()) return;
  if (!blocks.IsMap()) fail(blocks, "'blocks' must be a map of block name: definition");
  for (const auto& kv : blocks) {
    std::string name = scalar_string(kv.first, "a block name");
    const YAML::Node& body = kv.second;
    try {
      if (!body.IsMap()) {
        fail(body,
             "block '" + name +
                 "': the definition must be a map with 'layers' (and 'args' if it takes any)");
      }
      warn_unknown_keys(body, {"args", "layers", "doc"}, "block '" + name + "': ");
      BlockDef def;
      def.pos = pos(kv.first);
      const YAML::Node args = body["args"];
      if (args.IsDefined() && args.IsSequence()) {
        for (const auto& a : args) {
          def.arg_names.push_back(scalar_string(a, "block '" + name + "': an argument name"));
          def.defaults.push_back(std::nullopt);
        }
      } else if (args.IsDefined() && args.IsMap()) {
        for (const auto& a : args) {
          def.arg_names.push_back(scalar_string(a.first, "block '" + name + "': an argument name"));
          if (a.second.IsNull()) {
            def.defaults.push_back(std::nullopt);
          } else {
            def.defaults.push_back(a.second);
          }
        }
      } else if (args.IsDefined() && !args.IsNull()) {
        fail(args, "block '" + name + "': 'args' must be a list of names or a map of defaults");
      }
      std::set<std::string> seen;
      for (const auto& a : def.arg_names) {
        if (!seen.insert(a).second)
          fail(args, "block '" + name + "': argument '" + a + "' is declared twice");
      }
      const YAML::Node layers = body["layers"];
      if (!layers.IsDefined() || !layers.IsSequence() || layers.size() == 0) {
        fail(layers.IsDefined() ? layers : body,
             "block '" + name + "': 'layers' must be a non-empty list");
      }
      def.layers = layers;
      blocks_[name] = def;
    } catch (InputError& e) {
      error(std::move(e));
      broken_blocks_.insert(name);
    }
  }
}

void Loader::load_published(const YAML::Node& published) {
  if (!published.IsDefined() || published.IsNull()) return;
  if (!published.IsMap()) fail(published, "'published' must be a map");
  warn_unknown_keys(published, {"params", "macs", "source", "note"}, "published: ");
  // An integer (exact), or a decimal with an SI suffix or exponent (rounded).
  auto figure = [&](const char* key, Count& unit, std::string& text) -> std::optional<Count> {
    YAML::Node n = published[key];
    if (!n.IsDefined()) return std::nullopt;
    std::string why = std::string("published: '") + key +
                      "' must be an integer or a rounded figure such as 3.8G or 1.5e9";
    if (!n.IsScalar()) fail(n, why);
    auto parsed = parse_published_figure(n.Scalar());
    if (!parsed) fail(n, why + ", got '" + n.Scalar() + "'");
    unit = parsed->second;
    text = n.Scalar();
    return parsed->first;
  };
  Published& p = net_.published;
  p.params = figure("params", p.params_unit, p.params_text);
  p.macs = figure("macs", p.macs_unit, p.macs_text);
  if (published["source"].IsDefined())
    net_.published.source = scalar_string(published["source"], "published: 'source'");
  if (published["note"].IsDefined())
    net_.published.note = scalar_string(published["note"], "published: 'note'");
}

Vertex Loader::add_vertex(Layer layer) {
  if (boost::num_vertices(net_.graph) >= max_layers_) {
    throw LimitError(layer.pos,
                     "the network has more than " + std::to_string(max_layers_) + " layers");
  }
  return boost::add_vertex(std::move(layer), net_.graph);
}

void Loader::connect(Vertex consumer, const std::vector<Ref>& inputs) {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    edges_.push_back(PendingEdge{consumer, static_cast<int>(i), inputs[i]});
  }
}

Vertex Loader::add_op_layer(const YAML::Node& item, const std::string& op_name, const Scope& scope,
                            int block, const std::string& full_name, const std::vector<Ref>& inputs,
                            bool warn_keys) {
  std::optional<Op> op = make_op(op_name);
  const YAML::Node op_node = item["op"];
  if (!op) fail(op_node, "unknown op '" + op_name + "'" + did_you_mean(op_name, op_names()));
  Layer layer;
  layer.name = full_name;
  layer.pos = pos(item);
  layer.block = block;
  std::string prefix = op_name + " '" + full_name + "': ";
  YamlAttrReader reader(item, scope, file_, prefix, layer.pos);
  op_parse(*op, reader);
  if (warn_keys) {
    std::vector<std::string> known = kItemKeys;
    for (const auto& k : reader.asked()) known.push_back(k);
    for (const auto& kv : item) {
      std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
      if (contains(kItemKeys, key) || reader.asked().count(key)) continue;
      std::vector<std::string> attrs(reader.asked().begin(), reader.asked().end());
      warn(pos(kv.first), prefix + "unknown key '" + key + "'" + did_you_mean(key, attrs));
    }
  }
  layer.op = std::move(*op);
  Vertex v = add_vertex(std::move(layer));
  connect(v, inputs);
  return v;
}

Ref Loader::add_block_instance(const YAML::Node& item, const std::string& def_name,
                               const Scope& scope, int block, const std::string& full_name,
                               const std::vector<Ref>& inputs) {
  const YAML::Node block_node = item["block"];
  auto it = blocks_.find(def_name);
  if (it == blocks_.end() && broken_blocks_.count(def_name)) throw Skipped{};
  if (it == blocks_.end()) {
    std::vector<std::string> known;
    if (shown(pos(block_node))) {
      for (const auto& [k, v] : blocks_) known.push_back(k);
    }
    fail(block_node, "unknown block '" + def_name + "'" + did_you_mean(def_name, known));
  }
  const BlockDef& def = it->second;
  std::string what = "block '" + def_name + "' as '" + full_name + "': ";
  if (std::find(instantiating_.begin(), instantiating_.end(), def_name) != instantiating_.end()) {
    fail(block_node, what + "a block cannot use itself");
  }
  if (static_cast<int>(instantiating_.size()) >= LoadLimits::kMaxBlockDepth) {
    fail(block_node,
         what + "blocks nested deeper than " + std::to_string(LoadLimits::kMaxBlockDepth));
  }
  if (inputs.size() != 1) {
    fail(item["from"],
         what + "a block takes exactly one input, got " + std::to_string(inputs.size()));
  }

  // Bind the arguments, evaluated where the block is used.
  Scope args_scope;
  args_scope.parent = &globals_;
  const YAML::Node args = item["args"];
  std::vector<std::optional<YAML::Node>> given(def.arg_names.size());
  if (args.IsDefined() && args.IsSequence()) {
    if (args.size() != def.arg_names.size()) {
      std::size_t required = 0;
      for (const auto& d : def.defaults) required += d ? 0 : 1;
      if (args.size() > def.arg_names.size() || args.size() < required) {
        fail(
            args, what + "takes " + plural(def.arg_names.size(), "argument") + " (" +
                      [&] {
                        std::string s;
                        for (const auto& a : def.arg_names) s += (s.empty() ? "" : ", ") + a;
                        return s;
                      }() +
                      "), got " + std::to_string(args.size()));
      }
    }
    for (std::size_t i = 0; i < args.size(); ++i) given[i] = args[i];
  } else if (args.IsDefined() && args.IsMap()) {
    for (const auto& kv : args) {
      std::string name = scalar_string(kv.first, "an argument name");
      auto pos_it = std::find(def.arg_names.begin(), def.arg_names.end(), name);
      if (pos_it == def.arg_names.end()) {
        fail(kv.first, what + "no argument '" + name + "'" +
                           (shown(pos(kv.first)) ? did_you_mean(name, def.arg_names) : ""));
      }
      given[pos_it - def.arg_names.begin()] = kv.second;
    }
  } else if (args.IsDefined() && !args.IsNull()) {
    fail(args, what + "'args' must be a list or a map");
  }
  for (std::size_t i = 0; i < def.arg_names.size(); ++i) {
    const std::optional<YAML::Node>& chosen = given[i] ? given[i] : def.defaults[i];
    const Scope& eval_scope = given[i] ? scope : static_cast<const Scope&>(globals_);
    if (!chosen) {
      fail(args.IsDefined() ? args : item, what + "missing argument '" + def.arg_names[i] + "'");
    }
    const YAML::Node& value = *chosen;
    try {
      args_scope.vars[def.arg_names[i]] = Binding{resolve(value, eval_scope), pos(value)};
    } catch (const OpError& e) {
      fail(value, what + "argument '" + def.arg_names[i] + "': " + e.what());
    }
  }

  BlockInstance inst;
  inst.name = full_name;
  inst.definition = def_name;
  inst.parent = block;
  inst.depth = net_.blocks[block].depth + 1;
  inst.pos = pos(item);
  net_.blocks.push_back(inst);
  int index = static_cast<int>(net_.blocks.size()) - 1;
  net_.blocks[block].children.push_back(index);

  auto table = std::make_unique<NameTable>();
  table->entries["input"] = inputs[0];
  NameTable& t = *table;
  tables_.push_back(std::move(table));
  instantiating_.push_back(def_name);
  Ref out = instantiate_list(def.layers, args_scope, index, full_name + "/", t);
  instantiating_.pop_back();
  net_.blocks[index].output = out.vertex;
  return out;
}

Ref Loader::instantiate_item(const YAML::Node& item, std::size_t index, const Scope& scope,
                             int block, const std::string& prefix, NameTable& table,
                             const Ref& prev) {
  if (++items_ > 2 * max_layers_) {
    throw LimitError(pos(item), "the file expands to more than " + std::to_string(2 * max_layers_) +
                                    " layers and block uses (through 'repeat' and nested blocks)");
  }
  if (!item.IsMap()) fail(item, "a layer must be a map such as {name: conv1, op: conv, ...}");
  const YAML::Node op_node = item["op"], block_node = item["block"];
  if (op_node.IsDefined() == block_node.IsDefined()) {
    fail(item, op_node.IsDefined() ? "a layer has either 'op' or 'block', not both"
                                   : "a layer needs 'op' or 'block'");
  }
  std::string kind =
      op_node.IsDefined() ? scalar_string(op_node, "'op'") : scalar_string(block_node, "'block'");
  std::string name = kind + "_" + std::to_string(index + 1);
  const YAML::Node name_node = item["name"];
  if (name_node.IsDefined()) {
    name = scalar_string(name_node, "'name'");
    if (name.empty()) fail(name_node, "a layer name must not be empty");
    if (std::any_of(name.begin(), name.end(),
                    [](char c) { return std::iscntrl(static_cast<unsigned char>(c)); })) {
      fail(name_node, "a layer name must not hold control characters such as newlines or tabs");
    }
    if (name.find('/') != std::string::npos) {
      fail(name_node,
           "layer name '" + name + "' must not hold '/' (it separates a block from its layers)");
    }
    if (name == "input") {
      fail(name_node, "layer name 'input' is reserved for the network's (or block's) input");
    }
  }
  // "<op> '<layer>': " or "block '<definition>' as '<layer>': ", before messages about this item.
  const std::string what = op_node.IsDefined()
                               ? kind + " '" + prefix + name + "': "
                               : "block '" + kind + "' as '" + prefix + name + "': ";
  const YAML::Node at = name_node.IsDefined() ? name_node : item;
  if (table.entries.count(name)) fail(at, "layer name '" + name + "' is used twice");

  // Inputs: `from`, or the previous item.
  std::vector<Ref> inputs;
  const YAML::Node from = item["from"];
  if (from.IsDefined()) {
    auto add_ref = [&](const YAML::Node& n) {
      if (!n.IsScalar()) fail(n, what + "'from' must be a layer name or a list of names");
      inputs.push_back(Ref{std::nullopt, &table, n.Scalar(), pos(n), what});
    };
    if (from.IsSequence()) {
      if (from.size() == 0) fail(from, what + "'from' must name at least one layer");
      for (const auto& n : from) add_ref(n);
    } else {
      add_ref(from);
    }
  } else {
    inputs.push_back(prev);
  }

  std::int64_t repeat = 1;
  if (item["repeat"].IsDefined()) {
    try {
      repeat = scalar_integer(resolve(item["repeat"], scope), "'repeat'");
    } catch (const OpError& e) {
      fail(item["repeat"], what + e.what());
    }
    if (repeat < 1 || repeat > LoadLimits::kMaxRepeat) {
      fail(item["repeat"], what + "'repeat' must be between 1 and " +
                               std::to_string(LoadLimits::kMaxRepeat) + ", got " +
                               std::to_string(repeat));
    }
  }
  std::string act;
  if (item["act"].IsDefined()) {
    act = scalar_string(item["act"], "'act'");
    if (!contains(kActs, act)) {
      fail(item["act"], what +
                            "'act' must be one of relu, relu6, leaky_relu, sigmoid, tanh, got '" +
                            act + "'" + did_you_mean(act, kActs));
    }
  }
  bool train_only = false;
  if (item["train_only"].IsDefined()) {
    const YAML::Node t = item["train_only"];
    if (!t.IsScalar() || (t.Scalar() != "true" && t.Scalar() != "false")) {
      fail(t, what + "'train_only' must be true or false, got " +
                  (t.IsScalar() ? "'" + t.Scalar() + "'" : std::string("a list or map")));
    }
    train_only = t.Scalar() == "true";
  }
  std::optional<double> loss_weight;
  if (item["loss_weight"].IsDefined()) {
    const YAML::Node t = item["loss_weight"];
    double w = 0;
    if (!t.IsScalar() || !YAML::convert<double>::decode(t, w) || !(w > 0 && w <= 1e6)) {
      fail(t, what + "'loss_weight' must be a number above 0 and at most 1e6, got " +
                  (t.IsScalar() ? "'" + t.Scalar() + "'" : std::string("a list or map")));
    }
    loss_weight = w;
  }
  if (op_node.IsDefined() && item["args"].IsDefined()) {
    warn(pos(item["args"]), what + "'args' is for blocks; ignored");
  }
  if (block_node.IsDefined()) warn_unknown_keys(item, kItemKeys, what);

  std::size_t first_vertex = boost::num_vertices(net_.graph);
  Ref out;
  for (std::int64_t i = 1; i <= repeat; ++i) {
    std::string inst = repeat > 1 ? name + "_" + std::to_string(i) : name;
    if (repeat > 1 && table.entries.count(inst))
      fail(at, "layer name '" + inst + "' is used twice");
    std::vector<Ref> in = i == 1 ? inputs : std::vector<Ref>{out};
    if (op_node.IsDefined()) {
      out = Ref::to(add_op_layer(item, kind, scope, block, prefix + inst, in, i == 1));
    } else {
      out = add_block_instance(item, kind, scope, block, prefix + inst, in);
    }
    if (!act.empty()) {
      Layer a;
      a.name = prefix + inst + "_" + act;
      a.op = *make_op(act);
      a.pos = pos(item["act"]);
      a.block = block;
      Vertex v = add_vertex(std::move(a));
      connect(v, {out});
      out = Ref::to(v);
      table.entries[inst + "_" + act] = out;
    }
    table.entries[inst] = out;
  }
  table.entries[name] = out;
  if (loss_weight && out.vertex) net_.graph[*out.vertex].loss_weight = loss_weight;
  if (train_only) {
    for (std::size_t v = first_vertex; v < boost::num_vertices(net_.graph); ++v)
      net_.graph[v].train_only = true;
  }
  return out;
}

Ref Loader::instantiate_list(const YAML::Node& list, const Scope& scope, int block,
                             const std::string& prefix, NameTable& table) {
  Ref prev = table.entries.at("input");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const YAML::Node item = list[i];
    bool failed = false;
    try {
      prev = instantiate_item(item, i, scope, block, prefix, table, prev);
    } catch (const LimitError&) {
      throw;
    } catch (const Skipped&) {
      failed = true;
    } catch (InputError& e) {
      error(std::move(e));
      failed = true;
    }
    if (failed) {
      // Stand-ins so that later references to this item report nothing more.
      prev = Ref{};
      if (item.IsMap() && item["name"].IsDefined() && item["name"].IsScalar())
        table.entries.emplace(item["name"].Scalar(), Ref{});
    }
  }
  return prev;
}

std::optional<Vertex> Loader::resolve_ref(const Ref& ref, int depth) {
  if (ref.vertex) return ref.vertex;
  if (!ref.table) return std::nullopt;
  auto it = ref.table->entries.find(ref.name);
  if (it == ref.table->entries.end()) {
    std::string hint = shown(ref.pos) ? did_you_mean(ref.name, ref.table->names()) : "";
    error(InputError(ref.pos, ref.user + "unknown layer '" + ref.name + "' in 'from'" + hint));
    return std::nullopt;
  }
  if (depth > kMaxAliasDepth) {
    error(InputError(ref.pos, ref.user + "'from' references nest too deeply"));
    return std::nullopt;
  }
  return resolve_ref(it->second, depth + 1);
}

Network Loader::load(const YAML::Node& root, const LoadOptions& options) {
  max_layers_ = std::min(options.max_layers, LoadLimits::kMaxLayers);
  std::optional<LimitError> limit;  // shown last, always: it explains why loading stopped
  try {
    load_structure(root, options);
  } catch (const LimitError& e) {
    limit = e;
  } catch (InputError& e) {
    error(std::move(e));
  }
  if (errors_ > kMaxErrors) {
    diag_.error(InputError(SourcePos{file_, 0, 0},
                           std::to_string(errors_ - kMaxErrors) + " more errors not shown"));
  }
  if (limit) diag_.error(*limit);
  diag_.throw_if_errors();
  return std::move(net_);
}

void Loader::load_structure(const YAML::Node& root, const LoadOptions& options) {
  if (!root.IsDefined() || root.IsNull())
    throw InputError(SourcePos{file_, 1, 1}, "the file is empty");
  if (!root.IsMap()) fail(root, "the file must be a map with 'input' and 'layers'");
  warn_unknown_keys(root, kTopKeys, "");
  net_.file = file_;
  net_.name = std::filesystem::path(file_).stem().string();
  if (root["name"].IsDefined()) net_.name = scalar_string(root["name"], "'name'");
  if (root["title"].IsDefined()) net_.title = scalar_string(root["title"], "'title'");
  load_published(root["published"]);
  load_params(root["params"], options);
  load_input(root["input"]);
  load_blocks(root["blocks"]);
  const YAML::Node layers = root["layers"];
  if (!layers.IsDefined()) fail(root, "missing 'layers' (the list of layers)");
  if (!layers.IsSequence() || layers.size() == 0) fail(layers, "'layers' must be a non-empty list");
  Ref out = instantiate_list(layers, globals_, 0, "", *tables_.front());
  net_.blocks[0].output = out.vertex;
  for (const auto& e : edges_) {
    if (auto src = resolve_ref(e.ref, 0)) {
      boost::add_edge(*src, e.consumer, Tensor{e.port}, net_.graph);
    }
  }
}

}  // namespace

Network load_network_text(const std::string& text, const std::string& file,
                          const LoadOptions& options, Diagnostics& diag) {
  if (text.size() > LoadLimits::kMaxFileBytes) {
    throw InputError(SourcePos{file, 0, 0}, "file larger than 16 MiB");
  }
  check_text(text, file);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own depth guard (about 500 levels) keeps its parser off the stack's end.
    throw InputError(SourcePos{file, e.mark.line + 1, e.mark.column + 1},
                     "YAML syntax: lists and maps nested too deeply");
  } catch (const YAML::Exception& e) {
    std::string msg = e.msg;
    if (!msg.empty()) msg[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(msg[0])));
    throw InputError(SourcePos{file, e.mark.line + 1, e.mark.column + 1}, "YAML syntax: " + msg);
  }
  try {
    Loader loader(file, diag);
    return loader.load(root, options);
  } catch (const YAML::Exception& e) {
    // yaml-cpp reports some problems only when a node is read.
    throw InputError(SourcePos{file, e.mark.line + 1, e.mark.column + 1},
                     std::string("YAML: ") + e.msg);
  }
}

}  // namespace archcalc
