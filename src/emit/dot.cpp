#include "emit/dot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "emit/diagram_label.hpp"
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

const Totals& block_totals(const Network& net, int b, bool training) {
  return training ? net.blocks[b].training : net.blocks[b].inference;
}

// The node's ID: the full path of its layer or (first) block instance.
std::string node_id(const Network& net, const DiagramNode& n) {
  return n.kind == DiagramNode::Kind::kLayer ? net.layer(n.layer).name : net.blocks[n.block].name;
}

// What --color measures for one node (one instance, for a ×N node).
Count node_measure(const Network& net, const DiagramNode& n, const DiagramOptions& o) {
  Cost c = node_cost(net, n, o.training);
  Count bytes = 0;
  if (n.kind == DiagramNode::Kind::kLayer) {
    bytes = net.layer(n.layer).out_bytes;
    for (Vertex v : n.absorbed) bytes += net.layer(v).out_bytes;
  } else {
    bytes = block_totals(net, n.block, o.training).activation_bytes;
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
  DotWriter(const Network& net, const DiagramOptions& o, const DiagramPlan& plan)
      : net_(net), o_(o), compact_(plan.shape.compact), g_(build_diagram_graph(net, plan.shape)) {
    Count total = network_measure(net, o);
    for (const DiagramNode& n : g_.nodes) {
      // Share of the total, for display: a ×N node stands for N instances.
      double share = total ? static_cast<double>(node_measure(net, n, o)) * n.count /
                                 static_cast<double>(total)
                           : 0.0;
      shares_.push_back(share);
      max_share_ = std::max(max_share_, share);
    }
    for (std::size_t i = 0; i < g_.clusters.size(); ++i) cluster_index_[g_.clusters[i].block] = i;
    for (std::size_t i = 0; i < g_.nodes.size(); ++i) {
      for (int b = g_.nodes[i].cluster; b > 0; b = net.blocks[b].parent) {
        first_.try_emplace(b, static_cast<int>(i));
      }
    }
  }

  std::string write() {
    const Totals& t = net_.totals(o_.training);
    // A no-break space after the bold name: browsers drop a plain one
    // between the SVG text spans Graphviz writes.
    std::string title = "<b>" + html_escape(net_.name) + "</b>" +
                        (net_.title.empty() ? "" : "&#160;— " + html_escape(net_.title));
    out_ = "digraph " + quoted(net_.name) + " {\n";
    // ordering=out keeps each producer's consumers in the order of `from:`.
    // remincross=false: dot's second crossing minimisation over the whole
    // graph with its clusters rotates the branches inside each cluster (an
    // Inception module's 1x1, 3x3, 5x5, pool came out as 5x5, pool, 1x1,
    // 3x3), so the order of the first pass is kept.
    out_ += fmt::format(
        "  graph [rankdir={}, label=<{}<br/>{} params · {} MACs · {}>, labelloc=t, "
        "fontname=\"Helvetica\", fontsize=14, nodesep=0.25, ranksep=0.3, ordering=out, "
        "remincross=false{}];\n",
        o_.left_to_right ? "LR" : "TB", title, number(t.cost.params(), o_.units),
        number(t.cost.macs, o_.units), mode_note(), o_.dpi ? fmt::format(", dpi={}", o_.dpi) : "");
    out_ +=
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", "
        "fontname=\"Helvetica\", fontsize=10];\n"
        "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#555555\", fontcolor=\"#555555\"];\n";
    if (o_.color != DiagramColor::kNone) {
      out_ += "  legend [shape=plaintext, style=\"\", label=<" + legend() + ">];\n";
    }
    write_contents(0, "  ");
    std::vector<std::pair<std::string, std::string>> inside = header_edges();
    // Before the tensors: with ordering=out a producer's first out-edge is
    // its leftmost, so the title sits left of the branches under it.
    for (const auto& [from, to] : entries_) write_invisible(from, to);
    for (const DiagramEdge& e : g_.edges) {
      std::string attrs = compact_ ? "" : "label=\"" + e.shape.str() + "\"";
      if (e.train_only) attrs += std::string(attrs.empty() ? "" : ", ") + "style=dashed";
      out_ += fmt::format("  {} -> {}{};\n", quoted(node_id(net_, g_.nodes[e.from])),
                          quoted(node_id(net_, g_.nodes[e.to])),
                          attrs.empty() ? "" : " [" + attrs + "]");
    }
    for (const auto& [from, to] : inside) write_invisible(from, to);
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
    std::string attrs =
        "label=<" + node_label(net_, n, LabelOptions{o_.training, o_.units, compact_}) + ">";
    if (input) attrs += ", shape=ellipse";
    if (n.kind == DiagramNode::Kind::kBlock) attrs += ", peripheries=2";
    if (n.train_only) attrs += ", style=\"rounded,filled,dashed\"";
    if (o_.color != DiagramColor::kNone && shares_[i] > 0) {
      int level = heat_level(shares_[i], max_share_);
      attrs += fmt::format(", fillcolor=\"{}\"", heat_color(level));
      if (heat_dark(level)) attrs += ", fontcolor=\"#ffffff\"";
    }
    out_ += indent + quoted(node_id(net_, n)) + " [" + attrs +
            ", id=" + quoted("n:" + node_id(net_, n)) + "];\n";
  }

  // A cluster's label is a node at its top, not the cluster's own label:
  // edges entering the cluster are routed around a node but not around a
  // label, and the branches under it start on one rank.
  static std::string header_id(const BlockInstance& b) { return b.name + " (block)"; }

  std::string cluster_title(const DiagramCluster& c) const {
    const BlockInstance& blk = net_.blocks[c.block];
    const Totals& t = block_totals(net_, c.block, o_.training);
    std::string name = html_escape(local_name(blk.name));
    if (c.count > 1) {
      name += fmt::format(" … {} ×{}", html_escape(local_name(net_.blocks[c.last].name)), c.count);
    }
    return fmt::format("<b>{}</b>&#160;[{}]<br/>{}{} params · {} MACs", name,
                       html_escape(blk.definition), c.count > 1 ? "each " : "",
                       number(t.cost.params(), o_.units), number(t.cost.macs, o_.units));
  }

  // The nodes and clusters directly inside block `b`, in order of first node.
  void write_contents(int b, const std::string& indent) {
    std::vector<std::pair<int, int>> items;  // (first node, cluster or -1 - node)
    for (std::size_t i = 0; i < g_.nodes.size(); ++i) {
      if (g_.nodes[i].cluster == b) items.emplace_back(static_cast<int>(i), -1);
    }
    for (const DiagramCluster& c : g_.clusters) {
      if (net_.blocks[c.block].parent == b) items.emplace_back(first_.at(c.block), c.block);
    }
    std::sort(items.begin(), items.end());
    for (auto [node, cluster] : items) {
      if (cluster < 0) {
        write_node(node, indent);
        continue;
      }
      const DiagramCluster& c = g_.clusters[cluster_index_.at(cluster)];
      const BlockInstance& blk = net_.blocks[cluster];
      out_ += indent + "subgraph " + quoted("cluster_" + blk.name) + " {\n";
      out_ += fmt::format(
          "{}  graph [label=\"\", style=\"rounded,filled{}\", fillcolor=\"{}\", "
          "color=\"#999999\", id={}];\n",
          indent, blk.inference.layers == 0 ? ",dashed" : "", cluster_fill(blk.depth),
          quoted("c:" + blk.name));
      out_ +=
          fmt::format("{}  {} [shape=plaintext, style=\"\", fontsize=11, label=<{}>, id={}];\n",
                      indent, quoted(header_id(blk)), cluster_title(c), quoted("h:" + blk.name));
      write_contents(cluster, indent + "  ");
      out_ += indent + "}\n";
    }
  }

  // The cluster's blocks from the outermost: [b, parent, ...] reversed.
  std::vector<int> clusters_of(int b) const {
    std::vector<int> chain;
    for (; b > 0; b = net_.blocks[b].parent) chain.insert(chain.begin(), b);
    return chain;
  }

  void write_invisible(const std::string& from, const std::string& to) {
    out_ += "  " + quoted(from) + " -> " + quoted(to) + " [style=invis, weight=4];\n";
  }

  // Invisible edges that rank each cluster's title: from the node feeding the
  // cluster to the title of the outermost cluster entered (kept in entries_:
  // without them a title could sit beside the end of the cluster before,
  // pushing every cluster right of the last), and, returned, from each title
  // to what enters its cluster first: the nodes fed from outside it, or the
  // titles of the clusters holding them.
  std::vector<std::pair<std::string, std::string>> header_edges() {
    std::vector<std::pair<std::string, std::string>> edges;
    std::set<std::pair<std::string, std::string>> seen;
    auto add = [&](const std::string& from, const std::string& to) {
      if (seen.insert({from, to}).second) edges.emplace_back(from, to);
    };
    std::vector<bool> fed(g_.nodes.size(), false);
    for (const DiagramEdge& e : g_.edges) {
      std::vector<int> src = clusters_of(g_.nodes[e.from].cluster);
      std::vector<int> dst = clusters_of(g_.nodes[e.to].cluster);
      std::size_t k = 0;
      while (k < src.size() && k < dst.size() && src[k] == dst[k]) ++k;
      if (k < dst.size()) {
        std::pair<std::string, std::string> entry{node_id(net_, g_.nodes[e.from]),
                                                  header_id(net_.blocks[dst[k]])};
        if (seen.insert(entry).second) entries_.push_back(entry);
      }
      for (std::size_t j = k; j < dst.size(); ++j) {
        add(header_id(net_.blocks[dst[j]]), j + 1 < dst.size() ? header_id(net_.blocks[dst[j + 1]])
                                                               : node_id(net_, g_.nodes[e.to]));
      }
      fed[e.to] = true;
    }
    for (std::size_t i = 0; i < g_.nodes.size(); ++i) {
      if (fed[i] || !g_.nodes[i].cluster) continue;
      std::vector<int> dst = clusters_of(g_.nodes[i].cluster);
      for (std::size_t j = 0; j < dst.size(); ++j) {
        add(header_id(net_.blocks[dst[j]]),
            j + 1 < dst.size() ? header_id(net_.blocks[dst[j + 1]]) : node_id(net_, g_.nodes[i]));
      }
    }
    return edges;
  }

  const Network& net_;
  const DiagramOptions& o_;
  bool compact_;
  DiagramGraph g_;
  std::vector<double> shares_;
  double max_share_ = 0;
  std::map<int, int> first_;  // cluster → its first node
  std::map<int, std::size_t> cluster_index_;
  std::vector<std::pair<std::string, std::string>> entries_;  // node → title of a cluster it feeds
  std::string out_;
};

}  // namespace

std::vector<std::pair<std::string, std::string>> diagram_node_ids(const Network& net,
                                                                  const DiagramPlan& plan) {
  DiagramGraph g = build_diagram_graph(net, plan.shape);
  std::vector<std::pair<std::string, std::string>> out;
  for (Vertex v : net.order) {
    int n = g.layer_node[v];
    if (n >= 0) out.emplace_back(net.layer(v).name, "n:" + node_id(net, g.nodes[n]));
  }
  return out;
}

std::string emit_dot(const Network& net, const DiagramOptions& opts, const DiagramPlan& plan) {
  return DotWriter(net, opts, plan).write();
}

std::string emit_dot(const Network& net, const DiagramOptions& opts) {
  return emit_dot(net, opts, plan_diagram(net, opts));
}

}  // namespace archcalc
