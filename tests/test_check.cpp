// `archcalc check`: recompute a zoo and compare it with its baselines. A
// change to a copy of VGG-16 (1000 → 10 classes) must exit 1 and name the
// network, layer, field, old → new value and the relative change: fc8 goes
// from 4096·1000 + 1000 = 4,097,000 params to 4096·10 + 10 = 40,970 (−99%).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "helpers.hpp"
#include "report/diff.hpp"

using namespace archcalc;
using namespace archcalc::test;
namespace fs = std::filesystem;

namespace {

// vgg16, lenet5 and modules/inception_reduced in `dir`/arch, with baselines in `dir`/base.
fs::path zoo_with_baselines(const TempDir& dir) {
  fs::path zoo = dir.path / "arch";
  fs::create_directories(zoo / "modules");
  for (const char* f : {"vgg16.yaml", "lenet5.yaml", "modules/inception_reduced.yaml"}) {
    fs::copy_file(source_path(std::string("architectures/") + f), zoo / f);
  }
  REQUIRE(run_cli({"report", zoo.string(), "-o", dir.str("base")}).code == 0);
  return zoo;
}

// Replaces the first `from` in the file at `p` with `to`.
void edit(const fs::path& p, const std::string& from, const std::string& to) {
  std::string text = slurp(p);
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  spit(p, text.replace(pos, from.size(), to));
}

}  // namespace

TEST_CASE("check: networks equal to their baselines exit 0", "[check]") {
  TempDir tmp;
  fs::path zoo = zoo_with_baselines(tmp);
  auto r = run_cli({"check", zoo.string(), "--baseline", tmp.str("base")});
  CHECK(r.code == 0);
  CHECK(r.out == "archcalc check: 3 networks match their baselines in " + tmp.str("base") + "\n");
  CHECK(r.err.empty());
}

TEST_CASE("check: a changed network exits 1 naming the layer, field, old and new values",
          "[check]") {
  TempDir tmp;
  fs::path zoo = zoo_with_baselines(tmp);
  edit(zoo / "vgg16.yaml", "classes: 1000", "classes: 10");
  auto r = run_cli({"check", zoo.string(), "--baseline", tmp.str("base"), "--limit", "0"});
  CHECK(r.code == 1);
  // 138,357,544 − 4,097,000 + 40,970 = 134,301,514 params: −2.93%.
  CHECK(has_line(r.out, "vgg16: totals: params 138,357,544 → 134,301,514 (-2.93%)"));
  CHECK(has_line(r.out, "vgg16: totals: macs 15,470,264,320 → 15,466,209,280 (-0.0262%)"));
  CHECK(has_line(r.out, "vgg16: layer fc8: output_shape 1000 → 10"));
  CHECK(has_line(r.out, "vgg16: layer fc8: params 4,097,000 → 40,970 (-99%)"));
  CHECK(has_line(r.out, "vgg16: layer fc8: macs 4,096,000 → 40,960 (-99%)"));
  // Softmax: 3 other ops per element.
  CHECK(has_line(r.out, "vgg16: layer prob: other_ops 3,000 → 30 (-99%)"));
  CHECK(r.out.find("lenet5") == std::string::npos);
  CHECK(r.out.find("inception_reduced") == std::string::npos);
  CHECK(has_line(
      r.out, "  archcalc check " + zoo.string() + " --baseline " + tmp.str("base") + " --update"));

  // --update accepts the change; the next check passes.
  auto u = run_cli({"check", zoo.string(), "--baseline", tmp.str("base"), "--update"});
  CHECK(u.code == 0);
  CHECK(u.out.find("baselines in " + tmp.str("base") + " updated (10 files written)") !=
        std::string::npos);
  CHECK(run_cli({"check", zoo.string(), "--baseline", tmp.str("base")}).code == 0);
}

TEST_CASE("check: a network added or removed is a difference", "[check]") {
  TempDir tmp;
  fs::path zoo = zoo_with_baselines(tmp);
  fs::remove(zoo / "lenet5.yaml");
  fs::copy_file(source_path("architectures/modules/conv3x3_128.yaml"), zoo / "modules/plain.yaml");
  auto r = run_cli({"check", zoo.string(), "--baseline", tmp.str("base")});
  CHECK(r.code == 1);
  CHECK(has_line(r.out, "lenet5: network removed (baseline only)"));
  CHECK(has_line(r.out, "modules/plain: network added (no baseline)"));
  CHECK(r.out.find("archcalc check: 2 differences in 2 of 4 networks.") != std::string::npos);
}

TEST_CASE("check: --limit shortens a long diff per network", "[check]") {
  TempDir tmp;
  fs::path zoo = zoo_with_baselines(tmp);
  edit(zoo / "vgg16.yaml", "classes: 1000", "classes: 10");
  auto all = run_cli({"check", zoo.string(), "--baseline", tmp.str("base"), "--limit", "0"});
  auto two = run_cli({"check", zoo.string(), "--baseline", tmp.str("base"), "--limit", "2"});
  CHECK(two.code == 1);
  std::size_t total = 0;
  for (std::size_t p = all.out.find("\nvgg16: "); p != std::string::npos;
       p = all.out.find("\nvgg16: ", p + 1)) {
    ++total;
  }
  total += all.out.rfind("vgg16: ", 0) == 0;
  REQUIRE(total > 2);
  CHECK(two.out.rfind("vgg16: totals: params 138,357,544 → 134,301,514 (-2.93%)\n"
                      "vgg16: totals: weights",
                      0) == 0);
  CHECK(two.out.find("vgg16: … and " + std::to_string(total - 2) +
                     " more differences (--limit 0 shows all)\n") != std::string::npos);
}

TEST_CASE("check: bad baselines and bad networks exit 2", "[check][errors]") {
  TempDir tmp;
  fs::path zoo = zoo_with_baselines(tmp);
  spit(tmp.path / "base/vgg16.json", "{\n  \"schema\": \"archcalc.analysis\",\n  oops\n}\n");
  auto r = run_cli({"check", zoo.string(), "--baseline", tmp.str("base")});
  CHECK(r.code == 2);
  CHECK(r.err.rfind(tmp.str("base/vgg16.json") + ":3:3: error: not valid JSON: ", 0) == 0);

  TempDir tmp2;
  fs::path zoo2 = zoo_with_baselines(tmp2);
  edit(zoo2 / "lenet5.yaml", "layers:", "layers: [");
  r = run_cli({"check", zoo2.string(), "--baseline", tmp2.str("base")});
  CHECK(r.code == 2);
  CHECK(r.err.rfind((zoo2 / "lenet5.yaml").string() + ":", 0) == 0);

  r = run_cli({"check", zoo2.string(), "--baseline", tmp2.str("base"), "--tolerance", "-1"});
  CHECK(r.code == 2);
}

TEST_CASE("check: diffs of reports, with and without a tolerance", "[check][diff]") {
  using J = nlohmann::ordered_json;
  J before = {{"model", "m"},
              {"archcalc_version", "0.1.0"},
              {"file", "a/m.yaml"},
              {"totals", {{"macs", 1000}, {"params", 10}}},
              {"layers", J::array({{{"name", "c1"}, {"macs", 600}, {"output_shape", {8, 4, 4}}},
                                   {{"name", "c2"}, {"macs", 400}}})}};
  J after = before;
  after["archcalc_version"] = "0.2.0";
  after["file"] = "b/m.yaml";
  CHECK(diff_reports("m", before, after, {}).empty());

  after["totals"]["macs"] = 1001;
  after["layers"][0]["macs"] = 601;
  auto d = diff_reports("m", before, after, {});
  REQUIRE(d.size() == 2);
  CHECK(render_difference(d[0]) == "m: totals: macs 1,000 → 1,001 (+0.1%)");
  CHECK(render_difference(d[1]) == "m: layer c1: macs 600 → 601 (+0.167%)");
  // 1/1000 is within 0.001, 1/600 is not.
  d = diff_reports("m", before, after, DiffOptions{0.001});
  REQUIRE(d.size() == 1);
  CHECK(d[0].where == "layer c1");
  CHECK(d[0].field == "macs");
  CHECK(diff_reports("m", before, after, DiffOptions{0.002}).empty());

  // A tolerance never hides a shape, a layer added or removed.
  after["layers"][0]["output_shape"] = {8, 2, 2};
  after["layers"][1]["name"] = "c3";
  d = diff_reports("m", before, after, DiffOptions{0.5});
  REQUIRE(d.size() == 3);
  CHECK(render_difference(d[0]) == "m: layer c1: output_shape 8×4×4 → 8×2×2");
  CHECK(render_difference(d[1]) == "m: layer c3: added");
  CHECK(render_difference(d[2]) == "m: layer c2: removed");
}
