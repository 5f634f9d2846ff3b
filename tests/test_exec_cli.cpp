// `archcalc run`: exact counts and memory in every format, the memory limit,
// the .npy interchange end to end (hand-made weights and input give a
// hand-computed output), and bad files or options refused with exit 2.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "emit/format.hpp"
#include "emit_run/run_report.hpp"
#include "exec/npy.hpp"
#include "exec/plan.hpp"
#include "helpers.hpp"
#include "test_exec_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;
using exec::Array;

namespace {

const std::string kTinyFile = source_path("tests/data/exec_tiny.yaml");

void save(const std::string& path, std::vector<std::int64_t> dims, std::vector<float> values) {
  Array t = tensor_of(std::move(dims), std::move(values));
  exec::save_npy(path, t.values(), t.dims());
}

std::vector<float> load(const std::string& path, std::vector<std::int64_t> dims) {
  Array t(std::move(dims));
  exec::load_npy(path, t);
  return {t.data(), t.data() + t.size()};
}

}  // namespace

TEST_CASE("exec cli: run --format json reports exact counts and memory", "[exec][cli]") {
  CliResult r = run_cli({"run", kTinyFile, "--repeat", "3", "--warmup", "1", "--format", "json"});
  REQUIRE(r.code == 0);
  CHECK(r.err.empty());
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["schema"] == 1);
  CHECK(j["model"] == "exec_tiny");
  CHECK(j["backend"] == "reference");
  CHECK(j["threads"] == 1);
  CHECK(j["batch"] == 1);
  CHECK(j["repeat"] == 3);
  CHECK(j["warmup"] == 1);
  CHECK(j["memory"]["activations"] == 272);
  CHECK(j["memory"]["activations_measured"] == 272);
  CHECK(j["memory"]["peak_at"] == "conv1");
  CHECK(j["memory"]["inputs"] == 144);
  CHECK(j["memory"]["weights"] == 476);
  CHECK(j["memory"]["workspace"] == 0);
  CHECK(j["memory"]["total"] == 892);
  CHECK(j["totals"]["macs"] == 384);
  REQUIRE(j["layers"].size() == 3);
  CHECK(j["layers"][0]["name"] == "conv1");
  CHECK(j["layers"][0]["op"] == "conv 3×3");
  CHECK(j["layers"][0]["output_shape"] == nlohmann::json::array({2, 4, 4}));
  CHECK(j["layers"][0]["macs"] == 288);
  CHECK(j["layers"][1]["name"] == "conv1_relu");
  CHECK(j["layers"][1]["macs"] == 0);
  CHECK(j["layers"][2]["name"] == "fc");
  CHECK(j["layers"][2]["macs"] == 96);
  for (const auto& l : j["layers"]) {
    CHECK(l["seconds"]["min"] <= l["seconds"]["median"]);
    CHECK(l["seconds"]["median"] <= l["seconds"]["max"]);
    CHECK(l["seconds"]["min"] > 0);
  }
}

TEST_CASE("exec cli: --batch multiplies MACs and activations, not weights", "[exec][cli]") {
  CliResult r = run_cli({"run", kTinyFile, "--repeat", "1", "--batch", "3", "--format", "json"});
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(r.out);
  CHECK(j["totals"]["macs"] == 1152);
  CHECK(j["layers"][0]["macs"] == 864);
  CHECK(j["memory"]["activations"] == 816);
  CHECK(j["memory"]["activations_measured"] == 816);
  CHECK(j["memory"]["inputs"] == 432);
  CHECK(j["memory"]["weights"] == 476);
}

TEST_CASE("exec cli: the table and CSV show each layer's MACs and shares", "[exec][cli]") {
  CliResult t = run_cli({"run", kTinyFile, "--repeat", "1", "--warmup", "0"});
  REQUIRE(t.code == 0);
  CHECK(t.out.find("backend reference · 1 thread · batch 1 · 1 timed pass after 0 warm-up · "
                   "seed 1") != std::string::npos);
  CHECK(t.out.find("memory: 892 B (activations at their peak 272 B, inputs 144 B, weights 476 B, "
                   "workspace 0 B)") != std::string::npos);
  CHECK(t.out.find("activation peak: measured 272 bytes (the executor's high-water mark, outputs "
                   "freed after their last reader), predicted 272 bytes at conv1 (equal)\n") !=
        std::string::npos);
  CHECK(t.out.find("\nlayer          op        output  MACs      time  ") != std::string::npos);
  CHECK(t.out.find("\nconv1          conv 3×3  2×4×4    288  ") != std::string::npos);
  CHECK(t.out.find("75.00%") != std::string::npos);  // conv1's share of MACs: 288 / 384
  CHECK(t.out.find("25.00%") != std::string::npos);  // fc's: 96 / 384
  CHECK(t.out.find("\nsum of layers                     384  ") != std::string::npos);
  CHECK(t.out.find("\nwhole pass                        384  ") != std::string::npos);

  CliResult c = run_cli({"run", kTinyFile, "--repeat", "1", "--format", "csv"});
  REQUIRE(c.code == 0);
  CHECK(c.out.rfind("layer,op,output_shape,macs,median_s,min_s,max_s,gflops,time_share,"
                    "macs_share\n\"conv1\",\"conv 3×3\",2x4x4,288,",
                    0) == 0);
  CHECK(c.out.find("\n\"fc\",\"fc\",3,96,") != std::string::npos);
  CHECK(c.out.find(",0.75\n") != std::string::npos);
  CHECK(c.out.find(",0.25\n") != std::string::npos);
}

TEST_CASE("exec cli: a run above --max-memory is refused before allocating", "[exec][cli]") {
  CliResult r = run_cli({"run", kTinyFile, "--max-memory", "891"});
  CHECK(r.code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == kTinyFile +
                     ": error: the run needs 892 B (892 bytes: activations 272 B at their peak at "
                     "batch 1, inputs 144 B, weights 476 B, workspace 0 B), more than "
                     "--max-memory 891 B (891 bytes); lower --batch or raise --max-memory\n");
  CHECK(run_cli({"run", kTinyFile, "--max-memory", "892", "--repeat", "1"}).code == 0);
  // Units are powers of 1024; a batch of 2^30 needs 2^30 · (272 + 144) bytes =
  // 416 GiB of activations and inputs.
  CliResult big = run_cli({"run", kTinyFile, "--batch", "1073741824", "--max-memory", "1G"});
  CHECK(big.code == 2);
  CHECK(big.err.find("error: the run needs 416.00 GiB") != std::string::npos);
  CHECK(big.err.find("more than --max-memory 1.00 GiB (1073741824 bytes)") != std::string::npos);
}

TEST_CASE("exec cli: --max-memory sizes and the default limit", "[exec][cli]") {
  CHECK(exec::parse_bytes("888") == Count{888});
  CHECK(exec::parse_bytes("512M") == Count{512} << 20);
  CHECK(exec::parse_bytes("4G") == Count{4} << 30);
  CHECK(exec::parse_bytes("1.5GiB") == Count{3} << 29);
  CHECK(exec::parse_bytes("2kB") == Count{2048});
  CHECK(exec::parse_bytes("1T") == Count{1} << 40);
  CHECK_FALSE(exec::parse_bytes(""));
  CHECK_FALSE(exec::parse_bytes("G"));
  CHECK_FALSE(exec::parse_bytes("-1"));
  CHECK_FALSE(exec::parse_bytes("4X"));
  CHECK_FALSE(exec::parse_bytes("1.2.3"));
  CHECK_FALSE(exec::parse_bytes("99999999999T"));
  CHECK(exec::bytes_text(512) == "512 B");
  CHECK(exec::bytes_text(1536) == "1.50 KiB");
  CHECK(exec::bytes_text(Count{3} << 30) == "3.00 GiB");
  auto ram = exec::physical_memory();
  REQUIRE(ram);
  CHECK(exec::default_max_memory() == *ram / 2);
  CliResult r = run_cli({"run", kTinyFile, "--max-memory", "lots"});
  CHECK(r.code == 2);
  CHECK(r.err.find("--max-memory: expects bytes such as 1073741824, 512M or 4G, got 'lots'") !=
        std::string::npos);
}

TEST_CASE("exec cli: time formatting", "[exec][cli]") {
  CHECK(seconds_text(1.23456) == "1.235 s");
  CHECK(seconds_text(0.012345) == "12.35 ms");
  CHECK(seconds_text(0.0001234) == "123.4 µs");
  CHECK(seconds_text(8.5e-7) == "850.0 ns");
  CHECK(seconds_text(0) == "0 s");
  CHECK(exec::share_text(1, 4) == "25.00%");
  CHECK(exec::share_text(1, 0) == "-");
  CHECK(exec::gflops(500'000'000, 0.5) == 2.0);
}

TEST_CASE("exec cli: hand-made weights and input give the hand-computed output",
          "[exec][cli][npy]") {
  TempDir dir("cli_npy");
  const std::string w = dir.file("w");
  std::filesystem::create_directories(w);
  // Input all ones. conv1 channel 0: weights 1, bias 0 → 9 at every pixel;
  // channel 1: weights −1, bias 0.5 → −8.5, which the ReLU zeroes.
  save(dir.file("x.npy"), {1, 6, 6}, std::vector<float>(36, 1.0f));
  std::vector<float> cw(9, 1.0f);
  cw.resize(18, -1.0f);
  save(w + "/conv1.weight.npy", {2, 1, 3, 3}, cw);
  save(w + "/conv1.bias.npy", {2}, {0, 0.5f});
  // fc: row 0 all 1, row 1 all 0.5, row 2 zero; bias (1, 2, 3):
  // (16·9 + 1, 16·9·0.5 + 2, 3) = (145, 74, 3).
  std::vector<float> fw(32, 1.0f);
  fw.resize(64, 0.5f);
  fw.resize(96, 0.0f);
  save(w + "/fc.weight.npy", {3, 32}, fw);
  save(w + "/fc.bias.npy", {3}, {1, 2, 3});
  CliResult r = run_cli({"run", kTinyFile, "--repeat", "1", "--load-weights", w, "--input",
                         dir.file("x.npy"), "--save-output", dir.file("y.npy")});
  REQUIRE(r.code == 0);
  CHECK(load(dir.file("y.npy"), {1, 3}) == std::vector<float>{145, 74, 3});
}

TEST_CASE("exec cli: saved weights load back to the same output", "[exec][cli][npy]") {
  TempDir dir("cli_round");
  save(dir.file("x.npy"), {1, 1, 6, 6}, std::vector<float>(36, 0.25f));
  const std::string x = dir.file("x.npy"), w = dir.file("weights");
  REQUIRE(run_cli({"run", kTinyFile, "--repeat", "1", "--seed", "11", "--input", x,
                   "--save-weights", w, "--save-output", dir.file("a.npy")})
              .code == 0);
  for (const char* f : {"conv1.weight.npy", "conv1.bias.npy", "fc.weight.npy", "fc.bias.npy"}) {
    CHECK(std::filesystem::exists(w + "/" + f));
  }
  REQUIRE(run_cli({"run", kTinyFile, "--repeat", "1", "--seed", "99", "--input", x,
                   "--load-weights", w, "--save-output", dir.file("b.npy")})
              .code == 0);
  REQUIRE(run_cli({"run", kTinyFile, "--repeat", "1", "--seed", "99", "--input", x, "--save-output",
                   dir.file("c.npy")})
              .code == 0);
  const std::string a = read_bytes(dir.file("a.npy"));
  CHECK(a.size() == 128 + 12);
  CHECK(a == read_bytes(dir.file("b.npy")));
  CHECK(a != read_bytes(dir.file("c.npy")));  // seed 99's own weights differ
}

TEST_CASE("exec cli: bad files and options exit 2 with one line", "[exec][cli][npy]") {
  TempDir dir("cli_bad");
  const std::string x = dir.file("x.npy");
  save(x, {1, 5, 5}, std::vector<float>(25, 0.0f));
  CliResult shape = run_cli({"run", kTinyFile, "--input", x});
  CHECK(shape.code == 2);
  CHECK(shape.out.empty());
  CHECK(shape.err == x + ": error: holds shape (1, 5, 5), expected (1, 1, 6, 6)\n");

  std::ofstream(dir.file("junk.npy")) << "not numpy";
  CliResult junk = run_cli({"run", kTinyFile, "--input", dir.file("junk.npy")});
  CHECK(junk.code == 2);
  CHECK(junk.err == dir.file("junk.npy") +
                        ": error: not a NumPy .npy file (it does not start with \\x93NUMPY)\n");

  CliResult missing = run_cli({"run", kTinyFile, "--load-weights", dir.file("none")});
  CHECK(missing.code == 2);
  CHECK(missing.err == dir.file("none") +
                           "/conv1.weight.npy: error: cannot open: No such file or "
                           "directory\n");

  CHECK(run_cli({"run", kTinyFile, "--threads", "0"}).code == 2);
  CHECK(run_cli({"run", kTinyFile, "--repeat", "0"}).code == 2);
  CHECK(run_cli({"run", kTinyFile, "--batch", "0"}).code == 2);
  CliResult backend = run_cli({"run", kTinyFile, "--backend", "fast"});
  CHECK(backend.code == 2);
#if ARCHCALC_WITH_OPENBLAS && ARCHCALC_WITH_ONEDNN
  CHECK(backend.err.find("--backend: fast not in {reference,gemm,onednn}") != std::string::npos);
#endif
}

TEST_CASE("exec cli: run_network is the library entry point", "[exec][cli]") {
  Network net = analyzed_file("tests/data/exec_tiny.yaml");
  exec::RunOptions o;
  o.repeat = 2;
  o.warmup = 0;
  o.threads = 2;
  int calls = 0;
  o.progress = [&calls](const exec::Progress& p) {
    CHECK(p.layers == 4);  // the input and three layers
    ++calls;
  };
  exec::RunResult r = exec::run_network(net, o);
  CHECK(calls == 8);
  CHECK(r.macs == 384);
  CHECK(r.threads == 2);
  REQUIRE(r.layers.size() == 3);
  CHECK(r.layers[0].macs == 288);
  CHECK(r.total.median > 0);
  CHECK(r.layer_seconds() > 0);
  o.backend = "fast";
#if ARCHCALC_WITH_OPENBLAS && ARCHCALC_WITH_ONEDNN
  CHECK_THROWS_WITH(exec::run_network(net, o),
                    "unknown backend 'fast' (known: reference, gemm, onednn)");
#endif
}
