// Diagrams at any size: runs of identical blocks drawn once at every depth,
// compact nodes, the depth chosen to stay readable, and the layout Graphviz
// makes of it (read back in its "plain" format): branches in the order of
// `from:` starting on one rank, no edge across a cluster's title, the same
// bytes from run to run.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "emit/diagram_graph.hpp"
#include "emit/dot.hpp"
#include "helpers.hpp"
#include "passes/liveness.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

// Graphviz's plain output: node centres and sizes, edge control points (inches).
struct Plain {
  struct Box {
    double x, y, w, h;
  };
  std::map<std::string, Box> nodes;
  struct Edge {
    std::string from, to, style;
    std::vector<std::pair<double, double>> points;
  };
  std::vector<Edge> edges;
  double width = 0, height = 0;
};

std::vector<std::string> tokens(const std::string& line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (line[i] == ' ') {
      ++i;
    } else if (line[i] == '"') {
      std::string t;
      for (++i; i < line.size() && line[i] != '"'; ++i) {
        if (line[i] == '\\' && i + 1 < line.size()) ++i;
        t += line[i];
      }
      ++i;
      out.push_back(t);
    } else {
      auto end = line.find(' ', i);
      if (end == std::string::npos) end = line.size();
      out.push_back(line.substr(i, end - i));
      i = end;
    }
  }
  return out;
}

Plain layout(const std::string& dot) {
  Plain p;
  std::istringstream in(render_graphviz(dot, "plain"));
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> t = tokens(line);
    if (t.empty()) continue;
    if (t[0] == "graph") {
      p.width = std::stod(t[2]);
      p.height = std::stod(t[3]);
    } else if (t[0] == "node") {
      p.nodes[t[1]] = {std::stod(t[2]), std::stod(t[3]), std::stod(t[4]), std::stod(t[5])};
    } else if (t[0] == "edge") {
      Plain::Edge e{t[1], t[2], t[t.size() - 2], {}};
      int n = std::stoi(t[3]);
      for (int i = 0; i < n; ++i)
        e.points.emplace_back(std::stod(t[4 + 2 * i]), std::stod(t[5 + 2 * i]));
      p.edges.push_back(e);
    }
  }
  return p;
}

// Points along an edge's B-spline (cubic Bézier pieces), 20 per piece.
std::vector<std::pair<double, double>> samples(const Plain::Edge& e) {
  std::vector<std::pair<double, double>> out;
  for (std::size_t i = 0; i + 3 < e.points.size(); i += 3) {
    for (int k = 0; k <= 20; ++k) {
      double t = k / 20.0, u = 1 - t;
      double a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
      out.emplace_back(a * e.points[i].first + b * e.points[i + 1].first +
                           c * e.points[i + 2].first + d * e.points[i + 3].first,
                       a * e.points[i].second + b * e.points[i + 1].second +
                           c * e.points[i + 2].second + d * e.points[i + 3].second);
    }
  }
  return out;
}

// How many visible edges pass through a cluster's title.
int edges_across_titles(const Plain& p) {
  int crossing = 0;
  for (const auto& e : p.edges) {
    if (e.style == "invis") continue;
    bool crosses = false;
    for (const auto& [name, b] : p.nodes) {
      if (name.size() < 8 || name.substr(name.size() - 8) != " (block)") continue;
      for (auto [x, y] : samples(e)) {
        if (std::abs(x - b.x) < b.w / 2 - 0.02 && std::abs(y - b.y) < b.h / 2 - 0.02) {
          crosses = true;
        }
      }
    }
    crossing += crosses;
  }
  return crossing;
}

const char* kChain = R"(
name: chain
input: [8, 4, 4]
blocks:
  res:
    args: [n]
    layers:
      - {name: conv, op: conv, out: $n, kernel: 3, pad: 1, bias: false}
      - {name: bn, op: batchnorm, act: relu}
      - {name: add, op: add, from: [bn_relu, input]}
layers:
  - {name: b, block: res, args: [8], repeat: 3}
  - {name: pool, op: avgpool, global: true}
)";

}  // namespace

TEST_CASE("diagram: a run of identical unfolded blocks is one cluster marked ×3", "[dot]") {
  Network net = analyzed_text(kChain, "chain.yaml");
  DiagramOptions o;
  o.depth = -1;
  o.compact = false;
  std::string dot = emit_dot(net, o);
  // conv 3×3 8→8 without bias on 4×4: 576 weights, 9,216 MACs; bn 16 params.
  CHECK_THAT(dot, Catch::Contains("label=<<b>b_1 … b_3 ×3</b>&#160;[res]<br/>each 592 params · "
                                  "9,216 MACs>, id=\"h:b_1\"];"));
  CHECK_THAT(dot, Catch::Contains("\"b_1/add\" -> \"pool\" [label=\"8×4×4\"];"));
  CHECK(dot.find("b_2") == std::string::npos);
  CHECK(dot.find("b_3/") == std::string::npos);
  o.fold_repeats = false;
  dot = emit_dot(net, o);
  CHECK_THAT(dot, Catch::Contains("\"b_2/add\" -> \"b_3/conv\" [label=\"8×4×4\"];"));
}

TEST_CASE("diagram: compact draws batch norm and activation inside their input's node", "[dot]") {
  Network net = analyzed_text(kChain, "chain.yaml");
  DiagramOptions o;
  o.depth = -1;
  o.compact = true;
  o.fold_repeats = false;
  std::string dot = emit_dot(net, o);
  // 576 + 16 params; the edge carries no shape (the node shows it).
  CHECK_THAT(dot,
             Catch::Contains("\"b_1/conv\" [label=<<b>conv</b><br/>conv 3×3 + bn + relu"
                             "<br/>8×4×4<br/>592 params<br/>9,216 MACs>, id=\"n:b_1/conv\"];"));
  CHECK_THAT(dot, Catch::Contains("  \"b_1/conv\" -> \"b_1/add\";\n"));
  CHECK(dot.find("\"b_1/bn\"") == std::string::npos);
  CHECK(dot.find("\"b_1/bn_relu\"") == std::string::npos);
}

TEST_CASE("diagram: a folded conv + batch norm block shows its kernel (Inception-v4's 1×7, 7×1)",
          "[dot]") {
  Network net = analyzed_file("architectures/inception_v4.yaml");
  DiagramOptions o;
  o.depth = -1;
  std::string dot = emit_dot(net, o);
  // Compact by default (more than 50 layers): conv_bn blocks are one node each.
  // 1×7 and 7×1, 64→64 on 73×73, cost the same (64·64·7 + 128 params,
  // 73·73·64·448 MACs) but are not a run of identical blocks.
  CHECK_THAT(dot, Catch::Contains("\"stem/mixed_4a_b1_2\" [label=<<b>mixed_4a_b1_2</b><br/>conv "
                                  "1×7 + bn + relu<br/>64×73×73<br/>28,800 params<br/>"
                                  "152,793,088 MACs>, peripheries=2"));
  CHECK_THAT(dot, Catch::Contains("<b>mixed_4a_b1_3</b><br/>conv 7×1 + bn + relu<br/>64×73×73"));
  // Folded by depth, the block keeps its definition line too.
  o.depth = 1;
  o.compact = false;
  dot = emit_dot(net, o);
  CHECK_THAT(dot, Catch::Contains("<b>mixed_4a_b1_2</b><br/>conv 1×7 + bn + relu<br/>[conv_bn] · "
                                  "3 layers<br/>64×73×73"));
}

TEST_CASE("diagram: without --depth the deepest readable nesting is chosen and said", "[dot]") {
  struct Case {
    const char* file;
    int depth;  // chosen; -1: every block unfolded
    std::size_t nodes;
  };
  for (Case c :
       {Case{"architectures/vgg16.yaml", -1, 40}, Case{"architectures/googlenet.yaml", -1, 86},
        Case{"architectures/resnet50.yaml", -1, 41},
        Case{"architectures/inception_v4.yaml", -1, 67},
        Case{"architectures/inception_resnet_v2.yaml", 1, 61}}) {
    INFO(c.file);
    Network net = analyzed_file(c.file);
    DiagramPlan plan = plan_diagram(net, DiagramOptions{});
    CHECK(plan.shape.depth == c.depth);
    DiagramGraph g = build_diagram_graph(net, plan.shape);
    CHECK(g.nodes.size() <= static_cast<std::size_t>(kReadableNodes));
    CHECK(longest_path(g) <= kReadablePath);
    if (c.nodes) CHECK(g.nodes.size() == c.nodes);
  }
}

TEST_CASE("diagram: identical modules keep their branches on one rank, in the order of from:",
          "[dot][svg]") {
  Network net = analyzed_file("architectures/googlenet.yaml");
  for (bool compact : {false, true}) {
    INFO("compact " << compact);
    DiagramOptions o;
    o.depth = -1;
    o.compact = compact;
    Plain p = layout(emit_dot(net, o));
    for (const char* m : {"inception_3a", "inception_4a", "inception_4b", "inception_4e"}) {
      INFO(m);
      std::string b = m;
      const Plain::Box& one = p.nodes.at(b + "/1x1");
      const Plain::Box& three = p.nodes.at(b + "/3x3_reduce");
      const Plain::Box& five = p.nodes.at(b + "/5x5_reduce");
      const Plain::Box& pool = p.nodes.at(b + "/pool");
      // Left to right as the concat lists them, with separate activation
      // nodes and compact ones alike; every branch starts at one height.
      CHECK(one.x < three.x);
      CHECK(three.x < five.x);
      CHECK(five.x < pool.x);
      CHECK(one.y == three.y);
      CHECK(three.y == five.y);
      CHECK(five.y == pool.y);
    }
    CHECK(edges_across_titles(p) == 0);
  }
}

// Each node's consumers, in the order the DOT lists its visible out-edges
// (the order of `from:`).
std::map<std::string, std::vector<std::string>> out_edges(const std::string& dot) {
  std::map<std::string, std::vector<std::string>> succ;
  std::istringstream in(dot);
  for (std::string line; std::getline(in, line);) {
    if (line.find(" -> ") == std::string::npos || line.find("invis") != std::string::npos) continue;
    std::size_t a = line.find('"'), b = line.find('"', a + 1);
    std::size_t c = line.find('"', b + 1), d = line.find('"', c + 1);
    succ[line.substr(a + 1, b - a - 1)].push_back(line.substr(c + 1, d - c - 1));
  }
  return succ;
}

TEST_CASE("diagram: a fan-out's branches keep the order of from: in every Inception network",
          "[dot][svg]") {
  // Before dot's second crossing minimisation was turned off, compact
  // GoogLeNet drew all 9 of its fan-outs out of order, Inception-v4 7 of 10,
  // Inception-v3 at depth 2 all 12, Inception-ResNet-v2 4 of 6.
  struct Case {
    const char* file;
    std::optional<int> depth;  // none: the depth the CLI chooses
    int fanouts;
  };
  for (const Case& c : {Case{"architectures/googlenet.yaml", std::nullopt, 9},
                        Case{"architectures/inception_v4.yaml", std::nullopt, 10},
                        Case{"architectures/inception_v3.yaml", 2, 12},
                        Case{"architectures/inception_resnet_v2.yaml", std::nullopt, 6}}) {
    INFO(c.file);
    Network net = analyzed_file(c.file);
    DiagramOptions o;
    o.depth = c.depth;
    std::string dot = emit_dot(net, o);
    Plain p = layout(dot);
    int fanouts = 0, out_of_order = 0;
    for (const auto& [from, to] : out_edges(dot)) {
      std::map<double, std::vector<double>> by_rank;  // y → the x of each, in listed order
      for (const std::string& t : to) {
        auto it = p.nodes.find(t);
        if (it != p.nodes.end()) by_rank[it->second.y].push_back(it->second.x);
      }
      for (const auto& [y, xs] : by_rank) {
        if (xs.size() < 2) continue;
        ++fanouts;
        out_of_order += !std::is_sorted(xs.begin(), xs.end());
      }
    }
    CHECK(fanouts == c.fanouts);
    CHECK(out_of_order == 0);
  }
}

TEST_CASE("diagram: no edge crosses a cluster's title", "[dot][svg]") {
  for (const char* file : {"architectures/resnet50.yaml", "architectures/inception_v4.yaml",
                           "architectures/inception_resnet_v2.yaml"}) {
    INFO(file);
    Network net = analyzed_file(file);
    Plain p = layout(emit_dot(net, DiagramOptions{}));
    CHECK(edges_across_titles(p) == 0);
    std::size_t titles = 0;
    for (const auto& [name, box] : p.nodes) titles += name.find(" (block)") != std::string::npos;
    CHECK(titles > 0);
  }
}

TEST_CASE("diagram: the same DOT gives the same SVG bytes whatever the heap holds", "[dot][svg]") {
  Network net = analyzed_file("architectures/resnet18.yaml");
  DiagramOptions o;
  o.depth = 1;
  o.color = DiagramColor::kMacs;
  std::string dot = emit_dot(net, o);
  std::string first = render_graphviz(dot, "svg");
  // Allocations of other sizes in between move where Graphviz's strings land.
  std::vector<std::unique_ptr<char[]>> noise;
  for (int i = 0; i < 2000; ++i) noise.emplace_back(new char[static_cast<std::size_t>(i % 97 + 1)]);
  std::string second = render_graphviz(dot, "svg");
  CHECK(first == second);
  // Clusters come out in the order the DOT lists them (it was the order of
  // their name strings' addresses).
  std::vector<std::size_t> at;
  for (const char* c : {"<title>cluster_conv2_x</title>", "<title>cluster_conv3_x</title>",
                        "<title>cluster_conv4_x</title>", "<title>cluster_conv5_x</title>"}) {
    at.push_back(first.find(c));
    CHECK(at.back() != std::string::npos);
  }
  CHECK(std::is_sorted(at.begin(), at.end()));
}

TEST_CASE("diagram: live activations at every step peak where the liveness pass says",
          "[dot][liveness]") {
  Network net = analyzed_file("architectures/vgg16.yaml");
  std::vector<Count> live = live_elements(net, false);
  REQUIRE(live.size() == inference_steps(net).size());
  auto peak = std::max_element(live.begin(), live.end());
  CHECK(*peak == net.peak[0].elements);
  CHECK(inference_steps(net)[static_cast<std::size_t>(peak - live.begin())] == *net.peak[0].at);
  // The input alone is live at step 0: 3×224×224.
  CHECK(live.front() == 150'528);
}
