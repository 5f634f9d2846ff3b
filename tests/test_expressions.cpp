// Expressions (docs/format.md, "Expressions"): exact rational arithmetic,
// decimal parameters and the rounding functions a family's scaling rules use.
#include <catch2/catch.hpp>

#include "helpers.hpp"
#include "io/expr.hpp"
#include "util/diag.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

std::string eval(const std::string& text, std::optional<Rational> w = Rational{11, 10}) {
  return evaluate_number(text,
                         [&](std::string_view name) -> std::optional<Rational> {
                           if (name == "w") return w;
                           return std::nullopt;
                         })
      .str();
}

std::string eval_error(const std::string& text) {
  try {
    eval(text);
  } catch (const OpError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("expressions: exact arithmetic on integers and decimals", "[expr]") {
  CHECK(eval("$w * 32") == "35.2");
  CHECK(eval("$w * 10") == "11");
  CHECK(eval("7 / 2") == "3");       // two integers truncate, as before
  CHECK(eval("-7 / 2") == "-3");     // toward zero
  CHECK(eval("7.5 / 2") == "3.75");  // a fraction divides exactly
  CHECK(eval("7.0 / 2") == "3");     // 7.0 is the whole number 7
  CHECK(eval("$w / 3") == "11/30");
  CHECK(eval("$w / 3 * 3") == "1.1");
  CHECK(eval("0.1 + 0.2") == "0.3");  // exact, unlike binary floating point
  CHECK(eval("7 % 3") == "1");
  CHECK(eval("-$w") == "-1.1");
}

TEST_CASE("expressions: floor, ceil, round, min, max", "[expr]") {
  CHECK(eval("ceil(2 * $w)") == "3");  // EfficientNet-B2's depth rule on a 2-layer stage
  CHECK(eval("floor(2 * $w)") == "2");
  CHECK(eval("ceil(-2.5)") == "-2");
  CHECK(eval("floor(-2.5)") == "-3");
  CHECK(eval("ceil(4)") == "4");
  // Halves to the even neighbour, as Python's round: 0, 2, 2, 0, -2.
  CHECK(eval("round(0.5)") == "0");
  CHECK(eval("round(1.5)") == "2");
  CHECK(eval("round(2.5)") == "2");
  CHECK(eval("round(-0.5)") == "0");
  CHECK(eval("round(-1.5)") == "-2");
  CHECK(eval("round(2.4999)") == "2");
  CHECK(eval("round(2.5001)") == "3");
  CHECK(eval("min(3, $w, 2)") == "1.1");
  CHECK(eval("max(3, $w * 4, 2)") == "4.4");
}

TEST_CASE("expressions: divisible is torchvision's _make_divisible", "[expr]") {
  // Reference values from torchvision.models._utils._make_divisible(v, 8).
  CHECK(eval("divisible(32 * $w, 8)") == "32");  // 35.2
  CHECK(eval("divisible(16 * 0.5, 8)") == "8");
  CHECK(eval("divisible(24 * 0.75, 8)") == "24");  // 18 rounds down to 16, < 90% of 18
  CHECK(eval("divisible(96 * 1.4, 8)") == "136");
  CHECK(eval("divisible(1280 * 0.35, 8)") == "448");
  CHECK(eval("divisible(3.9, 8)") == "8");  // at least the divisor
  CHECK(eval("divisible(20, 8)") == "24");  // halves up
  CHECK(eval("divisible(12, 8)") == "16");
  CHECK(eval("divisible(11.9, 8)") == "16");
  CHECK(eval("divisible(32 * 0.35, 8)") == "16");
  CHECK(eval("divisible(3.9, 8, 4)") == "4");  // 0 raised to the least, within 10% of 3.9
  CHECK(eval("divisible(100, 16, 32)") == "96");
}

TEST_CASE("expressions: errors name what is wrong", "[expr]") {
  CHECK(eval_error("7.5 % 2") == "bad expression '7.5 % 2': '%' takes integers, got 7.5 % 2");
  CHECK(eval_error("ceil(1, 2)") == "bad expression 'ceil(1, 2)': ceil takes 1 argument, got 2");
  CHECK(eval_error("divisible(3)") ==
        "bad expression 'divisible(3)': divisible takes 2 to 3 arguments, got 1");
  CHECK(eval_error("divisible(30, 2.5)") ==
        "bad expression 'divisible(30, 2.5)': divisible: the divisor must be a positive integer");
  CHECK(eval_error("sqrt(4)") ==
        "bad expression 'sqrt(4)': unknown function 'sqrt' (functions: floor, ceil, round, min, "
        "max, divisible)");
  CHECK(eval_error("width * 2") ==
        "bad expression 'width * 2': 'width' is not a value (a parameter is '$width')");
  CHECK(eval_error("$w / 0") == "bad expression '$w / 0': division by zero");
  CHECK(eval_error("9223372036854775807 * 2") ==
        "bad expression '9223372036854775807 * 2': overflows 64 bits");
  CHECK(eval_error("1.0000000000000000001") ==
        "bad expression '1.0000000000000000001': number overflows 64 bits");
}

TEST_CASE("expressions: decimal parameters scale a network; --set reaches them", "[expr]") {
  const char* yaml = R"yaml(
input: [3, 8, 8]
params: {width: 1.0, depth: 1.0}
layers:
  - {name: stem, op: conv, out: "divisible(32 * $width, 8)", kernel: 1, bias: false}
  - {name: body, op: conv, out: "divisible(24 * $width, 8)", kernel: 1, bias: false, repeat: ceil(2 * $depth)}
)yaml";
  Network b0 = analyzed_text(yaml);
  CHECK(layer_named(b0, "stem").out.c() == 32);
  CHECK(layer_named(b0, "body_2").out.c() == 24);
  CHECK(b0.totals(false).cost.params() == 3 * 32 + 32 * 24 + 24 * 24);
  // Width 1.4 and depth 1.2.
  Diagnostics diag;
  LoadOptions opts;
  opts.overrides = {{"width", "1.4"}, {"depth", "1.2"}};
  Network b4 = load_network_text(yaml, "t.yaml", opts, diag);
  analyze(b4);
  CHECK(layer_named(b4, "stem").out.c() == 48);    // 44.8 → 48
  CHECK(layer_named(b4, "body_3").out.c() == 32);  // 33.6 → 32; ceil(2.4) = 3 copies
  CHECK(b4.totals(false).cost.params() == 3 * 48 + 48 * 32 + 2 * 32 * 32);
}

TEST_CASE("expressions: --set gives a decimal parameter a number", "[expr]") {
  // tests/errors/expr_fraction.yaml: width 1.1 makes 'out' 35.2 (the corpus holds that error).
  CliResult r =
      run_cli({"analyze", source_path("tests/errors/expr_fraction.yaml"), "--set", "width=wide"});
  CHECK(r.code == 2);
  CHECK(r.err.find("--set width=wide: 'width' takes a number\n") != std::string::npos);
  CliResult ok =
      run_cli({"analyze", source_path("tests/errors/expr_fraction.yaml"), "--set", "width=1.5"});
  CHECK(ok.code == 0);
  CHECK(ok.out.find("48×8×8") != std::string::npos);
}

TEST_CASE("expressions: an unquoted comma in a flow map is named as the cause", "[expr]") {
  CHECK(eval_error("divisible(32 * $w") ==
        "bad expression 'divisible(32 * $w': missing ')' after the arguments of divisible (in a "
        "flow map {...} a comma ends the value: quote the expression)");
}
