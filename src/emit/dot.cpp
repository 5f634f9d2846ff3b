#include "emit/dot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "emit/diagram_graph.hpp"
#include "emit/diagram_style.hpp"
#include "emit/format.hpp"
#include "emit/report.hpp"

namespace archcalc {

std::optional<DiagramColor> parse_diagram_color(std::string_view name) {
  if (name == "none") return DiagramColor::kNone;
  if (name == "macs") return DiagramColor::kMacs;
  if (name == "params") return DiagramColor::kParams;
  if (name == "memory") return DiagramColor::kMemory;
  return std::nullopt;
}

namespace {

// A DOT double-quoted ID.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string local_name(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

const Totals& block_totals(const Network& net, int b, bool training) {
  return training ? net.blocks[b].training : net.blocks[b].inference;
}

// The node's ID: the full path of its layer or (first) block instance.
std::string node_id(const Network& net, const DiagramNode& n) {
  return n.kind == DiagramNode::Kind::kLayer ? net.layer(n.layer).name : net.blocks[n.block].name;
}

// Lines giving params and MACs, each shown when not zero.
std::string cost_lines(const Cost& c, bool units, const char* prefix) {
  std::string out;
  if (c.params()) out += fmt::format("<br/>{}{} params", prefix, number(c.params(), units));
  if (c.macs) out += fmt::format("<br/>{}{} MACs", prefix, number(c.macs, units));
  return out;
}

std::string node_label(const Network& net, const DiagramNode& n, const DiagramOptions& o) {
  if (n.kind == DiagramNode::Kind::kLayer) {
    const Layer& l = net.layer(n.layer);
    std::string out = "<b>" + html_escape(local_name(l.name)) + "</b>";
    if (!std::holds_alternative<Input>(l.op)) out += "<br/>" + html_escape(op_label(l.op));
    return out + "<br/>" + l.out.str() + cost_lines(l.cost, o.units, "");
  }
  const BlockInstance& b = net.blocks[n.block];
  const Totals& t = block_totals(net, n.block, o.training);
  std::string shape = b.output ? net.layer(*b.output).out.str() : "";
  if (n.count == 1) {
    return fmt::format("<b>{}</b><br/>[{}] · {} layers<br/>{}{}", html_escape(local_name(b.name)),
                       html_escape(b.definition), t.layers, shape, cost_lines(t.cost, o.units, ""));
  }
  return fmt::format(
      "<b>{} … {} ×{}</b><br/>[{}] ×{} · {} layers each<br/>{}{}", html_escape(local_name(b.name)),
      html_escape(local_name(net.blocks[n.last].name)), n.count, html_escape(b.definition), n.count,
      t.layers, shape, cost_lines(t.cost, o.units, "each "));
}

// What --color measures for one node (one instance, for a ×N node).
Count node_measure(const Network& net, const DiagramNode& n, const DiagramOptions& o) {
  Cost c;
  Count bytes = 0;
  if (n.kind == DiagramNode::Kind::kLayer) {
    c = net.layer(n.layer).cost;
    bytes = net.layer(n.layer).out_bytes;
  } else {
    const Totals& t = block_totals(net, n.block, o.training);
    c = t.cost;
    bytes = t.activation_bytes;
  }
  switch (o.color) {
    case DiagramColor::kMacs:
      return c.macs;
    case DiagramColor::kParams:
      return c.params();
    case DiagramColor::kMemory:
      return bytes;
    case DiagramColor::kNone:
      break;
  }
  return 0;
}

Count network_measure(const Network& net, const DiagramOptions& o) {
  const Totals& t = net.totals(o.training);
  switch (o.color) {
    case DiagramColor::kMacs:
      return t.cost.macs;
    case DiagramColor::kParams:
      return t.cost.params();
    case DiagramColor::kMemory:
      return t.activation_bytes;
    case DiagramColor::kNone:
      break;
  }
  return 0;
}

class DotWriter {
 public:
  DotWriter(const Network& net, const DiagramOptions& o)
      : net_(net), o_(o), g_(build_diagram_graph(net, o.depth, o.training, o.fold_repeats)) {
    Count total = network_measure(net, o);
    for (const DiagramNode& n : g_.nodes) {
      // Share of the total, for display: a ×N node stands for N instances.
      double share = total ? static_cast<double>(node_measure(net, n, o)) * n.count /
                                 static_cast<double>(total)
                           : 0.0;
      shares_.push_back(share);
      max_share_ = std::max(max_share_, share);
    }
    for (std::size_t i = 0; i < g_.nodes.size(); ++i) {
      for (int b = g_.nodes[i].cluster; b > 0; b = net.blocks[b].parent) {
        first_.try_emplace(b, static_cast<int>(i));
      }
    }
  }

  std::string write() {
    const Totals& t = net_.totals(o_.training);
    std::string title = "<b>" + html_escape(net_.name) + "</b>" +
                        (net_.title.empty() ? "" : " — " + html_escape(net_.title));
    out_ = "digraph " + quoted(net_.name) + " {\n";
    out_ += fmt::format(
        "  graph [rankdir={}, label=<{}<br/>{} params · {} MACs · {}>, labelloc=t, "
        "fontname=\"Helvetica\", fontsize=14, nodesep=0.25, ranksep=0.3];\n",
        o_.left_to_right ? "LR" : "TB", title, number(t.cost.params(), o_.units),
        number(t.cost.macs, o_.units), mode_note());
    out_ +=
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", "
        "fontname=\"Helvetica\", fontsize=10];\n"
        "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#555555\", fontcolor=\"#555555\"];\n";
    if (o_.color != DiagramColor::kNone) {
      out_ += "  legend [shape=plaintext, style=\"\", label=<" + legend() + ">];\n";
    }
    write_contents(0, "  ");
    for (const DiagramEdge& e : g_.edges) {
      out_ += fmt::format("  {} -> {} [label=\"{}\"{}];\n", quoted(node_id(net_, g_.nodes[e.from])),
                          quoted(node_id(net_, g_.nodes[e.to])), e.shape.str(),
                          e.train_only ? ", style=dashed" : "");
    }
    return out_ + "}\n";
  }

 private:
  std::string mode_note() const {
    if (training_only_totals(net_).layers == 0) return "inference";
    return o_.training ? "training (dashed: training-only layers)"
                       : "inference (training-only layers left out)";
  }

  // The legend of --color: one row per shade, with the share it stands for.
  std::string legend() const {
    static const char* kWhat[] = {"", "MACs", "params", "activation memory"};
    std::string rows = fmt::format(
        "<tr><td colspan=\"2\"><b>share of {}</b></td></tr>"
        "<tr><td bgcolor=\"#ffffff\">  </td><td align=\"left\">0</td></tr>",
        kWhat[static_cast<int>(o_.color)]);
    for (int level = 1; level <= kHeatLevels; ++level) {
      rows += fmt::format("<tr><td bgcolor=\"{}\">  </td><td align=\"left\">≤ {:.2f}%</td></tr>",
                          heat_color(level), 100.0 * max_share_ * level / kHeatLevels);
    }
    return "<table border=\"0\" cellborder=\"1\" cellspacing=\"0\" cellpadding=\"3\">" + rows +
           "</table>";
  }

  void write_node(int i, const std::string& indent) {
    const DiagramNode& n = g_.nodes[i];
    bool input = n.kind == DiagramNode::Kind::kLayer &&
                 std::holds_alternative<Input>(net_.layer(n.layer).op);
    std::string attrs = "label=<" + node_label(net_, n, o_) + ">";
    if (input) attrs += ", shape=ellipse";
    if (n.kind == DiagramNode::Kind::kBlock) attrs += ", peripheries=2";
    if (n.train_only) attrs += ", style=\"rounded,filled,dashed\"";
    if (o_.color != DiagramColor::kNone && shares_[i] > 0) {
      int level = heat_level(shares_[i], max_share_);
      attrs += fmt::format(", fillcolor=\"{}\"", heat_color(level));
      if (heat_dark(level)) attrs += ", fontcolor=\"#ffffff\"";
    }
    out_ += indent + quoted(node_id(net_, n)) + " [" + attrs + "];\n";
  }

  // The nodes and clusters directly inside block `b`, in order of first node.
  void write_contents(int b, const std::string& indent) {
    std::vector<std::pair<int, int>> items;  // (first node, cluster or -1 - node)
    for (std::size_t i = 0; i < g_.nodes.size(); ++i) {
      if (g_.nodes[i].cluster == b) items.emplace_back(static_cast<int>(i), -1);
    }
    for (int c : g_.clusters) {
      if (net_.blocks[c].parent == b) items.emplace_back(first_.at(c), c);
    }
    std::sort(items.begin(), items.end());
    for (auto [node, cluster] : items) {
      if (cluster < 0) {
        write_node(node, indent);
        continue;
      }
      const BlockInstance& blk = net_.blocks[cluster];
      const Totals& t = block_totals(net_, cluster, o_.training);
      out_ += indent + "subgraph " + quoted("cluster_" + blk.name) + " {\n";
      out_ += fmt::format(
          "{}  graph [label=<<b>{}</b> [{}]<br/>{} params · {} MACs>, labeljust=l, fontsize=11, "
          "style=\"rounded,filled{}\", fillcolor=\"{}\", color=\"#999999\"];\n",
          indent, html_escape(local_name(blk.name)), html_escape(blk.definition),
          number(t.cost.params(), o_.units), number(t.cost.macs, o_.units),
          blk.inference.layers == 0 ? ",dashed" : "", cluster_fill(blk.depth));
      write_contents(cluster, indent + "  ");
      out_ += indent + "}\n";
    }
  }

  const Network& net_;
  const DiagramOptions& o_;
  DiagramGraph g_;
  std::vector<double> shares_;
  double max_share_ = 0;
  std::map<int, int> first_;  // cluster → its first node
  std::string out_;
};

}  // namespace

std::string emit_dot(const Network& net, const DiagramOptions& opts) {
  return DotWriter(net, opts).write();
}

}  // namespace archcalc
