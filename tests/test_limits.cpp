// Hard limits on hostile input: each must end in a clear error, in bounded
// time and memory, never in a crash, a hang or an overflowed count.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

// The rendered errors of loading and analyzing `yaml` (named limits.yaml), or
// "ok" if it loads and analyzes.
std::string errors_of(const std::string& yaml, const LoadOptions& options = {}) {
  Diagnostics diag;
  try {
    Network net = load_network_text(yaml, "limits.yaml", options, diag);
    analyze(net);
  } catch (const InputErrors& e) {
    return e.what();
  } catch (const InputError& e) {
    return e.render();
  }
  return "ok";
}

// `unit` repeated `n` times.
std::string times(const std::string& unit, std::size_t n) {
  std::string out;
  out.reserve(unit.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

// A file of `depth` nested block definitions b1 → b2 → ... each using the
// previous one `repeat` times; b0 holds `inner`.
std::string nested_blocks(int depth, int repeat, const std::string& inner) {
  std::string y = "input: [3, 8, 8]\nblocks:\n  b0: {layers: [" + inner + "]}\n";
  for (int i = 1; i <= depth; ++i) {
    y += "  b" + std::to_string(i) + ": {layers: [{block: b" + std::to_string(i - 1) +
         ", repeat: " + std::to_string(repeat) + "}]}\n";
  }
  return y + "layers:\n  - {block: b" + std::to_string(depth) + "}\n";
}

// Ten levels of aliases, each a list of ten of the level below: 10^10
// elements once expanded ("billion laughs").
std::string laughs() {
  std::string y = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= 10; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    y += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + times(prev + ", ", 9) +
         prev + "]\n";
  }
  return y;
}

}  // namespace

TEST_CASE("limits: a file larger than 16 MiB is refused before parsing", "[limits]") {
  std::string big = "input: [3, 8, 8]\nlayers: [{op: relu}]\n" + times("#", 16 << 20);
  CHECK(errors_of(big) == "limits.yaml: error: file larger than 16 MiB");
  // From disk, too: reading stops at the limit.
  auto path = std::filesystem::temp_directory_path() / "archcalc_limits_big.yaml";
  std::ofstream(path, std::ios::binary) << big;
  CliResult r = run_cli({"analyze", path.string()});
  std::filesystem::remove(path);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == path.string() + ": error: file larger than 16 MiB\n");
}

TEST_CASE("limits: deeply nested YAML is an error, not a stack overflow", "[limits]") {
  // yaml-cpp's depth guard stops the parser; 100,000 levels of flow lists or
  // block lists must not reach our code's stack either.
  CHECK(errors_of("input: [3, 8, 8]\nlayers: " + times("[", 100000) + times("]", 100000)) ==
        "limits.yaml:2:200009: error: YAML syntax: lists and maps nested too deeply");
  CHECK(errors_of("input: [3, 8, 8]\nlayers:\n" + times("- ", 100000) + "x\n") ==
        "limits.yaml:3:998: error: YAML syntax: lists and maps nested too deeply");
  CHECK(errors_of("input: [3, 8, 8]\nx: " + times("{a: ", 100000) + times("}", 100000)) ==
        "limits.yaml:2:1995: error: YAML syntax: lists and maps nested too deeply");
  // 400 levels parse; the loader then reads only the levels it needs.
  CHECK(errors_of("input: [3, 8, 8]\nx: " + times("[", 400) + times("]", 400) +
                  "\nlayers: [{op: relu}]\n") == "ok");
}

TEST_CASE("limits: alias expansion ('billion laughs') is never walked", "[limits]") {
  // Aliases share one node; every place the loader reads takes scalars or
  // lists of scalars, so a 10^10-element expansion costs nothing. An error
  // inside an alias points where the aliased node was defined (a10 on line 11,
  // its first element, *a9, at a9's definition on line 10).
  {
    CHECK(errors_of(laughs() + "input: [3, 8, 8]\nlayers: [{op: relu}]\n") == "ok");
    CHECK(errors_of(laughs() + "input: [3, 8, 8]\nparams: {p: *a10}\nlayers: [{op: relu}]\n") ==
          "limits.yaml:11:6: error: parameter 'p': lists of lists are not values");
    CHECK(errors_of(laughs() + "input: [3, 8, 8]\nlayers: *a10\n") ==
          "limits.yaml:10:5: error: a layer must be a map such as {name: conv1, op: conv, ...}");
    CHECK(errors_of(laughs() + "input: [3, 8, 8]\nlayers: [{op: concat, from: *a10}]\n") ==
          "limits.yaml:10:5: error: concat 'concat_1': 'from' must be a layer name or a list of "
          "names");
    CHECK(errors_of(laughs() + "input: *a10\nlayers: [{op: relu}]\n") ==
          "limits.yaml:10:5: error: 'input': lists of lists are not values");
  }
}

TEST_CASE("limits: layers, repeats and block nesting", "[limits]") {
  // repeat is at most 10,000.
  CHECK(errors_of("input: [3, 8, 8]\nlayers: [{name: r, op: relu, repeat: 10001}]\n") ==
        "limits.yaml:2:38: error: relu 'r': 'repeat' must be between 0 and 10000, got 10001");
  // Blocks nest at most 64 deep: b64 ... b0 are 65 levels, and b0 is refused.
  std::string deep = nested_blocks(64, 1, "{op: relu}");
  std::string path;
  for (int i = 64; i >= 1; --i) path += "b" + std::to_string(i) + "_1/";
  path += "b0_1";
  CHECK(errors_of(deep) ==
        "limits.yaml:4:25: error: block 'b0' as '" + path + "': blocks nested deeper than 64");
  CHECK(errors_of(nested_blocks(63, 1, "{op: relu}")) == "ok");  // b63 ... b0: 64 levels
  // 200,000 layers at most: 10,000 uses of a block of 21 relus; the input
  // and 9,523 whole uses make 199,984 layers, and the 17th relu of the next
  // (column 209) is the 200,001st.
  {
    CHECK(errors_of(nested_blocks(2, 10000, times("{op: relu}, ", 20) + "{op: relu}")) ==
          "limits.yaml:3:209: error: the network has more than 200000 layers");
  }
}

TEST_CASE("limits: a lower layer cap, as the fuzz targets set it", "[limits]") {
  LoadOptions o;
  o.max_layers = 100;
  // The input and 99 relus fit; the 100th relu is the 101st layer.
  CHECK(errors_of("input: [3, 8, 8]\nlayers: [{name: r, op: relu, repeat: 99}]\n", o) == "ok");
  CHECK(errors_of("input: [3, 8, 8]\nlayers: [{name: r, op: relu, repeat: 100}]\n", o) ==
        "limits.yaml:2:10: error: the network has more than 100 layers");
  // Expansion is capped at twice the layers: a failing block used 300 times.
  CHECK(errors_of(nested_blocks(1, 300, "{op: nonsense}"), o) ==
        "limits.yaml:3:22: error: unknown op 'nonsense'\n"
        "limits.yaml:3:17: error: the file expands to more than 200 layers and block uses "
        "(through 'repeat' and nested blocks)");
}

TEST_CASE("limits: a broken block used 10^8 times fails fast, once", "[limits]") {
  // Before: every one of the 10^8 uses failed again (hours, gigabytes).
  std::string yaml = nested_blocks(2, 10000, "{op: nonsense}");
  CHECK(errors_of(yaml) ==
        "limits.yaml:3:22: error: unknown op 'nonsense'\n"
        "limits.yaml:3:17: error: the file expands to more than 400000 layers and block uses "
        "(through 'repeat' and nested blocks)");
}

TEST_CASE("limits: many unknown names cost no quadratic hints", "[limits]") {
  // 20,000 layers and 20,000 references to unknown ones: a hint for each
  // would compare 4·10^8 pairs; only the 20 shown errors get one.
  std::string y = "input: [3, 8, 8]\nlayers:\n";
  for (int i = 0; i < 20000; ++i) {
    y += "  - {name: layer_number_" + std::to_string(i) + ", op: relu, from: input}\n";
  }
  y += "  - {name: cat, op: concat, from: [";
  for (int i = 0; i < 20000; ++i)
    y += (i ? ", " : "") + std::string("layer_numbr_") + std::to_string(i);
  y += "]}\n";
  std::string err = errors_of(y);
  CHECK(err.rfind(
            "limits.yaml:20003:36: error: concat 'cat': unknown layer 'layer_numbr_0' in 'from' "
            "(did you mean 'layer_number_0'?)\n",
            0) == 0);
  CHECK(err.ends_with("limits.yaml: error: 19980 more errors not shown"));
}

TEST_CASE("limits: a warning inside a block is given once, not per use", "[limits]") {
  Diagnostics diag;
  Network net = load_network_text(
      "input: [3, 8, 8]\nblocks:\n  b: {layers: [{op: relu, colour: red}]}\n"
      "layers:\n  - {block: b, repeat: 10000}\n",
      "limits.yaml", LoadOptions{}, diag);
  REQUIRE(diag.warnings().size() == 1);
  CHECK(diag.warnings()[0] ==
        "limits.yaml:3:27: warning: relu 'b_1_1/relu_1': unknown key 'colour'");
  CHECK(boost::num_vertices(net.graph) == 10001);
}

TEST_CASE("limits: values, lists and expressions", "[limits]") {
  CHECK(errors_of("input: [3, 8, 8]\nlayers: [{op: conv, out: 3, kernel: [" + times("1,", 4096) +
                  "1]}]\n") ==
        "limits.yaml:2:37: error: conv 'conv_1': 'kernel': list longer than 4096 elements");
  CHECK(errors_of("input: [3, 8, 8]\nparams: {w: 1}\nlayers: [{op: conv, out: " +
                  times("$w+", 400) + "$w, kernel: 1}]\n") ==
        "limits.yaml:3:26: error: conv 'conv_1': 'out': expression longer than 1000 characters");
  CHECK(errors_of("input: [3, 8, 8]\nparams: {w: 1}\nlayers: [{op: conv, out: '" + times("(", 40) +
                  "$w" + times(")", 40) + "', kernel: 1}]\n") ==
        "limits.yaml:3:26: error: conv 'conv_1': 'out': bad expression '" + times("(", 40) + "$w" +
            times(")", 40) + "': nested too deeply");
  CHECK(errors_of("input: [3, 8, 8]\nlayers: [{op: conv, out: 1099511627777, kernel: 1}]\n") ==
        "limits.yaml:2:26: error: conv 'conv_1': 'out' must be at most 1099511627776, got "
        "1099511627777");
}

TEST_CASE("limits: counts that would overflow 64 bits", "[limits]") {
  // One tensor of 2^40 · 2^40 · 2^40 elements.
  CHECK(errors_of("input: [1099511627776, 1099511627776, 1099511627776]\nlayers: [{op: relu}]\n") ==
        "limits.yaml:1:8: error: input 'input': tensor size overflows 64 bits");
  // Weights of 2^30 · 2^31 = 2^61 fit; at fp32 their 2^63 bytes fit; the sum of
  // two layers' weight bytes, 2^64, does not.
  CHECK(errors_of("input: [1073741824]\nlayers:\n"
                  "  - {name: f0, op: fc, out: 2147483648, bias: false}\n"
                  "  - {name: v0, op: fc, out: 1073741824, bias: false}\n") ==
        "limits.yaml:4:5: error: fc 'v0': total weight bytes overflows 64 bits");
  // 2^20 · 2^20 · 2^20 outputs × 2^20 inputs per output: 2^80 MACs.
  CHECK(errors_of("input: [1048576, 1048576, 1048576]\n"
                  "layers: [{name: c, op: conv, out: 1048576, kernel: 1}]\n") ==
        "limits.yaml:2:10: error: conv 'c': MACs overflows 64 bits");
  // A 100,000-input concat of 2^40 channels each: 2^56.6 channels, refused.
  CHECK(errors_of("input: [1099511627776, 1, 1]\nlayers:\n  - {name: a, op: relu}\n"
                  "  - {name: c, op: concat, from: [" +
                  times("a, ", 99999) + "a]}\n") ==
        "limits.yaml:4:5: error: concat 'c': channel count overflows");
}

TEST_CASE("limits: 951 uses of a block (a slow unit fuzz_set found) count exactly", "[limits]") {
  // fuzz_set's network (fuzz/set_target.yaml) with --set depth=951: 2,856 layers, about 2 s under
  // the sanitizers. By hand: stem 32·3·1·3 + 32 = 320 params and
  // 32·32·32 · 9 = 294,912 MACs; the first unit's conv a (32 → 16, 1×3)
  // 1,552 and 16,384 · 96, conv b (1×1) 272 and 16,384 · 16; each of the
  // other 950 units 784 + 272 params and 16,384 · (48 + 16) MACs; fc
  // 16·16·16 · 10 + 10 = 40,970 params and 40,960 MACs.
  const std::string yaml = slurp(source_path("fuzz/set_target.yaml"));
  LoadOptions o;
  o.overrides = {{"depth", "951"}};
  Diagnostics diag;
  Network net = load_network_text(yaml, "set_target.yaml", o, diag);
  analyze(net);
  const Totals& t = net.totals(false);
  CHECK(t.layers == 2856);
  CHECK(t.cost.params() == 320 + 1552 + 272 + 950 * (784 + 272) + 40970);
  CHECK(t.cost.params() == 1046314);
  CHECK(t.cost.macs == 294912 + 16384 * (96 + 16) + 950 * 16384 * (48 + 16) + 40960);
  CHECK(t.cost.macs == 998318080);
}
