// The YAML loader's state while it turns a document into a Network, shared by
// its parts: the document and error plumbing (loader.cpp), params and `--set`
// (load_params.cpp), published figures (load_published.cpp), block
// definitions and argument binding (load_blocks.cpp), reading one item
// (load_items.cpp), expanding it into layers (load_expand.cpp) and names
// (load_names.cpp). Internal to src/io.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "io/loader.hpp"
#include "io/yaml_attrs.hpp"
#include "io/yaml_doc.hpp"

namespace archcalc::load {

constexpr std::size_t kMaxErrors = 20;
constexpr int kMaxAliasDepth = 256;
constexpr std::size_t kShownPerWarning = 3;  // identical warnings shown before one summary line

// The structural keys of a layer item (every other key is an op attribute).
extern const std::vector<std::string> kItemKeys;

bool contains(const std::vector<std::string>& v, std::string_view s);
// " (did you mean 'x'?)" for the closest candidate, or "".
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);

// An item that uses a block whose definition already failed: skipped without
// a message of its own, since the definition's error explains it.
struct Skipped {};

// A limit whose breach stops loading at once.
class LimitError : public InputError {
 public:
  using InputError::InputError;
};

struct NameTable;

// How a layer input is found: a vertex, or a name to look up in a table
// (possibly before that name is defined). A Ref with neither stands for a
// layer that failed to load; references to it report nothing more.
struct Ref {
  std::optional<Vertex> vertex;
  const NameTable* table = nullptr;
  std::string name;
  NodeId node = kNoNode;  // where the name is written
  std::string user;       // "<op> '<layer>': " of the item whose 'from' holds the name

  // A reference to vertex `v` itself, with no name to resolve.
  static Ref to(Vertex v) {
    Ref r;
    r.vertex = v;
    return r;
  }
};

// The names defined in one `layers` list, plus `input`.
struct NameTable {
  std::map<std::string, Ref, std::less<>> entries;
  std::vector<std::string> names() const;
};

struct BlockDef {
  std::vector<std::string> arg_names;
  std::vector<NodeId> defaults;  // kNoNode where the argument is required
  NodeId layers = kNoNode;
};

struct PendingEdge {
  Vertex consumer;
  int port;
  Ref ref;
};

// One layer item as written, read and checked before it is expanded.
struct Item {
  NodeId node = kNoNode;
  NodeId op = kNoNode, block = kNoNode;  // exactly one is present
  std::string kind;                      // the op's or the block's name
  std::string name;                      // as written, or "<kind>_<index>"
  NodeId at = kNoNode;                   // where errors about the name point
  std::string what;                      // "<op> '<path>': " or "block '<def>' as '<path>': "
  std::vector<Ref> inputs;               // 'from', or the previous item
  std::int64_t repeat = 1;
  bool numbered = false;   // copies are named <name>_<i>
  std::int64_t first = 1;  // the first copy's number
  std::string act;         // "" or the activation after each copy
  NodeId act_node = kNoNode;
  bool train_only = false;
  std::optional<double> loss_weight;
};

class Loader {
 public:
  Loader(YamlDocument& doc, std::string file, Network& net, Diagnostics& diag)
      : doc_(doc), file_(std::move(file)), net_(net), diag_(diag) {}

  // Fills the network; throws InputErrors with everything found.
  void load(const LoadOptions& options);

 private:
  // loader.cpp: the document's top level, errors and warnings.
  void load_structure(const LoadOptions& options);
  SourcePos pos(NodeId n) const { return doc_.pos(n, file_); }
  [[noreturn]] void fail(NodeId n, const std::string& why) const { throw InputError(pos(n), why); }
  void error(InputError e);
  bool shown(const SourcePos& p) const;
  void warn(const SourcePos& p, const std::string& prefix, const std::string& message);
  void summarize_warnings();
  void warn_unknown_keys(NodeId map, const std::vector<std::string>& known,
                         const std::string& prefix);
  std::string scalar_string(NodeId n, const std::string& what) const;

  // load_params.cpp
  void load_params(NodeId params, const LoadOptions& options);
  void load_input(NodeId input);
  // load_published.cpp
  void load_published(NodeId published);
  Published read_published(NodeId published);

  // load_variants.cpp
  void load_variants(NodeId variants);
  bool same_value(NodeId a, NodeId b);
  std::string describe_value(NodeId v);
  // load_blocks.cpp
  void load_blocks(NodeId blocks);
  void load_block(const std::string& name, NodeId body);
  Ref add_block_instance(const Item& item, const Scope& scope, int block,
                         const std::string& full_name, const std::vector<Ref>& inputs);
  void bind_args(const Item& item, const BlockDef& def, const Scope& scope, const std::string& what,
                 Scope& args_scope);
  // load_items.cpp: reading one item.
  Item read_item(NodeId node, std::size_t index, const Scope& scope, const std::string& prefix,
                 const NameTable& table, const Ref& prev);
  void read_inputs(Item& item, const NameTable& table, const Ref& prev);
  void read_flags(Item& item, const Scope& scope);
  // load_expand.cpp: items into layers.
  Ref instantiate_list(NodeId list, const Scope& scope, int block, const std::string& prefix,
                       NameTable& table);
  bool apply_override(const std::string& name, const std::string& text, Binding& binding);
  Ref alias_input(const Item& item, NameTable& table);
  Ref expand_item(const Item& item, const Scope& scope, int block, const std::string& prefix,
                  NameTable& table);
  Vertex add_op_layer(const Item& item, const Scope& scope, int block, const std::string& full_name,
                      const std::vector<Ref>& inputs, bool warn_keys);
  void warn_unknown_attrs(const Item& item, const YamlAttrReader& reader, const std::string& prefix,
                          bool misspelt_only);
  Vertex add_vertex(Layer layer);
  void connect(Vertex consumer, const std::vector<Ref>& inputs);
  // load_names.cpp
  void check_name(NodeId name_node, const std::string& name) const;
  void number_copies(Item& item, const NameTable& table) const;
  std::optional<Vertex> resolve_ref(const Ref& ref, int depth);
  void add_edges();

  YamlDocument& doc_;
  std::string file_;
  Network& net_;
  Diagnostics& diag_;
  std::size_t errors_ = 0;
  std::set<std::pair<int, int>> errored_at_, warned_at_;  // line, column
  struct WarningKind {
    std::size_t count = 0;
    SourcePos first_hidden;
  };
  std::map<std::string, WarningKind> warning_kinds_;  // by message without its layer prefix
  std::vector<std::string> warning_order_;
  std::size_t items_ = 0;  // items instantiated, counting repeats and block uses
  // Layers a file may make (LoadOptions::max_layers). Items it may expand to,
  // repeats and block uses included, failed ones too: twice that (a valid
  // network never needs more than two per layer).
  std::size_t max_layers_ = LoadLimits::kMaxLayers;
  Scope globals_;
  std::map<std::string, Binding, std::less<>> defaults_;  // the parameters as the file gives them
  std::vector<std::string> changed_;  // "name=value" of each --set that changes a parameter
  std::map<std::string, BlockDef> blocks_;
  std::set<std::string> broken_blocks_;  // definitions that failed to load
  // Items that failed once: later uses of their block skip them, so a broken
  // block used many times costs one error, not one exception per use.
  std::set<NodeId> failed_items_;
  std::vector<std::string> instantiating_;  // block definitions being expanded
  std::vector<std::unique_ptr<NameTable>> tables_;
  std::vector<PendingEdge> edges_;
};

}  // namespace archcalc::load
