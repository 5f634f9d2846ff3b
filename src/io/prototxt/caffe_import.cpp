#include "io/prototxt/caffe_import.hpp"

#include <filesystem>
#include <map>
#include <set>

#include "io/loader.hpp"
#include "io/name_blocks.hpp"
#include "io/prototxt/caffe_layers.hpp"
#include "io/prototxt/caffe_shaped.hpp"
#include "io/text_check.hpp"

namespace archcalc {

namespace {

using prototxt::CaffeRole;
using prototxt::Field;
using prototxt::Params;

SourcePos value_at(const Field& f) {
  return f.value_pos.line > 0 ? f.value_pos : f.pos;
}

class CaffeImporter {
 public:
  CaffeImporter(std::string file, Diagnostics& diag) : file_(std::move(file)), diag_(diag) {}
  Network run(const Field& root);

 private:
  void top_level_inputs(const Params& net);
  void layer(const Field& f, std::size_t index);
  void add_input(const std::string& blob, std::vector<std::int64_t> dims, const SourcePos& pos,
                 const std::string& what);
  Vertex add_vertex(Layer l);
  Vertex add_op(std::string name, Op op, const std::vector<Vertex>& inputs, const SourcePos& pos,
                bool test);
  Vertex blob(const Field& bottom, const std::string& what);
  const Shape& shape_of(Vertex v);
  bool in_phase(const Params& p, const std::string& phase) const;
  void mark_training_only_branches();

  std::string file_;
  Diagnostics& diag_;
  Network net_;
  std::map<std::string, Vertex> blobs_;  // blob name → its current producer
  std::set<std::string> names_;          // layer names used
  std::map<Vertex, bool> batchnorms_;    // Caffe BatchNorm vertices → followed by Scale
  std::optional<Vertex> output_;         // the last layer written (not training-only)
  bool saw_evaluation_ = false;
  Vertex shaped_ = 0;  // layers below this one have their output shape
};

// The output shape of `v`, computed (with every layer before it) by the ops'
// shape inference, as the shapes pass will.
const Shape& CaffeImporter::shape_of(Vertex v) {
  for (; shaped_ <= v; ++shaped_) {
    Layer& l = net_.layer(shaped_);
    const int n = static_cast<int>(boost::in_degree(shaped_, net_.graph));
    const int lo = op_min_inputs(l.op), hi = op_max_inputs(l.op);
    if (n < lo || (hi != kUnbounded && n > hi)) {
      throw InputError(l.pos, layer_prefix(l) + "takes " + std::to_string(n < lo ? lo : hi) +
                                  (n < lo ? " or more" : "") + " inputs, got " + std::to_string(n));
    }
    try {
      l.out = op_infer(l.op, net_.input_shapes(shaped_));
      l.out.elements();  // countable
    } catch (const OpError& e) {
      throw InputError(l.pos, layer_prefix(l) + e.what());
    }
  }
  return net_.layer(v).out;
}

Vertex CaffeImporter::add_op(std::string name, Op op, const std::vector<Vertex>& inputs,
                             const SourcePos& pos, bool test) {
  Layer l;
  l.name = std::move(name);
  l.op = std::move(op);
  l.pos = pos;
  l.train_only = !test;
  Vertex v = add_vertex(std::move(l));
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    boost::add_edge(inputs[i], v, Tensor{static_cast<int>(i)}, net_.graph);
  }
  if (test) output_ = v;
  return v;
}

Vertex CaffeImporter::add_vertex(Layer l) {
  if (boost::num_vertices(net_.graph) >= LoadLimits::kMaxLayers) {
    throw InputError(
        l.pos, "the network has more than " + std::to_string(LoadLimits::kMaxLayers) + " layers");
  }
  return boost::add_vertex(std::move(l), net_.graph);
}

void CaffeImporter::add_input(const std::string& blob, std::vector<std::int64_t> dims,
                              const SourcePos& pos, const std::string& what) {
  if (dims.size() != 4 && dims.size() != 2) {
    throw InputError(pos, what + "an input shape has " + std::to_string(dims.size()) +
                              " dims; expected 4 (N, C, H, W) or 2 (N, features)");
  }
  dims.erase(dims.begin());  // the batch size: archcalc counts at batch 1
  MapAttrReader attrs(what, pos);
  attrs.set_ints("shape", dims, pos);
  Op op = Input{};
  op_parse(op, attrs);
  Layer l;
  l.name = blob;
  l.op = std::move(op);
  l.pos = pos;
  blobs_[blob] = add_vertex(std::move(l));
  names_.insert(blob);
}

void CaffeImporter::top_level_inputs(const Params& net) {
  auto inputs = net.all("input");
  if (inputs.empty()) return;
  auto shapes = net.all("input_shape");
  auto dims = net.integers("input_dim", 1);
  if (!shapes.empty() && !dims.empty()) {
    net.fail(net.all("input_dim").front(), "give 'input_dim' or 'input_shape', not both");
  }
  if (shapes.empty() && dims.size() != 4 * inputs.size()) {
    net.fail(inputs.front(), "each input needs 4 'input_dim' values (N, C, H, W): " +
                                 std::to_string(inputs.size()) + " input(s), " +
                                 std::to_string(dims.size()) + " values");
  }
  if (!shapes.empty() && shapes.size() != inputs.size()) {
    net.fail(shapes.front(),
             "each input needs one 'input_shape': " + std::to_string(inputs.size()) +
                 " input(s), " + std::to_string(shapes.size()) + " shapes");
  }
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!inputs[i]->quoted) net.fail(inputs[i], "'input' must be a quoted blob name");
    std::vector<std::int64_t> d;
    if (shapes.empty()) {
      d.assign(dims.begin() + static_cast<std::ptrdiff_t>(4 * i),
               dims.begin() + static_cast<std::ptrdiff_t>(4 * i + 4));
    } else {
      d = Params(shapes[i], "", value_at(*shapes[i])).integers("dim", 1);
    }
    add_input(inputs[i]->text, d, value_at(*inputs[i]), "input '" + inputs[i]->text + "': ");
  }
}

bool CaffeImporter::in_phase(const Params& p, const std::string& phase) const {
  auto includes = p.all("include");
  auto excludes = p.all("exclude");
  auto matches = [&](const Field* rule) {
    Params r(rule, p.what(), value_at(*rule));
    return r.word("phase", {"TRAIN", "TEST"}, phase) == phase;
  };
  if (!includes.empty()) {
    for (const Field* f : includes)
      if (matches(f)) return true;
    return false;
  }
  for (const Field* f : excludes)
    if (matches(f)) return false;
  return true;
}

Vertex CaffeImporter::blob(const Field& bottom, const std::string& what) {
  if (!bottom.quoted) {
    throw InputError(value_at(bottom), what + "'bottom' must be a quoted blob name");
  }
  auto it = blobs_.find(bottom.text);
  if (it == blobs_.end()) {
    std::vector<std::string> known;
    for (const auto& [k, v] : blobs_) known.push_back(k);
    std::string best = closest_match(bottom.text, known);
    throw InputError(value_at(bottom), what + "unknown blob '" + bottom.text + "' in 'bottom'" +
                                           (best.empty() ? "" : " (did you mean '" + best + "'?)"));
  }
  return it->second;
}

void CaffeImporter::layer(const Field& f, std::size_t index) {
  if (!f.is_message) throw InputError(f.pos, "'" + f.name + "' must be a message { ... }");
  bool v1 = f.name == "layers";
  const Field* type_field = prototxt::find_last(f.fields, "type");
  const Field* name_field = prototxt::find_last(f.fields, "name");
  std::string name = name_field && !name_field->is_message ? name_field->text : "";
  if (!type_field || type_field->is_message) {
    throw InputError(f.pos, "layer '" + name + "': missing 'type'");
  }
  std::string type = type_field->text;
  if (v1 && !type_field->quoted) {
    type = prototxt::v1_type_name(type_field->text);
    if (type.empty()) type = type_field->text;
  }
  type = prototxt::canonical_type(type);
  if (name.empty()) name = type + "_" + std::to_string(index + 1);
  const std::string what = type + " '" + name + "': ";
  Params p(&f, what, name_field ? value_at(*name_field) : f.pos);
  if (name_field) p.string("name", "");
  bool train = in_phase(p, "TRAIN"), test = in_phase(p, "TEST");

  MapAttrReader attrs(what, value_at(*type_field));
  prototxt::CaffeLayer kind = prototxt::translate_layer(type, *type_field, p, attrs);
  auto bottoms = p.all("bottom");
  auto tops = p.all("top");
  for (const Field* t : tops) {
    if (!t->quoted) p.fail(t, "'top' must be a quoted blob name");
  }
  auto need = [&](std::size_t n_bottom, std::size_t n_top) {
    if (n_bottom != SIZE_MAX && bottoms.size() != n_bottom) {
      p.fail(nullptr, "takes " + std::to_string(n_bottom) + " bottom, got " +
                          std::to_string(bottoms.size()));
    }
    if (tops.size() < n_top) p.fail(nullptr, "missing 'top'");
  };

  switch (kind.role) {
    case CaffeRole::kEvaluation:
      saw_evaluation_ = true;
      return;
    case CaffeRole::kInput: {
      need(0, 1);
      if (blobs_.count(tops[0]->text)) return;  // the same input in another phase
      Params ip(p.message("input_param"), what, p.all("type").back()->pos);
      auto shapes = ip.all("shape");
      // Input: a shape per top. Data and ImageData (as Netscope reads them):
      // shapes for the first tops (the data, not the label), else the crop size.
      if (type == "Input" || !shapes.empty()) {
        if (type == "Input" ? shapes.size() != tops.size() : shapes.size() > tops.size()) {
          p.fail(shapes.empty() ? nullptr : shapes.back(),
                 "needs one input_param { shape { dim: ... } } per top");
        }
        for (std::size_t i = 0; i < shapes.size(); ++i) {
          add_input(tops[i]->text, Params(shapes[i], what, value_at(*shapes[i])).integers("dim", 1),
                    value_at(*shapes[i]), what);
        }
      } else {
        Params tp(p.message("transform_param"), what, value_at(*type_field));
        if (!tp.has("crop_size")) {
          p.fail(type_field,
                 "the input size is unknown: give transform_param { crop_size: N } "
                 "(a 3-channel N×N input)");
        }
        std::int64_t crop = tp.integer("crop_size", std::nullopt, 1);
        add_input(tops[0]->text, {1, 3, crop, crop}, value_at(*tp.all("crop_size").back()), what);
      }
      return;
    }
    default:
      break;
  }
  if (!train && !test) return;
  if (!test) saw_evaluation_ = true;  // a TRAIN-only layer: the file is a training net

  if (kind.role == CaffeRole::kAlias) {
    need(1, 1);
    Vertex v = blob(*bottoms[0], what);
    for (const Field* t : tops) blobs_[t->text] = v;
    return;
  }
  if (kind.role == CaffeRole::kScale) {
    if (bottoms.size() == 2) {
      p.fail(bottoms[1], "a Scale of two bottoms (one blob scaling another) is not supported");
    }
    need(1, 1);
    Vertex v = blob(*bottoms[0], what);
    auto bn = batchnorms_.find(v);
    if (bn != batchnorms_.end() && !bn->second && boost::out_degree(v, net_.graph) == 0) {
      Params sp(p.message("scale_param"), what, value_at(*type_field));
      if (!sp.boolean("bias_term", false)) {
        p.fail(type_field,
               "a Scale after BatchNorm needs scale_param { bias_term: true } "
               "(archcalc's batch norm has both gamma and beta)");
      }
      bn->second = true;
      blobs_[tops[0]->text] = v;
      return;
    }
    kind = prototxt::translate_op(type, *type_field, p, attrs);  // a learned scale of its own
  }
  const SourcePos pos = name_field ? value_at(*name_field) : f.pos;
  if (!names_.insert(name).second) {  // Caffe runs it (FCN's presets have three 'crop' layers)
    std::string renamed;
    for (int k = 2; !names_.insert(renamed = name + "_" + std::to_string(k)).second; ++k) {
    }
    diag_.warn(pos, what + "layer name '" + name + "' is used twice; this one is called '" +
                        renamed + "'");
    name = renamed;
  }
  if (kind.role != CaffeRole::kOp) {  // Slice, Crop, Reshape, Interp: from the input's shape
    const bool crop = kind.role == CaffeRole::kCrop, slice = kind.role == CaffeRole::kSlice;
    need(crop ? 2 : 1, 1);
    if (!slice && tops.size() != 1) p.fail(tops[1], "needs exactly one 'top'");
    std::vector<Shape> shapes;
    for (const Field* b : bottoms) shapes.push_back(shape_of(blob(*b, what)));
    std::vector<std::string> top_names;
    for (const Field* t : tops) top_names.push_back(t->text);
    auto steps =
        prototxt::translate_shaped(kind.role, p, name, value_at(*type_field), shapes, top_names);
    Vertex in = blob(*bottoms[0], what);
    if (steps.empty()) {  // nothing to crop, for this input size
      net_.sized_at_import.push_back(name);
      blobs_[tops[0]->text] = in;
    }
    for (std::size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].name != name && !names_.insert(steps[i].name).second) {
        p.fail(name_field, "layer name '" + steps[i].name + "' is used twice");
      }
      net_.sized_at_import.push_back(steps[i].name);
      Vertex v = add_op(steps[i].name, std::move(steps[i].op), {in}, pos, test);
      if (steps[i].top >= 0) blobs_[tops[static_cast<std::size_t>(steps[i].top)]->text] = v;
      if (i + 1 < steps.size() && steps[i + 1].chained) in = v;
    }
    return;
  }
  // An op.
  if (tops.size() != 1) p.fail(tops.empty() ? nullptr : tops[1], "needs exactly one 'top'");
  for (const Field* b : bottoms) {
    if (!test && b->text == tops[0]->text) {
      p.fail(b,
             "a TRAIN-only layer that writes in place is not supported (the inference net "
             "would read its output)");
    }
  }
  std::vector<Vertex> inputs;
  for (const Field* b : bottoms) inputs.push_back(blob(*b, what));
  Op op = std::move(*kind.op);  // set for every kOp translation
  const bool batchnorm = std::holds_alternative<BatchNorm>(op);
  op_parse(op, attrs);
  Vertex v = add_op(name, std::move(op), inputs, pos, test);
  if (batchnorm) batchnorms_[v] = false;
  blobs_[tops[0]->text] = v;
}

// In a training net (one with loss layers), the layers that do not lead to
// the last layer written (the classifier) are auxiliary branches: training-only.
void CaffeImporter::mark_training_only_branches() {
  if (!saw_evaluation_ || !output_) return;
  std::vector<bool> keep(boost::num_vertices(net_.graph), false);
  std::vector<Vertex> stack{*output_};
  keep[*output_] = true;
  while (!stack.empty()) {
    Vertex v = stack.back();
    stack.pop_back();
    for (auto [e, end] = boost::in_edges(v, net_.graph); e != end; ++e) {
      Vertex u = boost::source(*e, net_.graph);
      if (!keep[u]) {
        keep[u] = true;
        stack.push_back(u);
      }
    }
  }
  for (auto [v, end] = boost::vertices(net_.graph); v != end; ++v) {
    if (!keep[*v] && !std::holds_alternative<Input>(net_.layer(*v).op)) {
      net_.layer(*v).train_only = true;
    }
  }
}

Network CaffeImporter::run(const Field& root) {
  net_.file = file_;
  net_.name = std::filesystem::path(file_).stem().string();
  Params top(&root, "", SourcePos{file_, 1, 1});
  net_.title = top.string("name", "");
  top_level_inputs(top);
  std::size_t index = 0;
  for (const auto& f : root.fields) {
    if (f.name == "layer" || f.name == "layers") {
      try {
        layer(f, index++);
      } catch (InputError& e) {
        diag_.error(std::move(e));
        diag_.throw_if_errors();
      }
    }
  }
  if (boost::num_vertices(net_.graph) == 0) {
    throw InputError(SourcePos{file_, 1, 1},
                     "no input: give 'input' with 'input_dim' or "
                     "'input_shape', or an Input layer");
  }
  for (const auto& [v, scaled] : batchnorms_) {
    if (!scaled) {
      const Layer& l = net_.layer(v);
      throw InputError(l.pos, "BatchNorm '" + l.name +
                                  "': not followed by a Scale layer (archcalc counts Caffe's "
                                  "BatchNorm + Scale pair as one batch norm with gamma and beta)");
    }
  }
  blocks_from_name_paths(net_);
  mark_training_only_branches();
  Vertex last = static_cast<Vertex>(boost::num_vertices(net_.graph) - 1);
  net_.blocks[0].output = output_ ? *output_ : last;
  return std::move(net_);
}

}  // namespace

Network import_caffe_text(std::string_view text, const std::string& file, Diagnostics& diag) {
  if (text.size() > LoadLimits::kMaxFileBytes) {
    throw InputError(SourcePos{file, 0, 0}, "file larger than 16 MiB");
  }
  check_text(text, file);
  prototxt::Field root;
  root.is_message = true;
  root.fields = prototxt::parse_text_format(text, file);
  if (root.fields.empty()) throw InputError(SourcePos{file, 1, 1}, "the file is empty");
  return CaffeImporter(file, diag).run(root);
}

}  // namespace archcalc
