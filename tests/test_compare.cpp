// `archcalc compare`: the lecture examples as acceptance tests (the 5x5
// branch, 120,422,400 against 12,443,648 MACs, 9.68×; the 128-16-16-128
// bottleneck, 147,456 against 6,400 weights, 23.04×), FILE#block, matching
// by name and by position, --set per side, and the errors.
#include <catch2/catch.hpp>

#include "compare/compare.hpp"
#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

const std::string kNaive = "architectures/modules/inception_naive.yaml";
const std::string kCompareReduced = "architectures/modules/inception_reduced.yaml";

Comparison compare_files(const std::string& a, const std::string& b, CompareOptions o = {}) {
  Network na = analyzed_file(a), nb = analyzed_file(b);
  return compare(na, 0, a, nb, 0, b, o);
}

const CompareRow& row_named(const Comparison& c, const std::string& a_name) {
  for (const CompareRow& r : c.rows) {
    if (r.name_a == a_name) return r;
  }
  throw std::runtime_error("no row " + a_name);
}

CompareMetric metric(const Comparison& c, const std::string& key) {
  for (const CompareMetric& m : compare_metrics(c)) {
    if (m.key == key) return m;
  }
  throw std::runtime_error("no metric " + key);
}

}  // namespace

TEST_CASE("compare: naive against reduced inception, the 5x5 branch 9.68×", "[compare]") {
  Comparison c = compare_files(kNaive, kCompareReduced);
  // The 5x5 branch: 28·28·32·5·5·192 = 120,422,400 against a 1x1 reduction
  // to 16 (28·28·16·192 = 2,408,448) and a 5x5 on it (28·28·32·25·16 =
  // 10,035,200): 12,443,648; 120,422,400 / 12,443,648 = 9.677…
  const CompareRow& b5 = row_named(c, "branch_5x5");
  CHECK(b5.match == CompareRow::Match::kName);
  CHECK(b5.op_a == "[conv]");
  CHECK(b5.op_b == "[reduced]");
  CHECK(b5.cost_a.macs == 120'422'400);
  CHECK(b5.cost_b.macs == 12'443'648);
  CHECK(difference(b5.cost_a.macs, b5.cost_b.macs) == -107'978'752);
  // Inside the branch, the layers match by name; the reduction is B's alone.
  CHECK(row_named(c, "branch_5x5/conv").cost_b.macs == 10'035'200);
  bool reduce_only_b = false;
  for (const CompareRow& r : c.rows) {
    if (r.name_b == "branch_5x5/reduce") {
      reduce_only_b = r.match == CompareRow::Match::kOnlyB && r.cost_b.macs == 2'408'448;
    }
  }
  CHECK(reduce_only_b);
  // A's pooling branch is one layer, B's a block: matched by name all the same.
  CHECK(row_named(c, "branch_pool").op_b == "[pool_proj]");
  // Totals: naive 9,633,792 + 173,408,256 + 120,422,400; reduced 128,049,152.
  CHECK(metric(c, "macs").a == 303'464'448);
  CHECK(metric(c, "macs").b == 128'049'152);
  CHECK(metric(c, "params").a == 387'296);  // 12,352 + 221,312 + 153,632
  CHECK(metric(c, "params").b == 163'696);
  // 64 + 128 + 32 + 192 = 416 channels against 64 + 128 + 32 + 32 = 256.
  CHECK(c.a.output == Shape{{416, 28, 28}});
  CHECK(c.b.output == Shape{{256, 28, 28}});
  CHECK(c.a.input == c.b.input);
  CHECK_FALSE(drop_in(c));

  std::string table = compare_table(c, false);
  CHECK_THAT(table, Catch::Contains("MACs                    303,464,448  128,049,152  "
                                    "-175,415,296  2.37×\n"));
  CHECK_THAT(table, Catch::Contains("drop-in: no — outputs differ (416×28×28 vs 256×28×28)\n"));
  CHECK_THAT(table, Catch::Contains("branch_5x5              [conv] | [reduced]         32×28×28"
                                    "                153,632    15,920  -137,712  120,422,400   "
                                    "12,443,648  -107,978,752       9.68×\n"));
  std::string md = compare_markdown(c, false);
  CHECK_THAT(md, Catch::Contains("| **branch_5x5** | [conv] \\| [reduced] | 32×28×28 | 153,632 | "
                                 "15,920 | -137,712 | 120,422,400 | 12,443,648 | -107,978,752 | "
                                 "9.68× |\n"));
  CHECK_THAT(md, Catch::Contains("| MACs | 303,464,448 | 128,049,152 | -175,415,296 | 2.37× |\n"));
}

TEST_CASE("compare: a 3×3 conv against the 128-16-16-128 bottleneck, 23.04× fewer weights",
          "[compare]") {
  Comparison c = compare_files("architectures/modules/conv3x3_128.yaml",
                               "architectures/modules/bottleneck_128.yaml");
  // 3·3·128·128 = 147,456 against 128·16 + 3·3·16·16 + 16·128 = 6,400.
  CHECK(metric(c, "weights").a == 147'456);
  CHECK(metric(c, "weights").b == 6'400);
  CHECK(metric(c, "macs").a == 462'422'016);  // 147,456 · 56·56
  CHECK(metric(c, "macs").b == 20'070'400);   // 6,400 · 56·56
  CHECK(drop_in(c));
  std::string table = compare_table(c, false);
  CHECK_THAT(table, Catch::Contains(
                        "weights                     147,456       6,400      -141,056  23.04×\n"));
  CHECK_THAT(table, Catch::Contains("drop-in: yes — both take 128×56×56 and give 128×56×56\n"));
  // conv3x3 matches by name; the 1x1s are B's alone.
  const CompareRow& conv = row_named(c, "conv3x3");
  CHECK(conv.cost_a.weights == 147'456);
  CHECK(conv.cost_b.weights == 2'304);
  // conv3x3 and its ReLU on both sides, B's reduce1x1, its ReLU and expand1x1: no input row.
  CHECK(c.rows.size() == 5);
  CHECK(table.find("(not in totals)") == std::string::npos);
  CHECK(c.rows[0].name_b == "reduce1x1");
  CHECK(c.rows[0].match == CompareRow::Match::kOnlyB);

  auto j = compare_json(c);
  CHECK(j["schema"] == "archcalc.compare");
  CHECK(j["totals"]["weights"]["a"] == 147'456);
  CHECK(j["totals"]["weights"]["b"] == 6'400);
  CHECK(j["totals"]["weights"]["difference"] == -141'056);
  CHECK(j["totals"]["weights"]["ratio"].get<double>() == Approx(23.04));
  CHECK(j["drop_in"] == true);
}

TEST_CASE("compare: FILE#block compares one block instance as its own network", "[compare]") {
  Network g = analyzed_file("architectures/googlenet.yaml");
  Network r = analyzed_file(kCompareReduced);
  int b = find_block(g, "inception_3a");
  REQUIRE(b > 0);
  CHECK(find_block(g, "inception_3x") == -1);
  Comparison c = compare(g, b, "googlenet.yaml#inception_3a", r, 0, "reduced", {});
  // GoogLeNet's 3a is the reduced module: 163,696 params, 128,049,152 MACs.
  CHECK(c.a.block == "inception_3a");
  CHECK(c.a.definition == "inception");
  CHECK(metric(c, "params").a == 163'696);
  CHECK(metric(c, "macs").a == 128'049'152);
  CHECK(metric(c, "macs").b == 128'049'152);
  CHECK(c.a.input == Shape{{192, 28, 28}});
  CHECK(drop_in(c));
  // No names in common: layers pair with layers by position, in order.
  CHECK(row_named(c, "5x5").match == CompareRow::Match::kPosition);
  CHECK(row_named(c, "5x5").name_b == "branch_5x5/conv");
  CHECK(row_named(c, "5x5").cost_a.macs == 10'035'200);
  CHECK(row_named(c, "5x5").cost_b.macs == 10'035'200);
  CHECK(row_named(c, "pool_proj").name_b == "branch_pool/proj");
  CHECK(row_named(c, "output").name_b == "concat");
  // --depth 0 folds B's branches; A's block has no nested blocks to fold.
  CompareOptions o;
  o.depth = 0;
  c = compare(g, b, "a", r, 0, "b", o);
  CHECK(c.rows.size() == 14 + 4);  // A's 14 layers; B's 4 folded branches; concat pairs
}

TEST_CASE("compare: ResNet-50 against VGG-16", "[compare]") {
  Comparison c = compare_files("architectures/resnet50.yaml", "architectures/vgg16.yaml");
  CHECK(metric(c, "params").a == 25'557'032);
  CHECK(metric(c, "params").b == 138'357'544);
  CHECK(metric(c, "macs").a == 4'089'184'256);
  CHECK(metric(c, "macs").b == 15'470'264'320);
  CHECK(drop_in(c));  // both 3×224×224 → 1000
  CHECK_THAT(compare_table(c, false),
             Catch::Contains("MACs                    4,089,184,256  15,470,264,320  "
                             "+11,381,080,064  0.26×\n"));
  // pool1 and pool5 match by name; conv1 pairs with conv1_1 by position.
  CHECK(row_named(c, "pool1").match == CompareRow::Match::kName);
  CHECK(row_named(c, "conv1").name_b == "conv1_1");
  CHECK(row_named(c, "fc").name_b == "fc6");
}

TEST_CASE("compare: the command line, --set per side, formats", "[compare][cli]") {
  std::string naive = source_path(kNaive), reduced = source_path(kCompareReduced);
  CliResult r = run_cli({"compare", naive, reduced, "--format", "json"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["totals"]["macs"]["a"] == 303'464'448);
  // The network input is no cost row; a row with no MACs on either side
  // (a ReLU) has no ratio: null.
  int zero_rows = 0;
  for (const auto& row : j["rows"]) {
    for (const char* side : {"a", "b"}) {
      if (!row[side].is_null()) CHECK(row[side]["name"] != "input");
    }
    if (row["macs"]["a"] == 0 && row["macs"]["b"] == 0) {
      ++zero_rows;
      CHECK(row["macs"]["ratio"].is_null());
    }
  }
  CHECK(zero_rows > 0);
  // --set reduce applies to B only (A declares no `reduce`): the 5x5 branch
  // at 32 is 28·28·32·192 + 28·28·32·25·32 = 4,816,896 + 20,070,400.
  r = run_cli({"compare", naive, reduced, "--format", "json", "--set", "reduce=32"});
  REQUIRE(r.code == 0);
  j = nlohmann::json::parse(r.out);
  CHECK(j["totals"]["macs"]["a"] == 303'464'448);
  REQUIRE(j["rows"][8]["b"]["name"] == "branch_5x5");
  CHECK(j["rows"][8]["macs"]["b"] == 24'887'296);
  // --set n5 applies to both: the naive 5x5 doubles to 240,844,800.
  r = run_cli({"compare", naive, reduced, "-f", "json", "--set", "n5=64"});
  REQUIRE(r.code == 0);
  j = nlohmann::json::parse(r.out);
  CHECK(j["rows"][8]["macs"]["a"] == 240'844'800);
  CHECK(j["rows"][8]["macs"]["b"] == 2'408'448 + 20'070'400);
  // --set-b reaches B alone, --set-a A alone.
  r = run_cli({"compare", reduced, reduced, "-f", "json", "--set-b", "reduce=8"});
  REQUIRE(r.code == 0);
  j = nlohmann::json::parse(r.out);
  CHECK(j["totals"]["macs"]["b"] == 121'827'328);  // 128,049,152 − 6,221,824
  CHECK(j["totals"]["macs"]["a"] == 128'049'152);
  r = run_cli({"compare", naive + "#branch_5x5", reduced + "#branch_5x5", "-f", "markdown"});
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("| MACs | 120,422,400 | 12,443,648 | -107,978,752 | 9.68× |"));
}

TEST_CASE("compare: bad input is one line and exit 2", "[compare][cli][errors]") {
  std::string g = source_path("architectures/googlenet.yaml");
  std::string naive = source_path(kNaive);
  CliResult r = run_cli({"compare", g + "#inception_3x", naive});
  CHECK(r.code == 2);
  CHECK(r.err == g + ": error: no block instance 'inception_3x' in googlenet; did you mean "
                     "'inception_3a'?\n");
  r = run_cli({"compare", naive, source_path("architectures/vgg16.yaml") + "#conv1"});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::EndsWith(": error: no block instance 'conv1' in vgg16 (it has no "
                                    "blocks)\n"));
  r = run_cli({"compare", naive, naive + "#"});
  CHECK(r.code == 2);
  CHECK(r.err == "archcalc: error: compare: expected FILE or FILE#BLOCK, got '" + naive + "#'\n");
  r = run_cli({"compare", naive, naive, "--set-a", "reduce=8"});
  CHECK(r.code == 2);
  CHECK(r.err == naive + ": error: --set reduce: no such parameter; parameters: n1, n3, n5\n");
  r = run_cli({"compare", naive, naive, "--format", "csv"});
  CHECK(r.code == 2);
  r = run_cli({"compare", naive, naive, "-o", "/nonexistent-dir/c.txt"});
  CHECK(r.code == 2);
  CHECK(r.err == "/nonexistent-dir/c.txt: error: cannot write the output file\n");
}

TEST_CASE("compare: measured times sit beside the counts, summed per block", "[compare][run]") {
  Network na = analyzed_file(kNaive), nb = analyzed_file(kCompareReduced);
  Comparison c = compare(na, 0, "naive", nb, 0, "reduced", {});
  // Made-up medians: every layer of A takes 1 ms, every layer of B 0.25 ms.
  LayerTimes ta, tb;
  for (Vertex v : na.order) {
    if (!std::holds_alternative<Input>(na.layer(v).op)) ta[na.layer(v).name] = 1e-3;
  }
  for (Vertex v : nb.order) {
    if (!std::holds_alternative<Input>(nb.layer(v).op)) tb[nb.layer(v).name] = 0.25e-3;
  }
  REQUIRE(ta.size() == 8);   // 3 × (conv, relu), pool, concat
  REQUIRE(tb.size() == 14);  // conv, relu; 2 × (reduce, relu, conv, relu); pool, proj, relu; concat
  attach_timing(c, ta, tb, "made up");
  REQUIRE(c.timing);
  CHECK(c.timing->a == Approx(8e-3));
  CHECK(c.timing->b == Approx(3.5e-3));
  // A block row sums its layers; a row the side lacks has no time.
  std::size_t b5 = 0, reduce = 0;
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    if (c.rows[i].name_a == "branch_5x5") b5 = i;
    if (c.rows[i].name_b == "branch_5x5/reduce") reduce = i;
  }
  REQUIRE(b5 > 0);
  CHECK(*c.timing->rows_a[b5] == Approx(2e-3));  // conv, relu
  CHECK(*c.timing->rows_b[b5] == Approx(1e-3));  // reduce, relu, conv, relu
  CHECK_FALSE(c.timing->rows_a[reduce]);
  CHECK(*c.timing->rows_b[reduce] == Approx(0.25e-3));

  std::string table = compare_table(c, false);
  CHECK_THAT(table, Catch::Contains("time (measured)            8.000 ms     3.500 ms     "
                                    "-4.500 ms  2.29×\n"));
  CHECK_THAT(table,
             Catch::Contains("measured (made up): A ÷ B time 2.29× against A ÷ B MACs 2.37×\n"));
  CHECK_THAT(table, Catch::Contains("-107,978,752       9.68×  2.000 ms  1.000 ms       2.00×\n"));
  // Each ratio column says what it divides.
  CHECK_THAT(table, Catch::Contains("  A ÷ B MACs    A time    B time  A ÷ B time\n"));
  CHECK(table.find("A ÷ B  ") == std::string::npos);
  std::string md = compare_markdown(c, false);
  CHECK_THAT(md,
             Catch::Contains("| time (measured) | 8.000 ms | 3.500 ms | -4.500 ms | 2.29× |\n"));
  CHECK_THAT(md, Catch::Contains("| -107,978,752 | 9.68× | 2.000 ms | 1.000 ms | 2.00× |\n"));
  CHECK_THAT(md, Catch::Contains("| A ÷ B MACs | A time | B time | A ÷ B time |\n"));
  auto j = compare_json(c);
  CHECK(j["measured"]["setup"] == "made up");
  CHECK(j["measured"]["seconds"]["a"].get<double>() == Approx(8e-3));
  CHECK(j["measured"]["time_ratio"].get<double>() == Approx(8.0 / 3.5));
  CHECK(j["rows"][reduce]["seconds"]["a"].is_null());
  CHECK(j["rows"][reduce]["seconds"]["b"].get<double>() == Approx(0.25e-3));
  // A block side sums the layers inside its block only.
  Network g = analyzed_file("architectures/googlenet.yaml");
  int blk = find_block(g, "inception_3a");
  Comparison cb = compare(g, blk, "g#3a", nb, 0, "reduced", {});
  LayerTimes tg;
  for (Vertex v : g.order) tg[g.layer(v).name] = 1e-3;
  attach_timing(cb, tg, tb, "made up");
  CHECK(cb.timing->a == Approx(14e-3));  // inception_3a's 14 layers, not GoogLeNet's 100-odd
}

TEST_CASE("compare --run: runs both sides and reports how it measured", "[compare][run][cli]") {
  TempDir tmp;
  const std::string a = tmp.str("a.yaml"), b = tmp.str("b.yaml");
  spit(tmp.path / "a.yaml",
       "input: [8, 6, 6]\nlayers:\n  - {name: c, op: conv, out: 8, kernel: 3, pad: 1}\n"
       "  - {name: r, op: relu}\n");
  spit(tmp.path / "b.yaml",
       "input: [8, 6, 6]\nlayers:\n  - {name: c, op: conv, out: 8, kernel: 1}\n"
       "  - {name: r, op: relu}\n");
  CliResult r = run_cli({"compare", a, b, "--run", "--repeat", "3", "--warmup", "0", "-f", "json"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["measured"]["setup"] ==
        "backend reference · 1 thread · median of 3 passes after 0 warm-up · seed 1");
  // 6·6·8·3·3·8 = 20,736 against 6·6·8·8 = 2,304 MACs: 9×.
  CHECK(j["totals"]["macs"]["ratio"] == 9.0);
  double a_sum = 0, b_sum = 0;
  for (const auto& row : j["rows"]) {
    a_sum += row["seconds"]["a"].get<double>();
    b_sum += row["seconds"]["b"].get<double>();
  }
  CHECK(j["measured"]["seconds"]["a"].get<double>() == Approx(a_sum));
  CHECK(j["measured"]["seconds"]["b"].get<double>() == Approx(b_sum));
  CHECK(a_sum > 0);
  CHECK(b_sum > 0);
  // Without --run nothing is measured.
  r = run_cli({"compare", a, b, "-f", "json"});
  REQUIRE(r.code == 0);
  CHECK_FALSE(nlohmann::json::parse(r.out).contains("measured"));
  // Training mode has layers a run leaves out: refused.
  r = run_cli({"compare", a, b, "--run", "--mode", "training"});
  CHECK(r.code == 2);
  CHECK(r.err == "archcalc: error: --run: measures inference only; leave out --mode training\n");
  r = run_cli({"compare", a, b, "--run", "--max-memory", "10"});
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::StartsWith(a + ": error: the run needs "));
}
