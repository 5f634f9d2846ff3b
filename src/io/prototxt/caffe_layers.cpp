#include "io/prototxt/caffe_layers.hpp"

#include <algorithm>
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

void set_window(const Params& p, MapAttrReader& attrs, const SourcePos& at, bool kernel_required) {
  SourcePos pos = at;
  auto kernel = read_hw(p, "kernel", 1, pos);
  if (kernel.empty() && kernel_required) p.fail(nullptr, "missing 'kernel_size'");
  if (!kernel.empty()) attrs.set_ints("kernel", kernel, pos);
  pos = at;
  auto stride = read_hw(p, "stride", 1, pos);
  attrs.set_ints("stride", stride.empty() ? std::vector<std::int64_t>{1, 1} : stride, pos);
  pos = at;
  auto pad = read_hw(p, "pad", 0, pos);
  if (!pad.empty()) {
    attrs.set_padding("pad", Padding{Padding::Mode::kExplicit, pad[0], pad[0], pad[1], pad[1]},
                      pos);
  }
}

void require_axis_1(const Params& p, const char* name) {
  if (p.has(name) && p.integer(name, 1, -4) != 1) {
    p.fail(p.all(name).back(),
           "'" + std::string(name) + "' other than 1 (channels) is not supported");
  }
}

Params sub(const Params& layer, const char* name, const SourcePos& at) {
  return Params(layer.message(name), layer.what(), at);
}

}  // namespace

const std::vector<std::string>& supported_caffe_types() {
  static const std::vector<std::string> types = {
      "Input",     "Data",    "ImageData", "Convolution", "Pooling", "InnerProduct",
      "ReLU",      "Sigmoid", "TanH",      "LRN",         "Concat",  "Eltwise",
      "BatchNorm", "Scale",   "Dropout",   "Softmax",     "Split",   "Flatten"};
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

CaffeLayer translate_layer(const std::string& type, const Field& type_field, const Params& layer,
                           MapAttrReader& attrs) {
  const SourcePos at = where(&type_field, type_field.pos);
  auto op = [](Op o) { return CaffeLayer{CaffeRole::kOp, std::move(o)}; };
  if (type == "Convolution") {
    Params p = sub(layer, "convolution_param", at);
    attrs.set_ints("out", {p.integer("num_output", std::nullopt, 1)},
                   where(p.all("num_output").empty() ? nullptr : p.all("num_output").back(), at));
    set_window(p, attrs, at, true);
    SourcePos pos = at;
    auto dilation = read_hw(p, "dilation", 1, pos);
    if (!dilation.empty()) attrs.set_ints("dilation", dilation, pos);
    if (p.has("group")) {
      attrs.set_ints("groups", {p.integer("group", 1, 1)}, where(p.all("group").back(), at));
    }
    attrs.set_bool("bias", p.boolean("bias_term", true), at);
    require_axis_1(p, "axis");
    return op(Conv{});
  }
  if (type == "Pooling") {
    Params p = sub(layer, "pooling_param", at);
    std::string mode = p.word("pool", {"MAX", "AVE", "STOCHASTIC"}, "MAX");
    if (mode == "STOCHASTIC") p.fail(p.all("pool").back(), "stochastic pooling is not supported");
    bool global = p.boolean("global_pooling", false);
    if (global) {
      attrs.set_bool("global", true, where(p.all("global_pooling").back(), at));
    } else {
      set_window(p, attrs, at, true);
    }
    std::string round = p.word("round_mode", {"CEIL", "FLOOR"}, "CEIL");
    attrs.set_word("round", round == "CEIL" ? "ceil" : "floor", at);
    return mode == "MAX" ? op(MaxPool{}) : op(AvgPool{});
  }
  if (type == "InnerProduct") {
    Params p = sub(layer, "inner_product_param", at);
    attrs.set_ints("out", {p.integer("num_output", std::nullopt, 1)},
                   where(p.all("num_output").empty() ? nullptr : p.all("num_output").back(), at));
    attrs.set_bool("bias", p.boolean("bias_term", true), at);
    require_axis_1(p, "axis");
    return op(FullyConnected{});
  }
  if (type == "ReLU") {
    Params p = sub(layer, "relu_param", at);
    double slope = p.number("negative_slope", 0.0, -1e6, 1e6);
    if (slope == 0.0) return op(Relu{});
    attrs.set_number("alpha", slope, where(p.all("negative_slope").back(), at));
    return op(LeakyRelu{});
  }
  if (type == "Sigmoid") return op(Sigmoid{});
  if (type == "TanH") return op(Tanh{});
  if (type == "LRN") {
    Params p = sub(layer, "lrn_param", at);
    if (p.word("norm_region", {"ACROSS_CHANNELS", "WITHIN_CHANNEL"}, "ACROSS_CHANNELS") !=
        "ACROSS_CHANNELS") {
      p.fail(p.all("norm_region").back(), "LRN within a channel is not supported");
    }
    attrs.set_ints("size", {p.integer("local_size", 5, 1)},
                   where(p.all("local_size").empty() ? nullptr : p.all("local_size").back(), at));
    attrs.set_number("alpha", p.number("alpha", 1.0, -1e6, 1e6), at);
    attrs.set_number("beta", p.number("beta", 0.75, -1e6, 1e6), at);
    attrs.set_number("k", p.number("k", 1.0, -1e6, 1e6), at);
    return op(Lrn{});
  }
  if (type == "Concat") {
    Params p = sub(layer, "concat_param", at);
    require_axis_1(p, "axis");
    require_axis_1(p, "concat_dim");
    return op(Concat{});
  }
  if (type == "Eltwise") {
    Params p = sub(layer, "eltwise_param", at);
    std::string mode = p.word("operation", {"PROD", "SUM", "MAX"}, "SUM");
    if (mode != "SUM") {
      p.fail(p.all("operation").back(), "Eltwise " + mode + " is not supported (only SUM)");
    }
    for (const Field* f : p.all("coeff")) {
      if (f->text != "1" && f->text != "1.0") {
        p.fail(f, "Eltwise coefficients other than 1 are not supported, got " + f->text);
      }
    }
    return op(Add{});
  }
  if (type == "BatchNorm") {
    Params p = sub(layer, "batch_norm_param", at);
    attrs.set_number("eps", p.number("eps", 1e-5, 0.0, 1.0), at);
    return op(BatchNorm{});
  }
  if (type == "Scale") return CaffeLayer{CaffeRole::kScale, std::nullopt};
  if (type == "Dropout") {
    Params p = sub(layer, "dropout_param", at);
    attrs.set_number("rate", p.number("dropout_ratio", 0.5, 0.0, 1.0), at);
    return op(Dropout{});
  }
  if (type == "Softmax") {
    require_axis_1(sub(layer, "softmax_param", at), "axis");
    return op(Softmax{});
  }
  if (type == "Flatten") {
    Params p = sub(layer, "flatten_param", at);
    require_axis_1(p, "axis");
    if (p.has("end_axis") && p.integer("end_axis", -1, -4) != -1) {
      p.fail(p.all("end_axis").back(), "'end_axis' other than -1 is not supported");
    }
    return op(Flatten{});
  }
  if (type == "Split") return CaffeLayer{CaffeRole::kAlias, std::nullopt};
  if (type == "Input" || type == "Data" || type == "ImageData") {
    return CaffeLayer{CaffeRole::kInput, std::nullopt};
  }
  if (type == "Accuracy" || (type.size() > 4 && type.substr(type.size() - 4) == "Loss")) {
    return CaffeLayer{CaffeRole::kEvaluation, std::nullopt};
  }
  std::string list;
  for (const auto& t : supported_caffe_types()) list += (list.empty() ? "" : ", ") + t;
  throw InputError(at, layer.what() + "unsupported layer type '" + type + "' (supported: " + list +
                           "; loss and accuracy layers are skipped)");
}

}  // namespace archcalc::prototxt
