#include "io/yaml_doc.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <streambuf>

#include "io/yaml_syntax.hpp"

namespace archcalc {

std::string_view YamlDocument::scalar(NodeId n) const {
  const Node& node = nodes_[n];
  if (node.kind != NodeKind::kScalar) return {};
  if (node.owned) return owned_[node.a];
  return std::string_view(text_).substr(node.a, node.b);
}

std::size_t YamlDocument::size(NodeId n) const {
  if (n == kNoNode) return 0;
  const Node& node = nodes_[n];
  if (node.kind == NodeKind::kSequence) return node.b;
  if (node.kind == NodeKind::kMap) return node.b / 2;
  return 0;
}

NodeId YamlDocument::find(NodeId map, std::string_view key) const {
  if (!is_map(map)) return kNoNode;
  std::size_t n = size(map);
  for (std::size_t i = 0; i < n; ++i) {
    NodeId k = this->key(map, i);
    if (is_scalar(k) && scalar(k) == key) return value(map, i);
  }
  return kNoNode;
}

SourcePos YamlDocument::pos(NodeId n, const std::string& file) const {
  if (n == kNoNode) return SourcePos{file, 0, 0};
  return SourcePos{file, static_cast<int>(nodes_[n].line), static_cast<int>(nodes_[n].column)};
}

NodeId YamlDocument::add(Node n) {
  nodes_.push_back(n);
  return static_cast<NodeId>(nodes_.size() - 1);
}

NodeId YamlDocument::add_scalar(std::string text, NodeId like) {
  Node n;
  if (like != kNoNode) n.line = nodes_[like].line, n.column = nodes_[like].column;
  n.kind = NodeKind::kScalar;
  n.owned = true;
  n.a = static_cast<std::uint32_t>(owned_.size());
  owned_.push_back(std::move(text));
  return add(n);
}

NodeId YamlDocument::add_sequence(const std::vector<NodeId>& elements, NodeId like) {
  return add_collection(NodeKind::kSequence, elements, like);
}

NodeId YamlDocument::add_map(const std::vector<NodeId>& key_values, NodeId like) {
  return add_collection(NodeKind::kMap, key_values, like);
}

NodeId YamlDocument::add_collection(NodeKind kind, const std::vector<NodeId>& kids, NodeId like) {
  Node n;
  if (like != kNoNode) n.line = nodes_[like].line, n.column = nodes_[like].column;
  n.kind = kind;
  n.a = static_cast<std::uint32_t>(kids_.size());
  n.b = static_cast<std::uint32_t>(kids.size());
  kids_.insert(kids_.end(), kids.begin(), kids.end());
  return add(n);
}

// yaml-cpp's events → nodes. A collection's node is made at its start (an
// alias inside it may name it); its children are gathered on a stack and
// stored contiguously at its end.
class YamlDocumentBuilder : public YAML::EventHandler {
 public:
  explicit YamlDocumentBuilder(YamlDocument& doc) : doc_(doc) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    leaf(node(mark, NodeKind::kNull), anchor);
  }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    child(anchor < anchors_.size() ? anchors_[anchor] : kNoNode);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    YamlDocument::Node n = node(mark, NodeKind::kScalar);
    n.a = static_cast<std::uint32_t>(doc_.text_.size());
    n.b = static_cast<std::uint32_t>(value.size());
    doc_.text_ += value;
    leaf(n, anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(node(mark, NodeKind::kSequence), anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(node(mark, NodeKind::kMap), anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  static YamlDocument::Node node(const YAML::Mark& mark, NodeKind kind) {
    YamlDocument::Node n;
    n.kind = kind;
    if (!mark.is_null()) {
      n.line = static_cast<std::uint32_t>(mark.line + 1);
      n.column = static_cast<std::uint32_t>(mark.column + 1);
    }
    return n;
  }
  void remember(YAML::anchor_t anchor, NodeId id) {
    if (anchor == YAML::NullAnchor) return;
    if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, kNoNode);
    anchors_[anchor] = id;
  }
  void leaf(const YamlDocument::Node& n, YAML::anchor_t anchor) {
    NodeId id = doc_.add(n);
    remember(anchor, id);
    child(id);
  }
  void open(const YamlDocument::Node& n, YAML::anchor_t anchor) {
    NodeId id = doc_.add(n);
    remember(anchor, id);
    open_.push_back({id, pending_.size()});
  }
  void close() {
    auto [id, start] = open_.back();
    open_.pop_back();
    YamlDocument::Node& n = doc_.nodes_[id];
    n.a = static_cast<std::uint32_t>(doc_.kids_.size());
    n.b = static_cast<std::uint32_t>(pending_.size() - start);
    doc_.kids_.insert(doc_.kids_.end(), pending_.begin() + static_cast<std::ptrdiff_t>(start),
                      pending_.end());
    pending_.resize(start);
    child(id);
  }
  void child(NodeId id) {
    if (open_.empty()) {
      doc_.root_ = id;
    } else {
      pending_.push_back(id);
    }
  }

  YamlDocument& doc_;
  std::vector<NodeId> anchors_;
  std::vector<std::pair<NodeId, std::size_t>> open_;  // collection, its first pending child
  std::vector<NodeId> pending_;
};

namespace {

// An istream over text already in memory, without copying it.
class ViewBuffer : public std::streambuf {
 public:
  explicit ViewBuffer(std::string_view text) {
    char* p = const_cast<char*>(text.data());
    setg(p, p, p + text.size());
  }
};

}  // namespace

YamlDocument parse_yaml(std::string_view text, const std::string& file) {
  YamlDocument doc;
  doc.text_.reserve(text.size() / 2);
  ViewBuffer buffer(text);
  std::istream in(&buffer);
  try {
    YAML::Parser parser(in);
    YamlDocumentBuilder builder(doc);
    parser.HandleNextDocument(builder);
  } catch (const YAML::Exception& e) {
    throw yaml_syntax_error(text, file, e);
  }
  doc.text_.shrink_to_fit();
  return doc;
}

}  // namespace archcalc
