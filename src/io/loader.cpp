// The YAML loader's entry point and top level: the document, then params,
// input, blocks and layers in that order; errors capped, warnings collapsed.
#include "io/loader.hpp"

#include <algorithm>
#include <filesystem>

#include "io/load_state.hpp"
#include "io/text_check.hpp"
#include "util/digits.hpp"

namespace archcalc {

namespace load {

namespace {

const std::vector<std::string> kTopKeys = {"name",   "title",  "input",     "params",
                                           "blocks", "layers", "published", "variants"};

}  // namespace

const std::vector<std::string> kItemKeys = {"name", "op",         "block", "from",       "repeat",
                                            "act",  "train_only", "args",  "loss_weight"};

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  std::string best = closest_match(word, candidates);
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::vector<std::string> NameTable::names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : entries) out.push_back(k);
  return out;
}

// Records `e`, once per position: an item inside a block reports its problem
// for the first instance only.
void Loader::error(InputError e) {
  if (!errored_at_.insert({e.pos().line, e.pos().column}).second) return;
  if (errors_ < kMaxErrors) diag_.error(std::move(e));
  ++errors_;
}

// True if an error at `p` would be shown (so a costly hint is worth computing).
bool Loader::shown(const SourcePos& p) const {
  return errors_ < kMaxErrors && !errored_at_.count({p.line, p.column});
}

// Records a warning, once per position; the same message (its layer prefix
// aside) is shown kShownPerWarning times, the rest counted.
void Loader::warn(const SourcePos& p, const std::string& prefix, const std::string& message) {
  if (!warned_at_.insert({p.line, p.column}).second) return;
  auto [it, added] = warning_kinds_.try_emplace(message);
  if (added) warning_order_.push_back(message);
  WarningKind& kind = it->second;
  if (++kind.count <= kShownPerWarning) {
    diag_.warn(p, prefix + message);
  } else if (kind.count == kShownPerWarning + 1) {
    kind.first_hidden = p;
  }
}

void Loader::summarize_warnings() {
  for (const auto& message : warning_order_) {
    const WarningKind& kind = warning_kinds_.at(message);
    if (kind.count <= kShownPerWarning) continue;
    diag_.warn(kind.first_hidden, "… and " + group_digits(kind.count - kShownPerWarning) +
                                      " more like it: " + message);
  }
}

std::string Loader::scalar_string(NodeId n, const std::string& what) const {
  if (!doc_.is_scalar(n)) fail(n, what + " must be a string");
  return std::string(doc_.scalar(n));
}

void Loader::warn_unknown_keys(NodeId map, const std::vector<std::string>& known,
                               const std::string& prefix) {
  for (std::size_t i = 0; i < doc_.size(map); ++i) {
    NodeId k = doc_.key(map, i);
    std::string key = doc_.is_scalar(k) ? std::string(doc_.scalar(k)) : "?";
    if (!contains(known, key)) {
      warn(pos(k), prefix, "unknown key '" + key + "'" + did_you_mean(key, known));
    }
  }
}

void Loader::load(const LoadOptions& options) {
  max_layers_ = std::min(options.max_layers, LoadLimits::kMaxLayers);
  std::optional<LimitError> limit;  // shown last, always: it explains why loading stopped
  try {
    load_structure(options);
  } catch (const LimitError& e) {
    limit = e;
  } catch (InputError& e) {
    error(std::move(e));
  }
  summarize_warnings();
  if (errors_ > kMaxErrors) {
    diag_.error(InputError(SourcePos{file_, 0, 0},
                           std::to_string(errors_ - kMaxErrors) + " more errors not shown"));
  }
  if (limit) diag_.error(*limit);
  diag_.throw_if_errors();
}

void Loader::load_structure(const LoadOptions& options) {
  NodeId root = doc_.root();
  if (doc_.is_null(root)) throw InputError(SourcePos{file_, 1, 1}, "the file is empty");
  if (!doc_.is_map(root)) fail(root, "the file must be a map with 'input' and 'layers'");
  warn_unknown_keys(root, kTopKeys, "");
  net_.file = file_;
  net_.name = std::filesystem::path(file_).stem().string();
  if (NodeId n = doc_.find(root, "name"); n != kNoNode) net_.name = scalar_string(n, "'name'");
  if (NodeId n = doc_.find(root, "title"); n != kNoNode) net_.title = scalar_string(n, "'title'");
  load_published(doc_.find(root, "published"));
  load_params(doc_.find(root, "params"), options);
  load_variants(doc_.find(root, "variants"));
  load_input(doc_.find(root, "input"));
  load_blocks(doc_.find(root, "blocks"));
  NodeId layers = doc_.find(root, "layers");
  if (layers == kNoNode) fail(root, "missing 'layers' (the list of layers)");
  if (!doc_.is_sequence(layers) || doc_.size(layers) == 0)
    fail(layers, "'layers' must be a non-empty list");
  // At least one layer per item: room for them at once, rather than the
  // graph's vertex array doubling (and copying) its way up on a long file.
  net_.graph.m_vertices.reserve(
      std::min(boost::num_vertices(net_.graph) + doc_.size(layers), max_layers_));
  Ref out = instantiate_list(layers, globals_, 0, "", *tables_.front());
  net_.blocks[0].output = out.vertex;
  add_edges();
}

}  // namespace load

Network load_network_text(const std::string& text, const std::string& file,
                          const LoadOptions& options, Diagnostics& diag) {
  if (text.size() > LoadLimits::kMaxFileBytes) {
    throw InputError(SourcePos{file, 0, 0}, "file larger than 16 MiB");
  }
  check_text(text, file);
  YamlDocument doc = parse_yaml(text, file);
  Network net;  // returned in place: Boost's adjacency_list has no move constructor
  load::Loader(doc, file, net, diag).load(options);
  return net;
}

}  // namespace archcalc
