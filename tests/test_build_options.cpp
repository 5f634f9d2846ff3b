// The optional parts (ARCHCALC_WITH_ONNX, _GRAPHVIZ, _OPENBLAS, _ONEDNN): a
// build with the part uses it; a build without it refuses in one line, exit 2.
#include <catch2/catch.hpp>

#include "exec/backend.hpp"
#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("build options: .onnx files need ARCHCALC_WITH_ONNX", "[options]") {
  const std::string onnx = source_path("tests/data/import/tiny_cnn.onnx");
  CliResult r = run_cli({"analyze", onnx, "--format", "json"});
#if ARCHCALC_WITH_ONNX
  CHECK(r.code == 0);
  CHECK(r.err.empty());
#else
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        onnx + ": error: this build has no ONNX support (built with ARCHCALC_WITH_ONNX=OFF)\n");
#endif
}

TEST_CASE("build options: rendered diagrams need ARCHCALC_WITH_GRAPHVIZ", "[options]") {
  TempDir dir("options");
  const std::string svg = dir.str("lenet5.svg"), dot = dir.str("lenet5.dot");
  const std::string lenet = source_path("architectures/lenet5.yaml");
  CliResult r = run_cli({"diagram", lenet, "-o", svg});
#if ARCHCALC_WITH_GRAPHVIZ
  CHECK(r.code == 0);
  CHECK(slurp(svg).rfind("<?xml", 0) == 0);
#else
  CHECK(r.code == 2);
  CHECK(r.err == svg +
                     ": error: this build has no Graphviz support to render svg (built with "
                     "ARCHCALC_WITH_GRAPHVIZ=OFF)\n");
  CHECK_FALSE(std::filesystem::exists(svg));
#endif
  // The DOT source needs no Graphviz.
  r = run_cli({"diagram", lenet, "-o", dot});
  CHECK(r.code == 0);
  CHECK(slurp(dot).rfind("digraph", 0) == 0);
}

TEST_CASE("build options: the gemm and onednn backends need OpenBLAS and oneDNN", "[options]") {
  std::vector<std::string> names{"reference"};
  if (ARCHCALC_WITH_OPENBLAS) names.push_back("gemm");
  if (ARCHCALC_WITH_ONEDNN) names.push_back("onednn");
  CHECK(exec::backend_names() == names);

  const std::string tiny = source_path("tests/data/exec_tiny.yaml");
  for (const auto& [backend, option, built] :
       {std::tuple{"gemm", "ARCHCALC_WITH_OPENBLAS", ARCHCALC_WITH_OPENBLAS},
        std::tuple{"onednn", "ARCHCALC_WITH_ONEDNN", ARCHCALC_WITH_ONEDNN}}) {
    INFO(backend);
    CliResult r = run_cli({"run", tiny, "--backend", backend, "--repeat", "1", "--warmup", "0"});
    if (built) {
      CHECK(r.code == 0);
      CHECK(exec::missing_backend(backend).empty());
    } else {
      const std::string why =
          std::string("this build has no ") + backend + " backend (built with " + option + "=OFF)";
      CHECK(r.code == 2);
      CHECK(r.err == "archcalc: error: --backend: " + why + "\n");
      CHECK(exec::missing_backend(backend) == why);
      CHECK_THROWS_WITH(exec::make_backend(backend, {}), why);
    }
  }
  CHECK(exec::missing_backend("reference").empty());
  CHECK(exec::missing_backend("fast").empty());
}

#if !ARCHCALC_WITH_OPENBLAS && !ARCHCALC_WITH_ONEDNN
TEST_CASE("build options: probe needs OpenBLAS or oneDNN", "[options]") {
  TempDir dir("options");
  CliResult r = run_cli({"probe", "-o", dir.str("m.json")});
  CHECK(r.code == 2);
  CHECK(r.err ==
        "archcalc: error: this build has no sgemm to probe the peak with (built with "
        "ARCHCALC_WITH_OPENBLAS=OFF and ARCHCALC_WITH_ONEDNN=OFF)\n");
}
#endif
