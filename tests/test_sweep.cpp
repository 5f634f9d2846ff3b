// `archcalc sweep`: a network's totals at every value of its parameters. The
// inception module with reductions (inception_reduced.yaml) swept over the
// 5x5 branch's reduction width r: the reduction costs 28·28·r·192 MACs and
// the 5x5 after it 28·28·32·25·r, so every step of r adds 784·992 = 777,728
// MACs to the 128,049,152 at r = 16; params grow by 192 + 1 + 800 = 993 per
// channel of r from 163,696.
#include <expat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "compare/sweep.hpp"
#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

const std::string kSweepReduced = "architectures/modules/inception_reduced.yaml";

Sweep sweep_reduced(std::vector<std::string> sets) {
  std::vector<SweepAxis> axes;
  for (const auto& s : sets) axes.push_back(parse_sweep_axis(s));
  Diagnostics diag;
  return run_sweep(source_path(kSweepReduced), axes, false, diag);
}

std::string after_first_line(const std::string& s) {
  return s.substr(s.find('\n') + 1);
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("archcalc_test_sweep_" + name)).string();
}

}  // namespace

TEST_CASE("sweep: one row per value of reduce, exactly", "[sweep]") {
  Sweep s = sweep_reduced({"reduce=8,16,32,64,128"});
  REQUIRE(s.points.size() == 5);
  CHECK(s.model == "inception_reduced");
  // r = 8: 128,049,152 − 8·777,728 MACs; 163,696 − 8·993 params. Other ops
  // and activations: the reduction's bias add and ReLU, 2·784·r each way.
  CHECK(s.points[0].totals.cost.macs == 121'827'328);
  CHECK(s.points[0].totals.cost.params() == 155'752);
  CHECK(s.points[4].totals.cost.macs == 128'049'152 + 112 * 777'728);
  CHECK(after_first_line(sweep_table(s, false)) ==
        "reduce   params         MACs  other ops  activations  activation bytes  weight bytes\n"
        "────────────────────────────────────────────────────────────────────────────────────\n"
        "     8  155,752  121,827,328  1,919,232      915,712         3,662,848       623,008\n"
        "    16  163,696  128,049,152  1,931,776      928,256         3,713,024       654,784\n"
        "    32  179,584  140,492,800  1,956,864      953,344         3,813,376       718,336\n"
        "    64  211,360  165,380,096  2,007,040    1,003,520         4,014,080       845,440\n"
        "   128  274,912  215,154,688  2,107,392    1,103,872         4,415,488     1,099,648\n"
        "activations: elements of all layer outputs; bytes at fp32.\n");
}

TEST_CASE("sweep: two parameters make a grid, the last varying fastest", "[sweep]") {
  Sweep s = sweep_reduced({"reduce=8,16", "n5=32,64"});
  // n5 = 64 doubles the 5x5's outputs: + 28·28·32·25·r MACs, + (25·r + 1)·32 params.
  CHECK(sweep_csv(s) ==
        "reduce,n5,params,macs,other_ops,activation_elements,activation_bytes,weight_bytes\n"
        "8,32,155752,121827328,1919232,915712,3662848,623008\n"
        "8,64,162184,126844928,1969408,990976,3963904,648736\n"
        "16,32,163696,128049152,1931776,928256,3713024,654784\n"
        "16,64,176528,138084352,1981952,1003520,4014080,706112\n");
  auto j = sweep_json(s);
  CHECK(j["schema"] == "archcalc.sweep");
  CHECK(j["parameters"][1]["name"] == "n5");
  CHECK(j["points"][3]["parameters"]["reduce"] == 16);
  CHECK(j["points"][3]["parameters"]["n5"] == 64);
  CHECK(j["points"][3]["totals"]["macs"] == 138'084'352);
  CHECK_THAT(sweep_markdown(s, false),
             Catch::Contains("| 16 | 64 | 176,528 | 138,084,352 | 1,981,952 | 1,003,520 | "
                             "4,014,080 | 706,112 |\n"));
}

TEST_CASE("sweep: --plot writes a well-formed SVG with a point per row and panel", "[sweep][cli]") {
  std::string plot = temp_path("plot.svg");
  CliResult r = run_cli({"sweep", source_path(kSweepReduced), "--set", "reduce=8,16,32,64,128",
                         "--plot", plot, "-f", "csv"});
  REQUIRE(r.code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("reduce,params,macs,"));
  std::ifstream f(plot);
  std::string svg((std::istreambuf_iterator<char>(f)), {});
  std::filesystem::remove(plot);
  struct Count {
    int circles = 0, polylines = 0;
  } count;
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &count);
  XML_SetStartElementHandler(p, [](void* data, const XML_Char* name, const XML_Char**) {
    auto& c = *static_cast<Count*>(data);
    c.circles += std::string(name) == "circle";
    c.polylines += std::string(name) == "polyline";
  });
  bool ok = XML_Parse(p, svg.data(), static_cast<int>(svg.size()), 1) == XML_STATUS_OK;
  XML_ParserFree(p);
  CHECK(ok);
  CHECK(count.circles == 10);   // 5 values × 2 panels
  CHECK(count.polylines == 4);  // an axis frame and a line per panel
  CHECK_THAT(svg, Catch::Contains("inception_reduced: MACs and params against reduce"));
}

TEST_CASE("sweep: bad input is one line and exit 2", "[sweep][cli][errors]") {
  std::string file = source_path(kSweepReduced);
  CliResult r = run_cli({"sweep", file, "--set", "reduce=8,,16"});
  CHECK(r.code == 2);
  CHECK(r.err == file + ": error: --set reduce: an empty value in '8,,16'\n");
  r = run_cli({"sweep", file, "--set", "reduce=0,16"});
  CHECK(r.code == 2);
  CHECK(r.err == file +
                     ":22:39: error: conv 'branch_5x5/reduce': 'out' must be at least 1, got 0 (at "
                     "reduce=0)\n");
  r = run_cli({"sweep", file, "--set", "reduce=8", "--set", "reduce=16"});
  CHECK(r.code == 2);
  CHECK(r.err == file + ": error: --set reduce is given twice\n");
  std::string many;
  for (int i = 1; i <= 101; ++i) many += (i > 1 ? "," : "") + std::to_string(i);
  r = run_cli({"sweep", file, "--set", "reduce=" + many, "--set", "n5=" + many});
  CHECK(r.code == 2);
  CHECK(r.err == file + ": error: the grid has more than 10000 points\n");
  r = run_cli({"sweep", file, "--set", "reduce=8", "--plot", "chart.png"});
  CHECK(r.code == 2);
  CHECK(r.err == "chart.png: error: unknown plot extension '.png': expected .svg\n");
  r = run_cli({"sweep", file, "--set", "reduce=8", "--plot", "/nonexistent-dir/p.svg"});
  CHECK(r.code == 2);
  CHECK(r.err == "/nonexistent-dir/p.svg: error: cannot write the output file\n");
  r = run_cli({"sweep", file});
  CHECK(r.code == 2);
}
