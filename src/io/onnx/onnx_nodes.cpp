#include "io/onnx/onnx_nodes.hpp"

#include <algorithm>
#include <map>

namespace archcalc::onnx_import {

namespace {

using Kind = Translation::Kind;

Translation unsupported(std::string why) {
  return Translation{Kind::kUnsupported, "", {}, why};
}
Translation op(const char* name) {
  return Translation{Kind::kOp, name, {0}, ""};
}

std::vector<std::int64_t> ints(const onnx::NodeProto& n, const char* name) {
  const onnx::AttributeProto* a = attribute(n, name);
  if (!a) return {};
  return std::vector<std::int64_t>(a->ints().begin(), a->ints().end());
}
std::int64_t integer(const onnx::NodeProto& n, const char* name, std::int64_t fallback) {
  const onnx::AttributeProto* a = attribute(n, name);
  return a ? a->i() : fallback;
}
double real(const onnx::NodeProto& n, const char* name, double fallback) {
  const onnx::AttributeProto* a = attribute(n, name);
  return a ? a->f() : fallback;
}
std::string text(const onnx::NodeProto& n, const char* name, const std::string& fallback) {
  const onnx::AttributeProto* a = attribute(n, name);
  return a ? a->s() : fallback;
}
std::string input(const onnx::NodeProto& n, int i) {
  return i < n.input_size() ? n.input(i) : std::string();
}

// Window attributes shared by Conv and the pools; "" when they translate.
std::string window(const onnx::NodeProto& n, MapAttrReader& attrs, const SourcePos& pos,
                   const std::vector<std::int64_t>& kernel) {
  if (kernel.size() != 2) return "only 2-D windows are supported";
  attrs.set_ints("kernel", kernel, pos);
  auto strides = ints(n, "strides");
  if (strides.empty()) strides = {1, 1};
  if (strides.size() != 2) return "'strides' must have 2 values";
  attrs.set_ints("stride", strides, pos);
  std::string auto_pad = text(n, "auto_pad", "NOTSET");
  auto pads = ints(n, "pads");
  if (auto_pad == "SAME_UPPER") {
    attrs.set_padding("pad", Padding{Padding::Mode::kSame, 0, 0, 0, 0}, pos);
  } else if (auto_pad == "VALID") {
    attrs.set_padding("pad", Padding{Padding::Mode::kValid, 0, 0, 0, 0}, pos);
  } else if (auto_pad == "NOTSET" || auto_pad.empty()) {
    if (!pads.empty() && pads.size() != 4) return "'pads' must have 4 values";
    if (!pads.empty()) {  // ONNX order: [top, left, bottom, right]
      if (*std::min_element(pads.begin(), pads.end()) < 0) return "negative 'pads'";
      attrs.set_padding("pad",
                        Padding{Padding::Mode::kExplicit, pads[0], pads[2], pads[1], pads[3]}, pos);
    }
  } else {
    return "auto_pad " + auto_pad + " is not supported";
  }
  return "";
}

bool known(const Dims& d) {
  return std::all_of(d.begin(), d.end(), [](std::int64_t x) { return x > 0; });
}

Translation conv(const onnx::NodeProto& n, const ModelValues& values, MapAttrReader& attrs,
                 const SourcePos& pos) {
  auto w = values.dims(input(n, 1));
  if (!w || w->size() != 4 || !known(*w)) {
    return unsupported("the weight '" + input(n, 1) + "' has no known 4-D shape");
  }
  std::vector<std::int64_t> kernel(w->begin() + 2, w->end());
  auto given = ints(n, "kernel_shape");
  if (!given.empty() && given != kernel)
    return unsupported("'kernel_shape' disagrees with the weight");
  if (auto why = window(n, attrs, pos, kernel); !why.empty()) return unsupported(why);
  auto dilations = ints(n, "dilations");
  if (!dilations.empty()) {
    if (dilations.size() != 2) return unsupported("'dilations' must have 2 values");
    attrs.set_ints("dilation", dilations, pos);
  }
  attrs.set_ints("out", {(*w)[0]}, pos);
  attrs.set_ints("groups", {integer(n, "group", 1)}, pos);
  attrs.set_bool("bias", !input(n, 2).empty(), pos);
  return op("conv");
}

Translation pool(const onnx::NodeProto& n, MapAttrReader& attrs, const SourcePos& pos, bool max) {
  auto dilations = ints(n, "dilations");
  if (std::any_of(dilations.begin(), dilations.end(), [](auto d) { return d != 1; })) {
    return unsupported("dilated pooling is not supported");
  }
  if (n.output_size() > 1 && !n.output(1).empty()) return unsupported("pooling indices output");
  if (auto why = window(n, attrs, pos, ints(n, "kernel_shape")); !why.empty()) {
    return unsupported(why);
  }
  attrs.set_word("round", integer(n, "ceil_mode", 0) ? "ceil" : "floor", pos);
  if (!max) attrs.set_bool("count_pad", integer(n, "count_include_pad", 0) != 0, pos);
  return op(max ? "maxpool" : "avgpool");
}

Translation fc(const onnx::NodeProto& n, const ModelValues& values, MapAttrReader& attrs,
               const SourcePos& pos, bool gemm) {
  if (!values.dims(input(n, 1)) && !values.is_constant(input(n, 1))) {
    return unsupported("the second operand '" + input(n, 1) + "' is not a weight of known shape");
  }
  auto b = values.dims(input(n, 1));
  if (!b || b->size() != 2 || !known(*b)) {
    return unsupported("the weight '" + input(n, 1) + "' has no known 2-D shape");
  }
  bool trans_b = gemm && integer(n, "transB", 0) != 0;
  if (gemm && integer(n, "transA", 0) != 0) return unsupported("transA is not supported");
  attrs.set_ints("out", {trans_b ? (*b)[0] : (*b)[1]}, pos);
  attrs.set_bool("bias", gemm && !input(n, 2).empty(), pos);
  return op("fc");
}

Translation clip(const onnx::NodeProto& n, const ModelValues& values) {
  std::optional<double> lo, hi;
  if (attribute(n, "min")) lo = real(n, "min", 0);
  if (attribute(n, "max")) hi = real(n, "max", 0);
  for (int i : {1, 2}) {
    if (input(n, i).empty()) continue;
    auto v = values.values(input(n, i), 1);
    if (!v || v->size() != 1) return unsupported("Clip bounds that are not constants");
    (i == 1 ? lo : hi) = (*v)[0];
  }
  if (lo == 0.0 && hi == 6.0) return op("relu6");
  if (lo == 0.0 && !hi) return op("relu");
  return unsupported("Clip is supported as ReLU (min 0) or ReLU6 (min 0, max 6) only");
}

Translation reshape(const onnx::NodeProto& n, const ModelValues& values) {
  auto target = values.values(input(n, 1), 8);
  if (!target) return unsupported("the target shape is not a constant");
  if (target->size() == 2 &&
      ((*target)[1] == -1 ? (*target)[0] >= -1 && (*target)[0] <= 1
                          : (*target)[0] == -1 || (*target)[0] == 0 || (*target)[0] == 1)) {
    return op("flatten");  // [N, -1], [-1, features]: a flatten
  }
  return unsupported("Reshape is supported as a flatten to [N, -1] only");
}

}  // namespace

const std::vector<std::string>& supported_onnx_ops() {
  static const std::vector<std::string> ops = {"Conv",
                                               "MaxPool",
                                               "AveragePool",
                                               "GlobalAveragePool",
                                               "GlobalMaxPool",
                                               "Gemm",
                                               "MatMul",
                                               "Relu",
                                               "LeakyRelu",
                                               "Sigmoid",
                                               "Tanh",
                                               "Clip",
                                               "BatchNormalization",
                                               "LRN",
                                               "Concat",
                                               "Add",
                                               "Sum",
                                               "Flatten",
                                               "Reshape",
                                               "Dropout",
                                               "Softmax",
                                               "Identity",
                                               "Constant"};
  return ops;
}

bool is_weight_slot(const std::string& t, int i) {
  if (t == "Conv" || t == "Gemm") return i == 1 || i == 2;
  if (t == "MatMul" || t == "Reshape") return i == 1;
  if (t == "BatchNormalization") return i >= 1;
  if (t == "Clip" || t == "Dropout") return i >= 1;
  return false;
}

Translation translate_node(const onnx::NodeProto& n, const ModelValues& values,
                           MapAttrReader& attrs, const SourcePos& pos) {
  const std::string& t = n.op_type();
  if (t == "Conv") return conv(n, values, attrs, pos);
  if (t == "MaxPool" || t == "AveragePool") return pool(n, attrs, pos, t == "MaxPool");
  if (t == "GlobalAveragePool" || t == "GlobalMaxPool") {
    attrs.set_bool("global", true, pos);
    return op(t == "GlobalMaxPool" ? "maxpool" : "avgpool");
  }
  if (t == "Gemm" || t == "MatMul") return fc(n, values, attrs, pos, t == "Gemm");
  if (t == "Relu") return op("relu");
  if (t == "Sigmoid") return op("sigmoid");
  if (t == "Tanh") return op("tanh");
  if (t == "LeakyRelu") {
    attrs.set_number("alpha", real(n, "alpha", 0.01), pos);
    return op("leaky_relu");
  }
  if (t == "Clip") return clip(n, values);
  if (t == "BatchNormalization") {
    if (n.output_size() > 1) return unsupported("training-mode outputs are not supported");
    attrs.set_number("eps", real(n, "epsilon", 1e-5), pos);
    return op("batchnorm");
  }
  if (t == "LRN") {
    attrs.set_ints("size", {integer(n, "size", 0)}, pos);
    attrs.set_number("alpha", real(n, "alpha", 1e-4), pos);
    attrs.set_number("beta", real(n, "beta", 0.75), pos);
    attrs.set_number("k", real(n, "bias", 1.0), pos);
    return op("lrn");
  }
  if (t == "Concat") {
    if (integer(n, "axis", 1) != 1) return unsupported("concatenation along an axis other than 1");
    Translation c = op("concat");
    c.data_inputs.clear();
    for (int i = 0; i < n.input_size(); ++i) c.data_inputs.push_back(i);
    return c;
  }
  if (t == "Add" || t == "Sum") {
    Translation a{Kind::kAdd, "add", {}, ""};
    for (int i = 0; i < n.input_size(); ++i) a.data_inputs.push_back(i);
    return a;
  }
  if (t == "Flatten") {
    if (integer(n, "axis", 1) != 1) return unsupported("Flatten with an axis other than 1");
    return op("flatten");
  }
  if (t == "Reshape") return reshape(n, values);
  if (t == "Dropout") {
    double rate = real(n, "ratio", 0.5);
    if (!input(n, 1).empty()) {
      auto v = values.values(input(n, 1), 1);
      if (!v || v->size() != 1) return unsupported("a dropout ratio that is not a constant");
      rate = (*v)[0];
    }
    attrs.set_number("rate", rate, pos);
    return op("dropout");
  }
  if (t == "Softmax") return op("softmax");
  if (t == "Identity") return Translation{Kind::kAlias, "", {0}, ""};
  std::string list;
  for (const auto& s : supported_onnx_ops()) list += (list.empty() ? "" : ", ") + s;
  return unsupported("unsupported op (supported: " + list + ")");
}

}  // namespace archcalc::onnx_import
