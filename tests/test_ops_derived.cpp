// The lists of ops are derived from the op list, not kept by hand: each test
// here walks every op type (ARCHCALC_OPS) and checks what its declarations
// promise, so an op added with one line and one file is covered here too.
#include <catch2/catch.hpp>

#include "emit/report.hpp"
#include "helpers.hpp"
#include "import_helpers.hpp"
#include "io/yaml_writer.hpp"
#include "op_samples.hpp"

#if ARCHCALC_WITH_ONNX
#include <onnx/onnx_pb.h>

#include "io/onnx/onnx_import.hpp"
#endif

using namespace archcalc;
using namespace archcalc::test;

namespace {

#if ARCHCALC_WITH_ONNX
// Attributes and inputs that ONNX node types need to translate at all
// (facts about ONNX, not about any op): Clip's bounds, PRelu's slope.
void onnx_bounds(onnx::GraphProto& g, onnx::NodeProto& n, const std::string& type) {
  if (type == "PRelu") {
    onnx::TensorProto* slope = g.add_initializer();
    slope->set_name("slope");
    slope->set_data_type(onnx::TensorProto::FLOAT);
    for (int d : {3, 1, 1}) slope->add_dims(d);
    for (int i = 0; i < 3; ++i) slope->add_float_data(0.25f);
    n.add_input("slope");
  }
  if (type != "Clip") return;
  for (auto [name, value] : {std::pair{"min", 0.0f}, std::pair{"max", 6.0f}}) {
    onnx::AttributeProto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(value);
  }
}

// A model x [1, 3, 8, 8] → one `type` node → y, imported and analyzed.
Network imported_node(const std::string& type, bool with_bounds) {
  onnx::ModelProto model;
  model.set_ir_version(7);
  model.add_opset_import()->set_version(6);
  onnx::GraphProto* g = model.mutable_graph();
  g->set_name("one_node");
  onnx::ValueInfoProto* x = g->add_input();
  x->set_name("x");
  auto* tt = x->mutable_type()->mutable_tensor_type();
  tt->set_elem_type(onnx::TensorProto::FLOAT);
  for (int d : {1, 3, 8, 8}) tt->mutable_shape()->add_dim()->set_dim_value(d);
  onnx::NodeProto* n = g->add_node();
  n->set_op_type(type);
  n->set_name("node");
  n->add_input("x");
  n->add_output("y");
  if (with_bounds) onnx_bounds(*g, *n, type);
  g->add_output()->set_name("y");
  Diagnostics diag;
  Network net = import_onnx_bytes(model.SerializeAsString(), "one_node.onnx", OnnxOptions{}, diag);
  analyze(net);
  return net;
}
#endif

// The text of `s` between `from` and `to`.
std::string between(const std::string& s, const std::string& from, const std::string& to) {
  const std::size_t a = s.find(from);
  const std::size_t b = s.find(to, a);
  if (a == std::string::npos || b == std::string::npos) return "";
  return s.substr(a + from.size(), b - a - from.size());
}

// In "a, b: rule; c: rule2; ...", the rules of the groups naming `name`.
std::vector<std::string> rules_of(const std::string& list, const std::string& name) {
  std::vector<std::string> rules;
  std::size_t at = 0;
  while (at < list.size()) {
    std::size_t end = list.find("; ", at);
    if (end == std::string::npos) end = list.size();
    const std::string group = list.substr(at, end - at);
    const std::size_t colon = group.find(": ");
    const std::string names = ", " + group.substr(0, colon) + ",";
    if (names.find(", " + name + ",") != std::string::npos)
      rules.push_back(group.substr(colon + 2));
    at = end + 2;
  }
  return rules;
}

}  // namespace

TEST_CASE("ops: every activation is an act: shorthand, named in the conventions, and imports",
          "[ops][derived]") {
  const std::string others = conventions().at(1);
  int activations = 0;
  for_each_op_type([&](const auto& o) {
    using T = std::decay_t<decltype(o)>;
    if (T::kCategory != Category::kActivation) return;
    ++activations;
    const std::string name(T::kName);
    INFO(name);
    Network net = analyzed_text(
        "input: [3, 8, 8]\nlayers:\n  - {name: c, op: conv, out: 4, "
        "kernel: 3, act: " +
        name + "}\n");
    CHECK(std::holds_alternative<T>(layer_named(net, "c_" + name).op));
    CHECK(others.find(name) != std::string::npos);
#if ARCHCALC_WITH_ONNX
    if constexpr (HasOnnx<T>) {
      bool imported_as_this = false;
      for (std::string_view type : T::kOnnx) {
        Network m = imported_node(std::string(type), true);
        const Op& op = layer_named(m, "node").op;
        CHECK(op_category(op) == Category::kActivation);
        imported_as_this = imported_as_this || std::holds_alternative<T>(op);
      }
      CHECK(imported_as_this);
    }
#endif
  });
  CHECK(activations == 12);
  // And nothing else is: `act:` names the activations in its message.
  CliResult r = run_cli({"analyze", source_path("tests/errors/act_unknown.yaml")});
  CHECK(r.err.find("'act' must be one of " + join_names(op_names_of(Category::kActivation))) !=
        std::string::npos);
}

TEST_CASE("ops: every op's attribute table round-trips through convert", "[ops][derived]") {
  for_each_op_type([&](const auto& o) {
    using T = std::decay_t<decltype(o)>;
    if (T::kCategory == Category::kInput || T::kCategory == Category::kUnknown) return;
    for (bool flip : {false, true}) {
      const Sample sample = sample_network<T>(flip);
      INFO(sample.yaml);
      Network net = analyzed_text(sample.yaml);
      const std::string written = write_yaml(net, "sample.yaml");
      Network again = analyzed_text(written);
      CHECK(write_yaml(again, "sample.yaml") == written);
      CHECK(op_label(layer_named(again, "l").op) == op_label(layer_named(net, "l").op));
      CHECK(again.totals(false).cost.params() == net.totals(false).cost.params());
      CHECK(again.totals(false).cost.other_ops == net.totals(false).cost.other_ops);
      // Every attribute the sample sets differs from its default, so convert writes it.
      const std::string line = written.substr(written.find("{name: l,"));
      for (const std::string& key : sample.keys) {
        INFO(key);
        CHECK(line.find(", " + key + ": ") != std::string::npos);
      }
    }
  });
}

TEST_CASE("ops: the format reference lists every op with its attribute table", "[ops][derived]") {
  const std::string doc = slurp(source_path("docs/format.md"));
  CHECK(doc.find(format_reference_table()) != std::string::npos);
}

TEST_CASE("ops: the counting conventions name every op's rule", "[ops][derived]") {
  CHECK(conventions().at(1) ==
        "Other ops, counted apart: bias adds (1 per output element), pooling (output elements × "
        "window), bilinear upsampling (4 per output element, nearest none), activations (relu, "
        "relu6, leaky_relu, sigmoid, tanh, hardswish, hardsigmoid, silu, gelu, elu, mish, prelu: "
        "1 per element), LRN (size + 3 per element), batch norm (2 per element), layer norm (5 "
        "per element, 7 with affine), group and instance norm (5 per element, 7 with affine), "
        "scale (1 per element), "
        "element-wise add (inputs − 1 per element), element-wise mul, sub and div (1 per output "
        "element), mean (1 per input element + 1 per output element), max (1 per input "
        "element), softmax (3 per element).");
  const std::string others = conventions().at(1);
  for_each_op_type([&](const auto& o) {
    if (!o.kOtherOps.empty()) CHECK(others.find(std::string(o.kOtherOps)) != std::string::npos);
  });
}

TEST_CASE("ops: the training conventions give every op's backward rule and what it keeps",
          "[ops][derived][training]") {
  ReportOptions opts;
  opts.training = true;
  const std::vector<std::string> text = analysis_conventions(opts);
  REQUIRE(text.size() == 3);
  const std::string& backward = text[1];
  const std::string& saved = text[2];
  CHECK(backward ==
        "Backward: conv, conv_transpose, conv1d, conv3d, fc and linear cost their forward MACs "
        "for the weight "
        "gradient and again for the input gradient; an input gradient is computed only where "
        "the input depends on a trainable parameter (none for the first layer). Other ops: "
        "parameter, flatten, reshape, transpose, slice, shuffle, concat: 0; conv, "
        "conv_transpose, conv1d, conv3d, fc, linear: bias gradient 1 per output element; "
        "maxpool, maxpool1d, maxpool3d: 1 per output element; avgpool, avgpool1d, avgpool3d: "
        "output elements × window; matmul, add: 0, + output − input elements for a broadcast "
        "input; pad: 1 per added element (reflect and edge), 0 (constant); upsample: 1 per output "
        "element, 4 bilinear; relu, relu6, "
        "leaky_relu, dropout: 1 per element; sigmoid, tanh, softmax: 3 per element; hardswish: "
        "4 per element; hardsigmoid, elu: 2 per element; silu: 5 per element; gelu: 6 per "
        "element; mish: 8 per element; prelu: 4 per element (2 when only the slope needs one); "
        "lrn: as its forward; batchnorm: 3 per element (γ/β) + 4 (input); layernorm, "
        "groupnorm, instancenorm: 3 per element (γ/β, when affine) + 8 (input); scale: 1 per "
        "element (input) + 2 (a learned scale); mul, sub: 1 per output element per input, + "
        "output − input elements for a broadcast input; div: 2 per output element per input, + "
        "output − input elements for a broadcast input; mean, max: 1 per input element; an "
        "output read by k ≥ 2 layers sums k − 1 gradients per element.");
  CHECK(saved ==
        "Training memory: saved activations = every tensor a backward rule reads (conv, "
        "conv_transpose, maxpool, conv1d, maxpool1d, conv3d, maxpool3d, fc, linear, matmul, "
        "hardswish, hardsigmoid, silu, gelu, "
        "mish, prelu, lrn, batchnorm, layernorm, groupnorm, instancenorm, mul, div, max: their "
        "input; relu, relu6, leaky_relu, sigmoid, tanh, elu, lrn, dropout, max, softmax: their "
        "output), each once; gradients 1 per trainable parameter; optimizer state per "
        "parameter: sgd 0, momentum 1, adam 2. Optimizer update ops are not counted.");
  // Every op with a backward pass is there with its rule, and named where its
  // backward hook says what it keeps.
  const std::string others = between(backward, "Other ops: ", "; an output read by");
  const std::string kept = between(saved, "(", "), each once");
  int listed = 0;
  for_each_op_type([&](const auto& o) {
    using T = std::decay_t<decltype(o)>;
    const std::string name(T::kName);
    INFO(name);
    if (T::kCategory == Category::kLinear) {
      CHECK(backward.find(name) < backward.find(" cost their forward MACs"));
    }
    if (T::kBackwardOps.empty()) {
      CHECK(rules_of(others, name).empty());
      return;
    }
    ++listed;
    CHECK(rules_of(others, name) == std::vector<std::string>{std::string(T::kBackwardOps)});
    // The sentence states the count the backward hook uses.
    if constexpr (requires { T::kBackwardPerElement; }) {
      CHECK(std::string_view(T::kBackwardOps)
                .starts_with(std::to_string(T::kBackwardPerElement) + " per "));
    }
    const Shape map{{2, 4, 4}};
    std::vector<Shape> in(static_cast<std::size_t>(std::max(T::kMinInputs, 1)), map);
    const Backward b = o.backward(in, map, true);
    std::vector<std::string> keeps;
    if (b.saves_input) keeps.emplace_back("their input");
    if (b.saves_output) keeps.emplace_back("their output");
    CHECK(rules_of(kept, name) == keeps);
  });
  CHECK(listed == 48);
}

TEST_CASE("ops: every Caffe layer type an op declares imports as that op and is supported",
          "[ops][derived][caffe]") {
  const std::string head = "input: \"data\"\ninput_shape { dim: 1 dim: 3 dim: 8 dim: 8 }\n";
  auto import_error = [&](const std::string& layer) -> std::string {
    try {
      analyzed_prototxt(head + layer);
    } catch (const std::runtime_error& e) {  // InputError, InputErrors
      return e.what();
    }
    return "";
  };
  const std::string unsupported =
      import_error("layer { name: \"l\" type: \"NoSuchType\" bottom: \"data\" top: \"l\" }\n");
  CHECK(unsupported.find("NoSuchType 'l': unsupported layer type 'NoSuchType' (supported: ") !=
        std::string::npos);
  int types = 0;
  for_each_op_type([&](const auto& o) {
    using T = std::decay_t<decltype(o)>;
    if constexpr (HasCaffe<T>) {
      for (const CaffeType& t : T::kCaffe) {
        ++types;
        const std::string type(t.type);
        INFO(type);
        CHECK(unsupported.find(" " + type + ",") != std::string::npos);
        // The bare layer: it imports as an op of this kind, or its own
        // translation says what it lacks; never an unsupported type.
        std::string layer = "layer { name: \"l\" type: \"" + type + "\" bottom: \"data\" ";
        if (T::kMinInputs > 1) layer += "bottom: \"data\" ";
        layer += "top: \"l\" }\n";
        const std::string err = import_error(layer);
        if (err.empty()) {
          Network net = analyzed_prototxt(head + layer);
          CHECK(op_category(layer_named(net, "l").op) == T::kCategory);
        } else {
          CHECK(err.find(type + " 'l': ") != std::string::npos);
          CHECK(err.find("unsupported layer type") == std::string::npos);
        }
      }
    }
  });
  CHECK(types == 21);
}
