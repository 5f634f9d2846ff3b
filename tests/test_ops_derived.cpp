// The lists of ops are derived from the op list, not kept by hand: each test
// here walks every op type (ARCHCALC_OPS) and checks what its declarations
// promise, so an op added with one line and one file is covered here too.
#include <catch2/catch.hpp>

#include "emit/report.hpp"
#include "helpers.hpp"
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
// Attributes that ONNX node types need to translate at all (facts about
// ONNX, not about any op): Clip's bounds.
void onnx_bounds(onnx::NodeProto& n, const std::string& type) {
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
  if (with_bounds) onnx_bounds(*n, type);
  g->add_output()->set_name("y");
  Diagnostics diag;
  Network net = import_onnx_bytes(model.SerializeAsString(), "one_node.onnx", OnnxOptions{}, diag);
  analyze(net);
  return net;
}
#endif

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
  CHECK(activations == 5);
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
        "window), activations (relu, relu6, leaky_relu, sigmoid, tanh: 1 per element), LRN (size "
        "+ 3 per element), batch norm (2 per element), element-wise add (inputs − 1 per "
        "element), softmax (3 per element).");
  const std::string others = conventions().at(1);
  for_each_op_type([&](const auto& o) {
    if (!o.kOtherOps.empty()) CHECK(others.find(std::string(o.kOtherOps)) != std::string::npos);
  });
}
