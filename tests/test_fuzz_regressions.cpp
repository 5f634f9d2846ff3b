// Inputs the fuzz targets found (tests/data/fuzz-regressions/README.md): each
// now ends in its one error line and exit 2.
#include <catch2/catch.hpp>

#include <algorithm>

#include "helpers.hpp"

using namespace archcalc::test;

namespace {

// `archcalc analyze` of a regression input: exit 2, nothing on standard
// output, and one line on standard error, which it returns after "FILE: ".
std::string analyze_error(const char* file, std::vector<std::string> flags = {}) {
  const std::string path = source_path(std::string("tests/data/fuzz-regressions/") + file);
  std::vector<std::string> args{"analyze", path};
  args.insert(args.end(), flags.begin(), flags.end());
  CliResult r = run_cli(args);
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  REQUIRE(r.err.starts_with(path + ": "));
  return r.err.substr(path.size() + 2);
}

}  // namespace

TEST_CASE("fuzz regressions: an ONNX op_type that is not UTF-8", "[fuzz][onnx]") {
  const std::string path = source_path("tests/data/fuzz-regressions/onnx_op_type_not_utf8.onnx");
  for (bool allow_unknown : {false, true}) {
    std::vector<std::string> args{"analyze", path, "--format", "json"};
    if (allow_unknown) args.push_back("--allow-unknown");
    CliResult r = run_cli(args);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err == path + ": error: not an ONNX model (the op_type of node 3 is not UTF-8)\n");
  }
}

TEST_CASE("fuzz regressions: an ONNX Reshape whose dims overflow 64 bits", "[fuzz][onnx]") {
  // The product of the target's dims overflowed (undefined behaviour) before
  // it was compared with the input's element count.
  CHECK(analyze_error("onnx_reshape_overflow.onnx") ==
        "error: node 'reshape' (Reshape): dims 1×5×4503599627370495×32767 hold more than 2^63 − 1 "
        "elements\n");
}

TEST_CASE("fuzz regressions: an ONNX initializer whose dims overflow 64 bits", "[fuzz][onnx]") {
  // Telling whether an initializer holds more than one element multiplied its
  // dims (1231998 × 7286956932043427090 …) and overflowed.
  CHECK(analyze_error("onnx_initializer_dims_overflow.onnx")
            .starts_with("error: node 'relu' (Rgro): unsupported op (supported: Conv, "));
}

TEST_CASE("fuzz regressions: a GELU-like Div without an output", "[fuzz][onnx]") {
  // The GELU and layer-norm patterns read the first output or the second
  // input of nodes that had none (a null dereference in protobuf).
  CHECK(
      analyze_error("onnx_pattern_node_without_output.onnx") ==
      "error: node 'pos_embed' (Add): inputs 50×4 and 17×4 do not broadcast: axis 0 is 50 against "
      "17 (sizes must be equal or 1)\n");
}

TEST_CASE("fuzz regressions: a stride of 0 where ONNX's shape inference runs", "[fuzz][onnx]") {
  // With --allow-unknown, a Conv whose kernel_shape disagrees with its weight
  // is uncounted and ONNX's shape inference is asked for its output; a later
  // Conv has strides [1, 0], which libonnx's conv rule divides by (SIGFPE).
  CHECK(analyze_error("onnx_stride_zero_shape_inference.onnx", {"--allow-unknown"}) ==
        "error: node '/layers/layers.10/layers.10.2/layers/layers.0/Conv' (Conv): "
        "'kernel_shape' disagrees with the weight; neither the model nor ONNX's shape inference "
        "gives its output's shape (ONNX's shape inference cannot run: node "
        "'/layers/layers.13/layers.13.0/layers/layers.6/Conv' (Conv) has a stride of 0), so "
        "nothing after it can be counted\n");
}

TEST_CASE("fuzz regressions: a weight of 200 dims where ONNX's shape inference runs",
          "[fuzz][onnx]") {
  // With --allow-unknown, a Conv whose weight has 200 dims (no kernel_shape)
  // is uncounted and ONNX's shape inference is asked for its output; libonnx
  // takes the kernel from the weight and reads past its 4-dim input's dims
  // (a crash). It now runs in a child process.
  CHECK(analyze_error("onnx_weight_rank_shape_inference.onnx", {"--allow-unknown"}) ==
        "error: node 'c3' (Conv): the weight 'w3' has no known shape; neither the model nor "
        "ONNX's shape inference gives its output's shape (ONNX's shape inference failed: it "
        "crashed on this model), so nothing after it can be counted\n");
}
