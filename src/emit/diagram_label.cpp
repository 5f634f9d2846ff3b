#include "emit/diagram_label.hpp"

#include <fmt/format.h>

#include "emit/diagram_style.hpp"
#include "emit/format.hpp"

namespace archcalc {

std::string local_name(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

namespace {

// "conv 1×7 + bn + relu": the op and what is drawn inside it.
std::string op_line(const Network& net, Vertex principal, const std::vector<Vertex>& absorbed) {
  std::string out = op_label(net.layer(principal).op);
  for (Vertex v : absorbed) {
    const Op& op = net.layer(v).op;
    out += " + " + (op_name(op) == "batchnorm" ? std::string("bn") : op_label(op));
  }
  return html_escape(out);
}

// Lines giving params and MACs, each shown when not zero.
std::string cost_lines(const Cost& c, bool units, const char* prefix) {
  std::string out;
  if (c.params()) out += fmt::format("<br/>{}{} params", prefix, number(c.params(), units));
  if (c.macs) out += fmt::format("<br/>{}{} MACs", prefix, number(c.macs, units));
  return out;
}

}  // namespace

Shape node_shape(const Network& net, const DiagramNode& n) {
  if (n.kind == DiagramNode::Kind::kLayer) {
    return net.layer(n.absorbed.empty() ? n.layer : n.absorbed.back()).out;
  }
  const auto& out = net.blocks[n.block].output;
  return out ? net.layer(*out).out : Shape{};
}

Cost node_cost(const Network& net, const DiagramNode& n, bool training) {
  if (n.kind == DiagramNode::Kind::kBlock) {
    return (training ? net.blocks[n.block].training : net.blocks[n.block].inference).cost;
  }
  Cost c = net.layer(n.layer).cost;
  for (Vertex v : n.absorbed) c += net.layer(v).cost;
  return c;
}

std::string node_label(const Network& net, const DiagramNode& n, const LabelOptions& o) {
  std::string shape = node_shape(net, n).str();
  Cost cost = node_cost(net, n, o.training);
  if (n.kind == DiagramNode::Kind::kLayer) {
    const Layer& l = net.layer(n.layer);
    std::string out = "<b>" + html_escape(local_name(l.name)) + "</b>";
    if (!std::holds_alternative<Input>(l.op)) out += "<br/>" + op_line(net, n.layer, n.absorbed);
    return out + "<br/>" + shape + cost_lines(cost, o.units, "");
  }
  const BlockInstance& b = net.blocks[n.block];
  const Totals& t = o.training ? b.training : b.inference;
  std::string name = html_escape(local_name(b.name));
  if (n.count > 1) {
    name += fmt::format(" … {} ×{}", html_escape(local_name(net.blocks[n.last].name)), n.count);
  }
  std::string out = "<b>" + name + "</b>";
  if (n.principal) out += "<br/>" + op_line(net, *n.principal, n.absorbed);
  if (!n.principal || !o.compact) {
    out += fmt::format("<br/>[{}]{} · {} layers{}", html_escape(b.definition),
                       n.count > 1 ? fmt::format(" ×{}", n.count) : "", t.layers,
                       n.count > 1 ? " each" : "");
  }
  return out + "<br/>" + shape + cost_lines(cost, o.units, n.count > 1 ? "each " : "");
}

}  // namespace archcalc
