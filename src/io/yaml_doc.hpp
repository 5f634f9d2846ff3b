// A YAML document as the loader reads it: every node in one flat array, each
// with the line:col where it was written. Built from yaml-cpp's event parser
// (no YAML::Node tree), so a large file costs a few words per node. Aliases
// share the node they name: nothing is ever expanded.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "util/diag.hpp"

namespace archcalc {

using NodeId = std::uint32_t;
constexpr NodeId kNoNode = 0xffffffffu;  // absent: a missing key, an undefined node

enum class NodeKind : std::uint8_t { kNull, kScalar, kSequence, kMap };

class YamlDocument {
 public:
  // The root node (kNoNode for an empty stream).
  NodeId root() const { return root_; }

  NodeKind kind(NodeId n) const { return nodes_[n].kind; }
  bool is_null(NodeId n) const { return n == kNoNode || kind(n) == NodeKind::kNull; }
  bool is_scalar(NodeId n) const { return n != kNoNode && kind(n) == NodeKind::kScalar; }
  bool is_sequence(NodeId n) const { return n != kNoNode && kind(n) == NodeKind::kSequence; }
  bool is_map(NodeId n) const { return n != kNoNode && kind(n) == NodeKind::kMap; }

  // A scalar's text (stays valid as long as the document lives).
  std::string_view scalar(NodeId n) const;
  // Elements of a sequence, or key/value pairs of a map.
  std::size_t size(NodeId n) const;
  NodeId element(NodeId seq, std::size_t i) const { return kids_[nodes_[seq].a + i]; }
  NodeId key(NodeId map, std::size_t i) const { return kids_[nodes_[map].a + 2 * i]; }
  NodeId value(NodeId map, std::size_t i) const { return kids_[nodes_[map].a + 2 * i + 1]; }
  // The value of the first scalar key equal to `key`, or kNoNode (also when
  // `map` is not a map).
  NodeId find(NodeId map, std::string_view key) const;

  // Where `n` was written (line and column from 1; 0 when unknown).
  SourcePos pos(NodeId n, const std::string& file) const;

  // Values computed while loading (an expression's result, a list of them),
  // placed where `like` was written.
  NodeId add_scalar(std::string text, NodeId like);
  NodeId add_sequence(const std::vector<NodeId>& elements, NodeId like);
  // A map of `key_values` (key, value, key, value, ...).
  NodeId add_map(const std::vector<NodeId>& key_values, NodeId like);

 private:
  friend class YamlDocumentBuilder;
  friend YamlDocument parse_yaml(std::string_view text, const std::string& file);
  struct Node {
    std::uint32_t line = 0, column = 0;  // from 1; 0: unknown
    std::uint32_t a = 0, b = 0;  // scalar: offset and length (or owned index); else kids range
    NodeKind kind = NodeKind::kNull;
    bool owned = false;  // scalar text in owned_ rather than text_
  };
  NodeId add(Node n);
  NodeId add_collection(NodeKind kind, const std::vector<NodeId>& kids, NodeId like);

  std::vector<Node> nodes_;
  std::vector<NodeId> kids_;
  std::string text_;               // every parsed scalar, back to back
  std::deque<std::string> owned_;  // scalars added while loading
  NodeId root_ = kNoNode;
};

// Parses the first document of `text`. Syntax errors throw InputError
// `file:line:col: YAML syntax: ...` said in the user's terms.
YamlDocument parse_yaml(std::string_view text, const std::string& file);

}  // namespace archcalc
