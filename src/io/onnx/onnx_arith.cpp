// Arithmetic with a constant operand (a scalar: a scale; a learned tensor:
// a parameter layer, in onnx_import.cpp's generic path), the matrix products
// (MatMul of two activations; of an activation and a weight: a linear layer)
// and Einsum where it is a matrix product.
#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "io/onnx/onnx_importer.hpp"

namespace archcalc::onnx_import {

namespace {

// The other operand of a binary node with one activation, when it is a
// constant of one element: its value.
std::optional<double> scalar_operand(Importer& im, const onnx::NodeProto& n, int& data) {
  if (n.input_size() != 2) return std::nullopt;
  data = im.act(n.input(0)) ? 0 : 1;
  if (!im.act(n.input(data)) || im.act(n.input(1 - data))) return std::nullopt;
  auto c = im.values_.constant(n.input(1 - data));
  if (!c || c->size() != 1) return std::nullopt;
  return c->v[0];
}

Act matmul(Importer& im, const onnx::NodeProto& n, Act a, Act b, bool transpose_b) {
  if (a.folded != b.folded) {
    a = im.to_folded(a, im.layer_name(n, "_a"));
    b = im.to_folded(b, im.layer_name(n, "_b"));
  }
  if (im.shape(a).rank() != im.shape(b).rank()) {
    im.fail("a product of tensors of different ranks (" + im.shape(a).str() + " and " +
            im.shape(b).str() + ")");
  }
  MatMul m;
  m.transpose_b = transpose_b;
  return im.emit(im.layer_name(n), std::move(m), {a, b}, a.folded);
}

Act linear(Importer& im, const onnx::NodeProto& n, const Act& x, const std::string& weight) {
  auto w = im.values_.dims(weight);
  if (!w || w->size() != 2 || !known_dims(*w)) {
    im.fail("the weight '" + weight + "' has no known 2-D shape");
  }
  if (im.shape(x).dims.back() != (*w)[0]) {
    im.fail("the weight '" + weight + "' is [" + std::to_string((*w)[0]) + ", " +
            std::to_string((*w)[1]) + "], the input's last axis " +
            std::to_string(im.shape(x).dims.back()));
  }
  Linear l;
  l.out = (*w)[1];
  l.bias = false;
  return im.emit(im.layer_name(n), std::move(l), {x}, x.folded);
}

}  // namespace

bool Importer::arith(const onnx::NodeProto& n) {
  const std::string& t = n.op_type();
  if (t == "Mul" || t == "Div" || t == "Sub" || t == "Add") {
    if (t == "Add" && fold_bias(n)) return true;
    int data = 0;
    auto c = scalar_operand(*this, n, data);
    if (!c) return false;
    const Act x = *act(n.input(data));
    if (t == "Add" || t == "Sub") {
      if (*c == 0) {
        bind(n.output(0), x);
        return true;
      }
      fail("adding a constant scalar outside a pattern archcalc recognizes (layer norm, GELU)");
    }
    if (t == "Div" && data == 1) fail("dividing a constant by an activation");
    if (t == "Div" && *c == 0) fail("a division by zero");
    Scale s;
    s.factor = t == "Mul" ? *c : 1.0 / *c;
    if (!(std::fabs(s.factor) <= 1e6)) fail("a scale factor past ±1e6");
    bind(n.output(0), emit(layer_name(n), std::move(s), {x}, x.folded));
    return true;
  }
  if (t == "MatMul" && n.input_size() == 2) {
    const Act* a = act(n.input(0));
    const Act* b = act(n.input(1));
    if (!a) return false;
    if (b) {
      bind(n.output(0), matmul(*this, n, *a, *b, false));
      return true;
    }
    if (shape(*a).rank() < 2 && !a->folded) return false;  // an fc on [N, features]
    bind(n.output(0), linear(*this, n, *a, n.input(1)));
    return true;
  }
  if (t == "Gemm" && n.input_size() >= 2) {
    const Act* a = act(n.input(0));
    if (!a || act(n.input(1)) || (shape(*a).rank() < 2 && !a->folded)) return false;
    // On tokens (a reshape folded them into the batch axis): a linear layer.
    if (const auto* ta = attribute(n, "transA"); ta && ta->i() != 0)
      fail("transA is not supported");
    const auto* tb = attribute(n, "transB");
    auto w = values_.dims(n.input(1));
    if (!w || w->size() != 2 || !known_dims(*w)) {
      fail("the weight '" + n.input(1) + "' has no known 2-D shape");
    }
    const bool trans = tb && tb->i() != 0;
    const std::int64_t in = trans ? (*w)[1] : (*w)[0];
    if (shape(*a).dims.back() != in) fail("the weight does not fit the input's last axis");
    Linear l;
    l.out = trans ? (*w)[0] : (*w)[1];
    l.bias = n.input_size() > 2 && !n.input(2).empty();
    if (l.bias) {
      auto b = values_.dims(n.input(2));
      if (!b ||
          std::accumulate(b->begin(), b->end(), std::int64_t{1}, std::multiplies<>()) != l.out)
        fail("the bias '" + n.input(2) + "' does not hold one value per output");
    }
    bind(n.output(0), emit(layer_name(n), std::move(l), {*a}, a->folded));
    return true;
  }
  if (t == "Einsum") {
    const auto* eq = attribute(n, "equation");
    if (!eq || n.input_size() != 2) fail("an Einsum other than of two operands");
    std::string e;
    for (char ch : eq->s()) {
      if (ch != ' ') e += ch;
    }
    const auto comma = e.find(','), arrow = e.find("->");
    if (comma == std::string::npos || arrow == std::string::npos || arrow < comma) {
      fail("the equation '" + eq->s() + "' is not 'a,b->c'");
    }
    const std::string l = e.substr(0, comma), r = e.substr(comma + 1, arrow - comma - 1),
                      o = e.substr(arrow + 2);
    const Act* a = act(n.input(0));
    const Act* b = act(n.input(1));
    // A batched product: the leading letters shared, a [..., m, k] · b [..., k, n] (or b [..., n,
    // k]).
    const std::size_t k = l.size();
    if (a && b && k >= 2 && r.size() == k && o.size() == k &&
        l.substr(0, k - 2) == r.substr(0, k - 2) && o.substr(0, k - 2) == l.substr(0, k - 2) &&
        o[k - 2] == l[k - 2]) {
      const char m = l[k - 2], kk = l[k - 1];
      if (r[k - 2] == kk && o[k - 1] == r[k - 1] && r[k - 1] != m) {
        bind(n.output(0), matmul(*this, n, *a, *b, false));
        return true;
      }
      if (r[k - 1] == kk && o[k - 1] == r[k - 2] && r[k - 2] != m) {
        bind(n.output(0), matmul(*this, n, *a, *b, true));
        return true;
      }
    }
    fail("the equation '" + eq->s() + "' is not a matrix product archcalc counts");
  }
  return false;
}

}  // namespace archcalc::onnx_import
