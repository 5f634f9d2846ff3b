#include "io/onnx/onnx_nodes.hpp"

#include <algorithm>

namespace archcalc::onnx_import {

namespace {

using Kind = Translation::Kind;

std::string input_name(const onnx::NodeProto& n, int i) {
  return i >= 0 && i < n.input_size() ? n.input(i) : std::string();
}

// A node with the model's knowledge of its inputs, as ops/import.hpp sees it.
class NodeView final : public OnnxNode {
 public:
  NodeView(const onnx::NodeProto& n, const ModelValues& values) : n_(n), values_(values) {}
  std::string_view type() const override { return n_.op_type(); }
  bool has(std::string_view a) const override { return find(a) != nullptr; }
  std::vector<std::int64_t> ints(std::string_view a) const override {
    const onnx::AttributeProto* p = find(a);
    if (!p) return {};
    return std::vector<std::int64_t>(p->ints().begin(), p->ints().end());
  }
  std::int64_t integer(std::string_view a, std::int64_t fallback) const override {
    const onnx::AttributeProto* p = find(a);
    return p ? p->i() : fallback;
  }
  double real(std::string_view a, double fallback) const override {
    const onnx::AttributeProto* p = find(a);
    return p ? p->f() : fallback;
  }
  std::string text(std::string_view a, const std::string& fallback) const override {
    const onnx::AttributeProto* p = find(a);
    return p ? p->s() : fallback;
  }
  int inputs() const override { return n_.input_size(); }
  std::string input(int i) const override { return input_name(n_, i); }
  int outputs() const override { return n_.output_size(); }
  std::string output(int i) const override {
    return i >= 0 && i < n_.output_size() ? n_.output(i) : std::string();
  }
  std::optional<std::vector<std::int64_t>> dims(int i) const override {
    return values_.dims(input(i));
  }
  bool is_constant(int i) const override { return values_.is_constant(input(i)); }
  std::optional<std::vector<double>> values(int i, std::size_t max) const override {
    return values_.values(input(i), max);
  }

 private:
  const onnx::AttributeProto* find(std::string_view a) const {
    return attribute(n_, std::string(a));
  }
  const onnx::NodeProto& n_;
  const ModelValues& values_;
};

// Attributes written by a translation, at the node's position.
class NodeAttrs final : public AttrWriter {
 public:
  NodeAttrs(MapAttrReader& attrs, const SourcePos& pos) : attrs_(attrs), pos_(pos) {}
  void set_ints(const std::string& k, std::vector<std::int64_t> v) override {
    attrs_.set_ints(k, std::move(v), pos_);
  }
  void set_number(const std::string& k, double v) override { attrs_.set_number(k, v, pos_); }
  void set_bool(const std::string& k, bool v) override { attrs_.set_bool(k, v, pos_); }
  void set_word(const std::string& k, std::string v) override {
    attrs_.set_word(k, std::move(v), pos_);
  }
  void set_padding(const std::string& k, Padding v) override { attrs_.set_padding(k, v, pos_); }

 private:
  MapAttrReader& attrs_;
  SourcePos pos_;
};

// One row of the translator table: an ONNX node type and an op that
// translates it.
struct Translator {
  std::string_view type;
  Op (*make)();
  Imported (*translate)(const OnnxNode&, AttrWriter&);
  int data_inputs;  // leading inputs that carry activations; -1: all
};

template <typename T>
Imported translate_as(const OnnxNode& n, AttrWriter& a) {
  if constexpr (HasOnnxHook<T>) {
    return T::from_onnx(n, a);
  } else {
    return Imported::ok();
  }
}

const std::vector<Translator>& translators() {
  static const std::vector<Translator> table = [] {
    std::vector<Translator> t;
    for_each_op_type([&](const auto& o) {
      using T = std::decay_t<decltype(o)>;
      if constexpr (HasOnnx<T>) {
        for (std::string_view type : T::kOnnx) {
          t.push_back({type, [] { return Op{T{}}; }, &translate_as<T>,
                       T::kMaxInputs == kUnbounded ? -1 : T::kMaxInputs});
        }
      }
    });
    return t;
  }();
  return table;
}

}  // namespace

const std::vector<std::string>& supported_onnx_ops() {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> v;
    for (const Translator& t : translators()) {
      if (std::find(v.begin(), v.end(), t.type) == v.end()) v.emplace_back(t.type);
    }
    v.emplace_back("Identity");
    v.emplace_back("Constant");
    return v;
  }();
  return types;
}

bool is_weight_slot(const std::string& type, int i) {
  for (const Translator& t : translators()) {
    if (t.type == type) return t.data_inputs >= 0 && i >= t.data_inputs;
  }
  return false;
}

Translation translate_node(const onnx::NodeProto& n, const ModelValues& values,
                           MapAttrReader& attrs, const SourcePos& pos) {
  const std::string& type = n.op_type();
  if (type == "Identity") return Translation{Kind::kAlias, std::nullopt, {0}, ""};
  NodeView view(n, values);
  std::vector<std::string> declined;
  bool known = false;
  for (const Translator& t : translators()) {
    if (t.type != type) continue;
    known = true;
    NodeAttrs into(attrs, pos);
    Imported r = t.translate(view, into);
    if (r.kind == Imported::Kind::kUnsupported) {
      return Translation{Kind::kUnsupported, std::nullopt, {}, r.why};
    }
    if (r.kind == Imported::Kind::kDeclined) {
      declined.push_back(r.why);
      continue;
    }
    Translation tr{Kind::kOp, t.make(), {}, ""};
    const int data = t.data_inputs < 0 ? n.input_size() : std::min(t.data_inputs, n.input_size());
    for (int i = 0; i < std::max(data, 1); ++i) tr.data_inputs.push_back(i);
    return tr;
  }
  if (known) {
    return Translation{Kind::kUnsupported,
                       std::nullopt,
                       {},
                       type + " is supported as " + join_names(declined, " or ") + " only"};
  }
  return Translation{Kind::kUnsupported,
                     std::nullopt,
                     {},
                     "unsupported op (supported: " + join_names(supported_onnx_ops()) + ")"};
}

}  // namespace archcalc::onnx_import
