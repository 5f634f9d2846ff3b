#include "io/prototxt/caffe_layers.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace archcalc::prototxt {

namespace {

SourcePos where(const Field* f, const SourcePos& fallback) {
  return f ? (f->value_pos.line > 0 ? f->value_pos : f->pos) : fallback;
}

// `name` (1 or 2 values) or `name_h` + `name_w`, as {h, w}; empty when absent.
std::vector<std::int64_t> read_hw(const Params& p, const std::string& name, std::int64_t min,
                                  SourcePos& pos) {
  std::string h = name + "_h", w = name + "_w";
  std::string list = name == "kernel" ? "kernel_size" : name;
  std::vector<std::int64_t> v = p.integers(list.c_str(), min);
  auto fields = p.all(list.c_str());
  bool split = p.has(h.c_str()) || p.has(w.c_str());
  if (!v.empty() && split) {
    p.fail(p.all(h.c_str()).empty() ? p.all(w.c_str()).back() : p.all(h.c_str()).back(),
           "give '" + list + "' or '" + h + "'/'" + w + "', not both");
  }
  if (v.size() > 2) {
    p.fail(fields[2], "'" + list + "' has " + std::to_string(v.size()) +
                          " values; only 2-D layers are supported");
  }
  if (!v.empty()) {
    pos = where(fields.front(), pos);
    if (v.size() == 1) v.push_back(v[0]);
    return v;
  }
  if (split) {
    if (!p.has(h.c_str()) || !p.has(w.c_str())) {
      p.fail(p.has(h.c_str()) ? p.all(h.c_str()).back() : p.all(w.c_str()).back(),
             "'" + h + "' and '" + w + "' go together");
    }
    pos = where(p.all(h.c_str()).back(), pos);
    return {p.integer(h.c_str(), std::nullopt, min), p.integer(w.c_str(), std::nullopt, min)};
  }
  return {};
}

Params sub(const Params& layer, std::string_view name, const SourcePos& at) {
  return Params(name.empty() ? nullptr : layer.message(std::string(name).c_str()), layer.what(),
                at);
}

// A layer's parameter message as an op's translation reads it (ops/import_caffe.hpp),
// and the attributes it writes, each at the field it came from.
class LayerView final : public CaffeMessage, public AttrWriter {
 public:
  LayerView(std::string_view type, Params p, MapAttrReader& attrs, SourcePos at)
      : type_(type), p_(std::move(p)), attrs_(attrs), at_(at), pos_(at) {}

  std::string_view type() const override { return type_; }
  bool has(std::string_view f) const override { return p_.has(c(f)); }
  std::int64_t integer(std::string_view f, std::optional<std::int64_t> fallback,
                       std::int64_t min) const override {
    return p_.integer(c(f), fallback, min);
  }
  double number(std::string_view f, double fallback, double min, double max) const override {
    return p_.number(c(f), fallback, min, max);
  }
  bool boolean(std::string_view f, bool fallback) const override {
    return p_.boolean(c(f), fallback);
  }
  std::string word(std::string_view f, const std::vector<std::string>& choices,
                   const std::string& fallback) const override {
    return p_.word(c(f), choices, fallback);
  }
  std::vector<std::string> texts(std::string_view f) const override {
    std::vector<std::string> v;
    for (const Field* x : p_.all(c(f))) v.push_back(x->text);
    return v;
  }
  std::vector<std::int64_t> hw(std::string_view name, std::int64_t min) override {
    pos_ = at_;
    return read_hw(p_, std::string(name), min, pos_);
  }
  void point_at(std::string_view f) override {
    auto all = f.empty() ? std::vector<const Field*>{} : p_.all(c(f));
    pos_ = all.empty() ? at_ : where(all.back(), at_);
  }
  [[noreturn]] void fail(std::string_view f, const std::string& why) const override {
    auto all = f.empty() ? std::vector<const Field*>{} : p_.all(c(f));
    p_.fail(all.empty() ? nullptr : all.back(), why);
  }
  [[noreturn]] void fail_value(std::string_view f, std::size_t i,
                               const std::string& why) const override {
    auto all = p_.all(c(f));
    p_.fail(i < all.size() ? all[i] : nullptr, why);
  }

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
  // Field names are short literals; Params takes C strings.
  const char* c(std::string_view f) const {
    name_.assign(f);
    return name_.c_str();
  }
  std::string_view type_;
  Params p_;
  MapAttrReader& attrs_;
  SourcePos at_, pos_;
  mutable std::string name_;
};

// One row of the translator table: a Caffe layer type and an op that
// translates it.
struct Translator {
  CaffeType type;
  Op (*make)();
  Imported (*translate)(CaffeMessage&, AttrWriter&);
};

template <typename T>
Imported translate_as(CaffeMessage& l, AttrWriter& a) {
  if constexpr (HasCaffeHook<T>) {
    return T::from_caffe(l, a);
  } else {
    return Imported::ok();
  }
}

const std::vector<Translator>& translators() {
  static const std::vector<Translator> table = [] {
    std::vector<Translator> t;
    for_each_op_type([&](const auto& o) {
      using T = std::decay_t<decltype(o)>;
      if constexpr (HasCaffe<T>) {
        for (CaffeType type : T::kCaffe)
          t.push_back({type, [] { return Op{T{}}; }, &translate_as<T>});
      }
    });
    return t;
  }();
  return table;
}

// Layer types that are structure rather than ops.
struct Structural {
  std::string_view type;
  CaffeRole role;
};
constexpr Structural kStructural[] = {
    {"Input", CaffeRole::kInput},     {"Data", CaffeRole::kInput},
    {"ImageData", CaffeRole::kInput}, {"Scale", CaffeRole::kScale},
    {"Split", CaffeRole::kAlias},     {"Slice", CaffeRole::kSlice},
    {"Crop", CaffeRole::kCrop},       {"Reshape", CaffeRole::kReshape},
    {"Interp", CaffeRole::kInterp},
};

bool same_letters(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

const std::vector<std::string>& supported_caffe_types() {
  static const std::vector<std::string> types = [] {
    std::vector<std::string> v;
    for (const Translator& t : translators()) {
      if (std::find(v.begin(), v.end(), t.type.type) == v.end()) v.emplace_back(t.type.type);
    }
    for (const Structural& s : kStructural) {
      if (std::find(v.begin(), v.end(), s.type) == v.end()) v.emplace_back(s.type);
    }
    return v;
  }();
  return types;
}

std::string v1_type_name(const std::string& e) {
  static const std::map<std::string, std::string> names = {
      {"CONVOLUTION", "Convolution"},
      {"POOLING", "Pooling"},
      {"INNER_PRODUCT", "InnerProduct"},
      {"RELU", "ReLU"},
      {"SIGMOID", "Sigmoid"},
      {"TANH", "TanH"},
      {"LRN", "LRN"},
      {"CONCAT", "Concat"},
      {"ELTWISE", "Eltwise"},
      {"DROPOUT", "Dropout"},
      {"SOFTMAX", "Softmax"},
      {"SPLIT", "Split"},
      {"FLATTEN", "Flatten"},
      {"DATA", "Data"},
      {"IMAGE_DATA", "ImageData"},
      {"SOFTMAX_LOSS", "SoftmaxWithLoss"},
      {"ACCURACY", "Accuracy"},
      {"EUCLIDEAN_LOSS", "EuclideanLoss"},
      {"HINGE_LOSS", "HingeLoss"},
      {"INFOGAIN_LOSS", "InfogainLoss"},
      {"MULTINOMIAL_LOGISTIC_LOSS", "MultinomialLogisticLoss"},
      {"SIGMOID_CROSS_ENTROPY_LOSS", "SigmoidCrossEntropyLoss"},
      {"CONTRASTIVE_LOSS", "ContrastiveLoss"},
      {"DECONVOLUTION", "Deconvolution"},
      {"CROP", "Crop"},
      {"POWER", "Power"},
      {"ABSVAL", "AbsVal"},
      {"BNLL", "BNLL"},
      {"SLICE", "Slice"},
      {"SILENCE", "Silence"},
      {"THRESHOLD", "Threshold"},
      {"ARGMAX", "ArgMax"},
      {"HDF5_DATA", "HDF5Data"},
      {"MEMORY_DATA", "MemoryData"},
      {"WINDOW_DATA", "WindowData"},
      {"DUMMY_DATA", "DummyData"},
      {"IM2COL", "Im2col"},
      {"MVN", "MVN"},
      {"EXP", "Exp"}};
  auto it = names.find(e);
  return it == names.end() ? "" : it->second;
}

std::string canonical_type(const std::string& type) {
  for (const std::string& known : supported_caffe_types()) {
    if (same_letters(known, type)) return known;
  }
  if (same_letters(type, "Accuracy")) return "Accuracy";
  return type;
}

CaffeLayer translate_layer(const std::string& type, const Field& type_field, const Params& layer,
                           MapAttrReader& attrs) {
  for (const Structural& s : kStructural) {
    if (s.type == type) return CaffeLayer{s.role, std::nullopt};
  }
  if (type == "Accuracy" ||
      (type.size() > 4 && same_letters(std::string_view(type).substr(type.size() - 4), "Loss"))) {
    return CaffeLayer{CaffeRole::kEvaluation, std::nullopt};
  }
  return translate_op(type, type_field, layer, attrs);
}

CaffeLayer translate_op(const std::string& type, const Field& type_field, const Params& layer,
                        MapAttrReader& attrs) {
  const SourcePos at = where(&type_field, type_field.pos);
  std::vector<std::string> declined;
  for (const Translator& t : translators()) {
    if (t.type.type != type) continue;
    LayerView view(t.type.type, sub(layer, t.type.param, at), attrs, at);
    Imported r = t.translate(view, view);
    if (r.kind == Imported::Kind::kDeclined) {
      declined.push_back(r.why);
      continue;
    }
    if (r.kind == Imported::Kind::kUnsupported) throw InputError(at, layer.what() + r.why);
    return CaffeLayer{CaffeRole::kOp, t.make()};
  }
  if (!declined.empty()) {
    throw InputError(
        at, layer.what() + type + " is supported as " + join_names(declined, " or ") + " only");
  }
  throw InputError(at, layer.what() + "unsupported layer type '" + type +
                           "' (supported: " + join_names(supported_caffe_types()) +
                           "; loss and accuracy layers are skipped)");
}

}  // namespace archcalc::prototxt
