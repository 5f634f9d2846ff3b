// Names: what a layer may be called, how repeated copies are numbered, and
// how the names in `from` find their layers once every item is read.
#include <algorithm>
#include <cctype>

#include "io/load_state.hpp"

namespace archcalc::load {

void Loader::check_name(NodeId name_node, const std::string& name) const {
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

// Copies of a repeated item are <name>_1 … <name>_N; a single copy keeps
// <name>. When the list already holds <name>_1 … <name>_K (a first copy
// written on its own because it differs, as a stage's first block does),
// the copies continue at <name>_(K+1), however many there are.
void Loader::number_copies(Item& item, const NameTable& table) const {
  std::int64_t written = 0;
  while (table.entries.count(item.name + "_" + std::to_string(written + 1))) ++written;
  item.numbered = item.repeat > 1 || written > 0;
  item.first = written + 1;
}

std::optional<Vertex> Loader::resolve_ref(const Ref& ref, int depth) {
  if (ref.vertex) return ref.vertex;
  if (!ref.table) return std::nullopt;
  auto it = ref.table->entries.find(ref.name);
  SourcePos at = pos(ref.node);
  if (it == ref.table->entries.end()) {
    std::string hint = shown(at) ? did_you_mean(ref.name, ref.table->names()) : "";
    error(InputError(at, ref.user + "unknown layer '" + ref.name + "' in 'from'" + hint));
    return std::nullopt;
  }
  if (depth > kMaxAliasDepth) {
    error(InputError(at, ref.user + "'from' references nest too deeply"));
    return std::nullopt;
  }
  return resolve_ref(it->second, depth + 1);
}

void Loader::add_edges() {
  for (const auto& e : edges_) {
    if (auto src = resolve_ref(e.ref, 0)) {
      boost::add_edge(*src, e.consumer, Tensor{e.port}, net_.graph);
    }
  }
}

}  // namespace archcalc::load
