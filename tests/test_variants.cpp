// Family variants (`variants:` in a file): `--set` to a variant's values
// gives that network its own name, title and published figures; `--set` to
// values no variant names leaves the file's figures out.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "helpers.hpp"
#include "zoo_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

const char* kFamily = R"yaml(
input: [4]
params: {width: 1.0, classes: 10}
published: {params: 50, source: the file}
variants:
  wide:
    title: the wide one
    set: {width: 2}
    published: {params: 90, top1: 71.5, source: elsewhere}
  wide_many:
    set: {width: 2.0, classes: 20}
    published: {params: 180, source: elsewhere}
layers:
  - {name: fc, op: fc, out: "round(4 * $width)"
}
  - {name: head, op: fc, out: $classes}
)yaml";

Network family(std::vector<std::pair<std::string, std::string>> sets) {
  Diagnostics diag;
  LoadOptions opts;
  opts.overrides = std::move(sets);
  Network net = load_network_text(kFamily, "family.yaml", opts, diag);
  analyze(net);
  return net;
}

}  // namespace

TEST_CASE("variants: --set picks a variant's name, title and figures", "[loader][variants]") {
  // fc 4 → 4: 20 params; head 4 → 10: 50; 70 in all.
  Network own = family({});
  CHECK(own.name == "family");
  CHECK(own.published.params == 50);
  // width 2: fc 4 → 8 (40), head 8 → 10 (90); 130.
  Network wide = family({{"width", "2.0"}});
  CHECK(wide.name == "wide");
  CHECK(wide.title == "the wide one");
  CHECK(wide.published.params == 90);
  CHECK(wide.published.top1_text == "71.5");
  CHECK(wide.totals(false).cost.params() == 130);
  // Both set: the second variant; head 8 → 20: 180 + 40 = 220.
  Network many = family({{"classes", "20"}, {"width", "2"}});
  CHECK(many.name == "wide_many");
  CHECK(many.title.empty());
  CHECK(many.published.params == 180);
  // A value set to the file's own is no change.
  CHECK(family({{"width", "1"}}).published.params == 50);
  // Values no variant names: no figures, and the output says why.
  Network other = family({{"width", "3"}});
  CHECK(other.name == "family");
  CHECK_FALSE(other.published.params);
  CHECK(other.published.withheld == "--set width=3 changes the network");
}

TEST_CASE("variants: a set naming no parameter is an error", "[loader][variants]") {
  Diagnostics diag;
  CHECK_THROWS_WITH(load_network_text("input: [4]\nparams: {width: 1}\nvariants:\n  w2: {set: "
                                      "{widht: 2}}\nlayers:\n  - {op: fc, out: 2}\n",
                                      "v.yaml", {}, diag),
                    "v.yaml:4:14: error: variant 'w2': no parameter 'widht' (did you mean "
                    "'width'?)");
}

// Every variant of every bundled network: its figures agree with the count.
TEST_CASE("variants: every bundled variant agrees with its published figures", "[zoo][variants]") {
  int variants = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source_path("architectures"))) {
    if (entry.path().extension() != ".yaml") continue;
    Network file = zoo_network(entry.path().stem().string());
    for (const auto& v : file.variants) {
      const std::string& name = v.name;
      INFO(entry.path().filename().string() << " as " << name);
      Network net = zoo_network(entry.path().stem().string(), v.set);
      CHECK(net.name == name);
      const Published& p = net.published;
      REQUIRE(p.params);
      CHECK(published_agrees(*p.params, p.params_unit, net.totals(false).cost.params()));
      if (p.macs) CHECK(published_agrees(*p.macs, p.macs_unit, net.totals(false).cost.macs));
      CHECK(p.top1);
      CHECK(p.top5);
      ++variants;
    }
  }
  CHECK(variants == 17);
}
