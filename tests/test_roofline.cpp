// The roofline: a hand-written machine profile (peak 100 GFLOP/s, bandwidth
// 10 GB/s) and a three-layer network whose predicted times are computed here
// by hand; the profile reader's errors; probe's profile read back.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "exec/probe.hpp"
#include "helpers.hpp"
#include "io/machine.hpp"
#include "test_exec_helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

namespace {

const char* kNet = R"(name: roof
input: [3, 8, 8]
layers:
  - {name: conv1, op: conv, out: 8, kernel: 3, pad: 1}
  - {name: conv2, op: conv, out: 64, kernel: 3, pad: 1}
  - {name: relu2, op: relu}
)";

const char* kProfile = R"({"schema": 1, "machine": "hand", "cpu": "Hand CPU", "cores": 2,
 "threads": 1, "date": "2026-01-01T00:00:00Z", "peak_gflops": 100, "bandwidth_gbs": 10})";

void write(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("roofline: predicted times for a hand-written profile", "[roofline]") {
  TempDir dir("roofline");
  write(dir.file("net.yaml"), kNet);
  write(dir.file("m.json"), kProfile);
  const CliResult r =
      run_cli({"analyze", dir.file("net.yaml"), "--machine", dir.file("m.json"), "-f", "json"});
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out)["roofline"];
  CHECK(j["machine"]["peak_gflops"] == 100.0);
  const auto& layers = j["layers"];
  REQUIRE(layers.size() == 3);
  // conv1: 8·8·8·3·9 = 13,824 MACs → 27,648 FLOPs / 1e11 = 276.48 ns; bytes: input
  // 3·64·4 = 768 + output 8·64·4 = 2,048 + weights (216 + 8)·4 = 896 → 3,712 B / 1e10
  // = 371.2 ns: memory-bound.
  CHECK(layers[0]["flops"] == 27648);
  CHECK(layers[0]["bytes"] == 3712);
  CHECK(layers[0]["compute_seconds"].get<double>() == Approx(276.48e-9).epsilon(1e-12));
  CHECK(layers[0]["seconds"].get<double>() == Approx(371.2e-9).epsilon(1e-12));
  CHECK(layers[0]["bound"] == "memory");
  // conv2: 8·8·64·8·9 = 294,912 MACs → 589,824 FLOPs → 5.89824 µs; bytes 2,048 +
  // 16,384 + (4,608 + 64)·4 = 18,688 → 37,120 B → 3.712 µs: compute-bound.
  CHECK(layers[1]["flops"] == 589824);
  CHECK(layers[1]["bytes"] == 37120);
  CHECK(layers[1]["memory_seconds"].get<double>() == Approx(3.712e-6).epsilon(1e-12));
  CHECK(layers[1]["seconds"].get<double>() == Approx(5.89824e-6).epsilon(1e-12));
  CHECK(layers[1]["bound"] == "compute");
  // relu2: no FLOPs; 16,384 in + 16,384 out → 3.2768 µs.
  CHECK(layers[2]["bytes"] == 32768);
  CHECK(layers[2]["seconds"].get<double>() == Approx(3.2768e-6).epsilon(1e-12));
  CHECK(j["total_seconds"].get<double>() ==
        Approx(371.2e-9 + 5.89824e-6 + 3.2768e-6).epsilon(1e-12));

  const CliResult t = run_cli({"analyze", dir.file("net.yaml"), "--machine", dir.file("m.json")});
  REQUIRE(t.code == 0);
  CHECK(t.out.find("peak 100.00 GFLOP/s · bandwidth 10.00 GB/s") != std::string::npos);
  CHECK(std::regex_search(
      t.out,
      std::regex(R"(conv1 +conv 3×3 +27,648 +3,712 +276\.5 ns +371\.2 ns +371\.2 ns +memory)")));
  CHECK(std::regex_search(t.out, std::regex(R"(total +6\.175 µs +7\.360 µs +9\.546 µs)")));
}

TEST_CASE("roofline: run --machine puts measured beside predicted at the run's batch",
          "[roofline]") {
  TempDir dir("roofline_run");
  write(dir.file("net.yaml"), kNet);
  write(dir.file("m.json"), kProfile);
  const CliResult r = run_cli({"run", dir.file("net.yaml"), "--machine", dir.file("m.json"),
                               "--batch", "2", "--repeat", "2", "--warmup", "0", "-f", "json"});
  REQUIRE(r.code == 0);
  const auto j = nlohmann::json::parse(r.out)["roofline"];
  const auto& conv1 = j["layers"][0];
  // Batch 2: 55,296 FLOPs → 552.96 ns; bytes 2·(768 + 2,048) + 896 = 6,528 → 652.8 ns.
  CHECK(conv1["name"] == "conv1");
  CHECK(conv1["predicted_seconds"].get<double>() == Approx(652.8e-9).epsilon(1e-12));
  CHECK(conv1["bound"] == "memory");
  const double t = conv1["measured_seconds"];
  REQUIRE(t > 0);
  CHECK(conv1["peak_fraction"].get<double>() == Approx(55296.0 / t / 1e11));
  CHECK(conv1["bandwidth_fraction"].get<double>() == Approx(6528.0 / t / 1e10));
  const CliResult table = run_cli({"run", dir.file("net.yaml"), "--machine", dir.file("m.json"),
                                   "--repeat", "1", "--warmup", "0"});
  REQUIRE(table.code == 0);
  CHECK(std::regex_search(table.out, std::regex(R"(conv2 +5\.898 µs +compute +)")));
}

TEST_CASE("roofline: a bad machine profile is one line and exit 2", "[roofline]") {
  TempDir dir("roofline_bad");
  write(dir.file("net.yaml"), kNet);
  const std::vector<std::pair<std::string, std::string>> cases{
      {"{not json", "not a JSON machine profile (see docs/roofline.md)"},
      {"[1, 2]", "a machine profile is a JSON object"},
      {R"({"bandwidth_gbs": 10})", "the machine profile has no 'peak_gflops'"},
      {R"({"peak_gflops": "fast", "bandwidth_gbs": 10})", "'peak_gflops' must be a number"},
      {R"({"peak_gflops": 100, "bandwidth_gbs": -1})", "'bandwidth_gbs' must be > 0"},
      {R"({"schema": 2, "peak_gflops": 100, "bandwidth_gbs": 1})",
       "unsupported machine profile schema (this build reads schema 1)"}};
  for (const auto& [text, why] : cases) {
    write(dir.file("m.json"), text);
    const CliResult r = run_cli({"analyze", dir.file("net.yaml"), "--machine", dir.file("m.json")});
    CHECK(r.code == 2);
    CHECK(r.err == dir.file("m.json") + ": error: " + why + "\n");
  }
  const CliResult missing =
      run_cli({"analyze", dir.file("net.yaml"), "--machine", dir.file("none.json")});
  CHECK(missing.code == 2);
  CHECK(missing.err.rfind(dir.file("none.json") + ": error: cannot read the machine profile", 0) ==
        0);
}

#if ARCHCALC_WITH_OPENBLAS  // the peak method names OpenBLAS first
TEST_CASE("roofline: a probed profile is read back unchanged", "[roofline]") {
  exec::ProbeOptions o;
  o.threads = 1;
  o.repeat = 1;
  o.gemm = 64;
  o.stream = 4096;
  const Machine m = exec::probe_machine(o);
  CHECK(m.threads == 1);
  CHECK(m.cores == static_cast<int>(std::thread::hardware_concurrency()));
  CHECK(std::regex_match(m.date, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  CHECK(m.peak_method.rfind("sgemm 64×64×64, best of 1: OpenBLAS ", 0) == 0);
  CHECK(m.bandwidth_method ==
        "triad a = b + s·c over 3 × 16.00 KiB, 12 bytes per element, best of 1");
  TempDir dir("probe");
  write(dir.file("m.json"), machine_json(m).dump(2));
  const Machine back = read_machine(dir.file("m.json"));
  CHECK(back.peak_flops == Approx(m.peak_flops).epsilon(1e-15));
  CHECK(back.bandwidth == Approx(m.bandwidth).epsilon(1e-15));
  CHECK(back.cpu == m.cpu);
  CHECK(back.date == m.date);
}
#endif
