// Diagrams: the DOT text of a small graph, exactly; clusters, folding, ×N
// runs, heat-map shades; the SVG Graphviz renders from it; and the errors of
// `archcalc diagram`.
#include <expat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>

#include "emit/diagram_style.hpp"
#include "emit/dot.hpp"
#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

// LeakSanitizer (in the sanitizer build): Graphviz keeps one context for the
// process (see diagram_render.cpp) and, with fontconfig, glib and pango,
// leaves allocations behind at exit that are not archcalc's to free.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libgvc.so\n"
         "leak:libgvplugin_\n"
         "leak:libcgraph.so\n"
         "leak:libcdt.so\n"
         "leak:libfontconfig.so\n"
         "leak:libglib-2.0.so\n"
         "leak:libgobject-2.0.so\n"
         "leak:libpango\n"
         "leak:libcairo.so\n";
}

namespace {

// conv 3×3, 3→4 channels on 8×8: 3·9·4 + 4 = 112 params, 8·8·4·27 = 6,912 MACs.
// head fc 256→10: 2,570 params, 2,560 MACs. aux fc 256→2 (training only): 514, 512.
const char* kDotTiny = R"(
name: tiny
input: [3, 8, 8]
blocks:
  unit:
    args: [n]
    layers:
      - {name: conv, op: conv, out: $n, kernel: 3, pad: 1}
      - {name: relu, op: relu}
layers:
  - {name: stem, block: unit, args: [4]}
  - {name: head, op: fc, out: 10}
  - {name: aux, op: fc, out: 2, from: stem, train_only: true}
)";

// Three identical residual blocks: conv 3×3 8→8 without bias on 4×4 is
// 8·8·9 = 576 weights and 4·4·8·72 = 9,216 MACs each.
const char* kDotChain = R"(
name: chain
input: [8, 4, 4]
blocks:
  res:
    args: [n]
    layers:
      - {name: conv, op: conv, out: $n, kernel: 3, pad: 1, bias: false}
      - {name: add, op: add, from: [conv, input]}
layers:
  - {name: b, block: res, args: [8], repeat: 3}
  - {name: pool, op: avgpool, global: true}
)";

std::string dot_temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("archcalc_test_dot_" + name)).string();
}

#if ARCHCALC_WITH_GRAPHVIZ
std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// An SVG parsed with expat: whether it is well-formed, and the <title> of
// every <g class="node">.
struct SvgNodes {
  bool well_formed = false;
  std::vector<std::string> titles;
  int depth_in_node = -1, depth = 0;
  bool in_title = false;
  std::string text;
};

SvgNodes parse_svg(const std::string& svg) {
  SvgNodes s;
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &s);
  XML_SetElementHandler(
      p,
      [](void* data, const XML_Char* name, const XML_Char** attrs) {
        auto& s = *static_cast<SvgNodes*>(data);
        ++s.depth;
        std::string n = name;
        if (n == "g") {
          for (int i = 0; attrs[i]; i += 2) {
            if (std::string(attrs[i]) == "class" && std::string(attrs[i + 1]) == "node") {
              s.depth_in_node = s.depth;
            }
          }
        }
        if (n == "title" && s.depth_in_node == s.depth - 1) {
          s.in_title = true;
          s.text.clear();
        }
      },
      [](void* data, const XML_Char* name) {
        auto& s = *static_cast<SvgNodes*>(data);
        if (s.in_title && std::string(name) == "title") {
          s.titles.push_back(s.text);
          s.in_title = false;
        }
        if (s.depth == s.depth_in_node) s.depth_in_node = -1;
        --s.depth;
      });
  XML_SetCharacterDataHandler(p, [](void* data, const XML_Char* text, int len) {
    auto& s = *static_cast<SvgNodes*>(data);
    if (s.in_title) s.text.append(text, static_cast<std::size_t>(len));
  });
  s.well_formed = XML_Parse(p, svg.data(), static_cast<int>(svg.size()), 1) == XML_STATUS_OK;
  XML_ParserFree(p);
  return s;
}
#endif

}  // namespace

TEST_CASE("dot: the DOT text of a small graph, exactly", "[dot]") {
  Network net = analyzed_text(kDotTiny, "tiny.yaml");
  // The block's title is a node ranked by invisible edges: after the node
  // feeding the block, before the block's first layer.
  std::string expected = R"dot(digraph "tiny" {
  graph [rankdir=TB, label=<<b>tiny</b><br/>3,196 params · 9,984 MACs · training (dashed: training-only layers)>, labelloc=t, fontname="Helvetica", fontsize=14, nodesep=0.25, ranksep=0.3, ordering=out, remincross=false];
  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=10];
  edge [fontname="Helvetica", fontsize=8, color="#555555", fontcolor="#555555"];
  "input" [label=<<b>input</b><br/>3×8×8>, shape=ellipse, id="n:input"];
  subgraph "cluster_stem" {
    graph [label="", style="rounded,filled", fillcolor="#f4f4f4", color="#999999", id="c:stem"];
    "stem (block)" [shape=plaintext, style="", fontsize=11, label=<<b>stem</b>&#160;[unit]<br/>112 params · 6,912 MACs>, id="h:stem"];
    "stem/conv" [label=<<b>conv</b><br/>conv 3×3<br/>4×8×8<br/>112 params<br/>6,912 MACs>, id="n:stem/conv"];
    "stem/relu" [label=<<b>relu</b><br/>relu<br/>4×8×8>, id="n:stem/relu"];
  }
  "head" [label=<<b>head</b><br/>fc<br/>10<br/>2,570 params<br/>2,560 MACs>, id="n:head"];
  "aux" [label=<<b>aux</b><br/>fc<br/>2<br/>514 params<br/>512 MACs>, style="rounded,filled,dashed", id="n:aux"];
  "input" -> "stem (block)" [style=invis, weight=4];
  "input" -> "stem/conv" [label="3×8×8"];
  "stem/conv" -> "stem/relu" [label="4×8×8"];
  "stem/relu" -> "head" [label="4×8×8"];
  "stem/relu" -> "aux" [label="4×8×8", style=dashed];
  "stem (block)" -> "stem/conv" [style=invis, weight=4];
}
)dot";
  DiagramOptions o;
  o.training = true;
  CHECK(emit_dot(net, o) == expected);
  // Inference, the default: the training-only layer is left out.
  std::string dot = emit_dot(net, DiagramOptions{});
  CHECK_THAT(dot, Catch::Contains("<br/>2,682 params · 9,472 MACs · inference (training-only "
                                  "layers left out)>"));
  CHECK(dot.find("aux") == std::string::npos);
}

TEST_CASE("dot: --depth 0 folds a block into one node with its totals; LR; params shades",
          "[dot]") {
  Network net = analyzed_text(kDotTiny, "tiny.yaml");
  DiagramOptions o;
  o.depth = 0;
  o.training = false;
  o.left_to_right = true;
  o.color = DiagramColor::kParams;
  std::string dot = emit_dot(net, o);
  // Inference: 112 + 2,570 = 2,682 params; head holds 2,570 / 2,682 = 95.82%,
  // so the nine shades step by 95.82 / 9 = 10.65%; stem's 4.18% is the first.
  CHECK_THAT(dot, Catch::Contains("rankdir=LR, label=<<b>tiny</b><br/>2,682 params · 9,472 MACs · "
                                  "inference (training-only layers left out)>"));
  // A folded block of one conv and its activation shows the conv's op.
  CHECK_THAT(dot, Catch::Contains("\"stem\" [label=<<b>stem</b><br/>conv 3×3 + relu<br/>[unit] · 2 "
                                  "layers<br/>4×8×8<br/>112 params<br/>6,912 MACs>, peripheries=2, "
                                  "fillcolor=\"#ffffcc\", id=\"n:stem\"];"));
  CHECK_THAT(dot, Catch::Contains("\"head\" [label=<<b>head</b><br/>fc<br/>10<br/>2,570 params<br/>"
                                  "2,560 MACs>, fillcolor=\"#800026\", fontcolor=\"#ffffff\", "
                                  "id=\"n:head\"];"));
  CHECK_THAT(dot, Catch::Contains("≤ 10.65%</td>"));
  CHECK_THAT(dot, Catch::Contains("≤ 95.82%</td>"));
  CHECK_THAT(dot, Catch::Contains("  \"input\" -> \"stem\" [label=\"3×8×8\"];\n"
                                  "  \"stem\" -> \"head\" [label=\"4×8×8\"];\n}\n"));
  CHECK(dot.find("aux") == std::string::npos);
  CHECK(dot.find("cluster") == std::string::npos);
}

TEST_CASE("dot: a chain of identical folded blocks becomes one node marked ×3", "[dot]") {
  Network net = analyzed_text(kDotChain, "chain.yaml");
  DiagramOptions o;
  o.depth = 0;
  std::string dot = emit_dot(net, o);
  CHECK_THAT(dot, Catch::Contains("\"b_1\" [label=<<b>b_1 … b_3 ×3</b><br/>[res] ×3 · 2 layers "
                                  "each<br/>8×4×4<br/>each 576 params<br/>each 9,216 MACs>"));
  CHECK_THAT(dot, Catch::Contains("  \"input\" -> \"b_1\" [label=\"8×4×4\"];\n"
                                  "  \"b_1\" -> \"pool\" [label=\"8×4×4\"];\n}\n"));
  CHECK(dot.find("\"b_2\"") == std::string::npos);
  o.fold_repeats = false;
  dot = emit_dot(net, o);
  CHECK_THAT(dot, Catch::Contains("  \"b_1\" -> \"b_2\" [label=\"8×4×4\"];\n"
                                  "  \"b_2\" -> \"b_3\" [label=\"8×4×4\"];\n"));
}

TEST_CASE("dot: heat levels split 0 to max into nine equal steps", "[dot]") {
  CHECK(heat_level(0.5, 0.5) == 9);
  CHECK(heat_level(0.5 * 8 / 9, 0.5) == 8);
  CHECK(heat_level(0.5 * 8 / 9 + 1e-6, 0.5) == 9);
  CHECK(heat_level(1e-9, 0.5) == 1);
  CHECK(std::string(heat_color(1)) == "#ffffcc");
  CHECK(html_escape("a<b>&\"") == "a&lt;b&gt;&amp;&quot;");
}

#if ARCHCALC_WITH_GRAPHVIZ
TEST_CASE("dot: Graphviz renders a well-formed SVG with a node per layer", "[dot][svg]") {
  Network net = analyzed_file("architectures/vgg16.yaml");
  std::string svg = render_graphviz(emit_dot(net, DiagramOptions{}), "svg");
  SvgNodes nodes = parse_svg(svg);
  REQUIRE(nodes.well_formed);
  // 39 layers (13 conv + 13 relu, 5 pools, 3 fc + 2 relu, 2 dropout, softmax) and the input.
  std::set<std::string> names;
  for (Vertex v : net.order) names.insert(net.layer(v).name);
  CHECK(nodes.titles.size() == net.totals(false).layers + 1);
  CHECK(std::set<std::string>(nodes.titles.begin(), nodes.titles.end()) == names);
  // The same input gives the same bytes.
  CHECK(render_graphviz(emit_dot(net, DiagramOptions{}), "svg") == svg);
}
#endif

#if ARCHCALC_WITH_GRAPHVIZ
TEST_CASE("dot: GoogLeNet's SVG holds every layer, the auxiliary classifiers dashed",
          "[dot][svg]") {
  Network net = analyzed_file("architectures/googlenet.yaml");
  DiagramOptions o;
  o.training = true;
  o.depth = -1;
  o.compact = false;
  std::string dot = emit_dot(net, o);
  SvgNodes nodes = parse_svg(render_graphviz(dot, "svg"));
  REQUIRE(nodes.well_formed);
  std::set<std::string> names, layers, titles;
  for (Vertex v : net.order) names.insert(net.layer(v).name);
  // Besides the layers, a title node per cluster: 9 inception modules, 2 auxiliary heads.
  for (const std::string& t : nodes.titles) {
    (t.size() > 8 && t.substr(t.size() - 8) == " (block)" ? titles : layers).insert(t);
  }
  CHECK(layers == names);
  CHECK(titles.size() == 11);
  CHECK(titles.count("inception_4a (block)") == 1);
  CHECK(nodes.titles.size() == names.size() + 11);
  // The auxiliary classifier on 4a: 1x1 conv 512→128 on 4×4, 65,664 params.
  CHECK_THAT(dot,
             Catch::Contains("\"aux1/conv\" [label=<<b>conv</b><br/>conv 1×1<br/>128×4×4<br/>"
                             "65,664 params<br/>1,048,576 MACs>, style=\"rounded,filled,dashed\", "
                             "id=\"n:aux1/conv\"];"));
  CHECK_THAT(dot, Catch::Contains("\"inception_4a/output\" -> \"aux1/ave_pool\" "
                                  "[label=\"512×14×14\", style=dashed];"));
  // The title is not cut after the bold name in browsers: a no-break space.
  CHECK_THAT(dot, Catch::Contains("label=<<b>googlenet</b>&#160;— GoogLeNet"));
}
#endif

TEST_CASE("dot: ResNet-50 at depth 1 folds each stage's identical blocks into one node", "[dot]") {
  Network net = analyzed_file("architectures/resnet50.yaml");
  DiagramOptions o;
  o.depth = 1;
  o.color = DiagramColor::kMacs;
  std::string dot = emit_dot(net, o);
  // conv4_x: after its projection block, five bottlenecks of width 256 on
  // 14×14: 1,117,184 params and 218,365,952 MACs each; 5 × 218,365,952 =
  // 1,091,829,760 of 4,089,184,256 MACs is 26.70%, the largest share.
  CHECK_THAT(dot, Catch::Contains("\"conv4_x/block_2\" [label=<<b>block_2 … block_6 ×5</b><br/>"
                                  "[bottleneck] ×5 · 10 layers each<br/>1024×14×14<br/>each "
                                  "1,117,184 params<br/>each 218,365,952 MACs>, peripheries=2, "
                                  "fillcolor=\"#800026\", fontcolor=\"#ffffff\", "
                                  "id=\"n:conv4_x/block_2\"];"));
  CHECK_THAT(dot, Catch::Contains("≤ 26.70%</td>"));
  // Compact (ResNet-50 has 175 layers): no shapes on edges, conv1 + bn1 + relu one node.
  CHECK_THAT(dot, Catch::Contains("  \"conv4_x/block_1\" -> \"conv4_x/block_2\";\n"));
  CHECK_THAT(dot, Catch::Contains("\"conv1\" [label=<<b>conv1</b><br/>conv 7×7/2 + bn + relu<br/>"
                                  "64×112×112<br/>9,536 params<br/>118,013,952 MACs>"));
#if ARCHCALC_WITH_GRAPHVIZ
  SvgNodes nodes = parse_svg(render_graphviz(dot, "svg"));
  REQUIRE(nodes.well_formed);
  // input, conv1 (with bn1 and its ReLU), pool1; per stage its title, block_1
  // and one ×N node; pool5, fc; and the legend.
  CHECK(nodes.titles.size() == 3 + 4 * 3 + 2 + 1);
#endif
}

#if ARCHCALC_WITH_GRAPHVIZ
TEST_CASE("diagram: writes .dot, .svg, .png and .pdf by extension", "[dot][cli]") {
  std::string dot = dot_temp_path("tiny.dot"), svg = dot_temp_path("vgg.svg"),
              png = dot_temp_path("vgg.png"), pdf = dot_temp_path("vgg.pdf");
  std::string yaml = dot_temp_path("tiny.yaml");
  std::ofstream(yaml) << kDotTiny;
  REQUIRE(run_cli({"diagram", yaml, "-o", dot}).code == 0);
  CHECK_THAT(slurp(dot), Catch::StartsWith("digraph \"tiny\" {\n"));
  std::string vgg = source_path("architectures/vgg16.yaml");
  REQUIRE(run_cli({"diagram", vgg, "-o", svg}).code == 0);
  CHECK(parse_svg(slurp(svg)).titles.size() == 40);  // 39 layers and the input
  REQUIRE(run_cli({"diagram", vgg, "-o", png, "--depth", "0"}).code == 0);
  CHECK(slurp(png).substr(0, 8) == "\x89PNG\r\n\x1a\n");
  REQUIRE(run_cli({"diagram", vgg, "-o", pdf}).code == 0);
  std::string first = slurp(pdf);
  CHECK(first.substr(0, 5) == "%PDF-");
  REQUIRE(run_cli({"diagram", vgg, "-o", pdf}).code == 0);
  CHECK(slurp(pdf) == first);  // no time stamp
  for (const auto& p : {dot, svg, png, pdf, yaml}) std::filesystem::remove(p);
}
#endif

TEST_CASE("diagram: bad input is one line and exit 2", "[dot][cli][errors]") {
  std::string vgg = source_path("architectures/vgg16.yaml");
  CliResult r = run_cli({"diagram", vgg, "--color", "flops"});
  CHECK(r.code == 2);
  CHECK(r.err == "archcalc: error: --color: expected macs, params, memory or none, got 'flops'\n");
  r = run_cli({"diagram", vgg, "--rankdir", "BT"});
  CHECK(r.code == 2);
  CHECK(r.err == "archcalc: error: --rankdir: expected TB or LR, got 'BT'\n");
  r = run_cli({"diagram", vgg, "-o", "net.jpg"});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "net.jpg: error: unknown output extension '.jpg': expected .svg, .png, .pdf or "
        ".dot\n");
  // 2,600 convolutions with their ReLUs and the input: 5,201 nodes.
  std::string big = dot_temp_path("big.yaml");
  std::ofstream(big) << "input: [1, 4, 4]\nlayers:\n  - {name: c, op: conv, out: 1, kernel: 1, "
                        "act: relu, repeat: 2600}\n";
  r = run_cli({"diagram", big, "-o", "big.svg", "--no-compact"});
  std::filesystem::remove(big);
  CHECK(r.code == 2);
  CHECK(r.err ==
        "big.svg: error: 5201 nodes are too many to lay out (at most 5000): fold blocks "
        "with --depth, or write the .dot source\n");
#if ARCHCALC_WITH_GRAPHVIZ
  r = run_cli({"diagram", vgg, "-o", "/nonexistent-dir/net.svg"});
  CHECK(r.code == 2);
  CHECK(r.err == "/nonexistent-dir/net.svg: error: cannot write the output file\n");
#endif
  CHECK(r.out.empty());
}
