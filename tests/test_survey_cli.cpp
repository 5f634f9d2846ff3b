// `archcalc survey`: with --no-run the JSON carries every plotted count and
// published accuracy exactly; a run of the tiny network carries its
// hand-computed memory; runs the executor refuses and bad options.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "helpers.hpp"

using namespace archcalc;
using namespace archcalc::test;

TEST_CASE("survey --no-run: counts and accuracies of lenet5 and alexnet", "[survey][cli]") {
  TempDir dir("survey");
  CliResult r = run_cli({"survey", source_path("architectures/lenet5.yaml"),
                         source_path("architectures/alexnet.yaml"), "--no-run", "-o", dir.str()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("archcalc survey: 2 networks, 0 runs (--no-run)") == 0);
  auto j = nlohmann::json::parse(slurp(dir.path / "survey.json"));
  CHECK(j["schema"] == "archcalc.survey");
  CHECK(j["settings"]["run"] == false);
  REQUIRE(j["networks"].size() == 2);
  const auto& lenet = j["networks"][0];
  CHECK(lenet["name"] == "lenet5");
  CHECK(lenet["params"] == 61'706);
  CHECK(lenet["macs"] == 416'520);
  CHECK(lenet["top1"].is_null());
  CHECK(lenet["top1_per_mparams"].is_null());
  CHECK(lenet["runs"].empty());
  CHECK(lenet["not_run"] == "--no-run");
  CHECK(lenet["report"] == "nets/lenet5.html");
  const auto& alex = j["networks"][1];
  CHECK(alex["name"] == "alexnet");
  CHECK(alex["params"] == 60'965'224);
  CHECK(alex["macs"] == 724'406'816);
  CHECK(alex["top1"] == 57.1);
  CHECK(alex["top5"] == 80.2);
  // 57.1 / 60.965224 = 0.936599528
  CHECK(alex["top1_per_mparams"].get<double>() == Approx(0.936599528).epsilon(1e-9));
  CHECK(alex["weight_bytes"] == 60'965'224 * 4);
  CHECK(j["without_accuracy"] == nlohmann::json::array({"lenet5"}));
  CHECK(j["fits"]["time_vs_macs"][0]["fit"].is_null());
  CHECK(j["fits"]["accuracy_vs_speed"]["fit"].is_null());

  std::string csv = slurp(dir.path / "survey.csv");
  CHECK(csv.find("\"alexnet\",60965224,724406816,57.1,80.2,0.9365995276257822,1,,,,,,,,,"
                 "\"--no-run\"\n") != std::string::npos);
  CHECK(csv.find("\"lenet5\",61706,416520,,,,8,,,,,,,,,\"--no-run\"\n") != std::string::npos);

  std::string page = slurp(dir.path / "index.html");
  CHECK(page.find("id=\"chart-accuracy-macs\"") != std::string::npos);
  CHECK(page.find("counts only (--no-run)") != std::string::npos);
  CHECK(page.find("left out of the accuracy ones): lenet5.") != std::string::npos);
  CHECK(page.find("href=\"nets/alexnet.html\"") != std::string::npos);
  CHECK(page.find("http://") == page.find("http://www.w3.org/2000/svg"));  // nothing fetched
  CHECK(slurp(dir.path / "nets" / "alexnet.html").find("60,965,224") != std::string::npos);
}

TEST_CASE("survey: a run of the tiny network at batch 1 and 2", "[survey][cli]") {
  // exec_tiny: weights 476 bytes, activations at their peak 272 bytes (the
  // input and conv1's output) per batch item. Predicted: 476 + 272 = 748 at
  // batch 1, 476 + 544 = 1,020 at batch 2; the reference backend fuses nothing,
  // so the executor's high-water mark gives the same.
  TempDir dir("survey");
  CliResult r = run_cli({"survey", source_path("tests/data/exec_tiny.yaml"), "--backend",
                         "reference", "--batch", "1,2", "--repeat", "2", "--warmup", "0",
                         "--no-reports", "-o", dir.str()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.err.find("survey: network 1 of 1 · exec_tiny · batch 1 · 0s elapsed") == 0);
  CHECK(r.err.find("survey: network 1 of 1 · exec_tiny · batch 2") != std::string::npos);
  auto j = nlohmann::json::parse(slurp(dir.path / "survey.json"));
  CHECK(j["settings"]["backend"] == "reference");
  CHECK(j["settings"]["batches"] == nlohmann::json::array({1, 2}));
  const auto& runs = j["networks"][0]["runs"];
  REQUIRE(runs.size() == 2);
  CHECK(runs[0]["batch"] == 1);
  CHECK(runs[0]["timed_passes"] == 2);
  CHECK(runs[0]["memory"]["predicted"] == 748);
  CHECK(runs[0]["memory"]["executor"] == 748);
  CHECK(runs[1]["memory"]["predicted"] == 1'020);
  CHECK(runs[1]["memory"]["executor"] == 1'020);
  double s1 = runs[0]["seconds"]["median"], s2 = runs[1]["seconds"]["median"];
  CHECK(s1 > 0);
  CHECK(runs[1]["seconds_per_image"].get<double>() == Approx(s2 / 2));
  CHECK(runs[0]["images_per_second"].get<double>() == Approx(1 / s1));
  CHECK(j["networks"][0]["report"] == "");
  CHECK(j["not_run"].empty());
  CHECK(j["interrupted"] == false);
  // One network: no line through one point.
  CHECK(j["fits"]["time_vs_macs"][0]["fit"].is_null());
  CHECK(j["fits"]["time_vs_macs"][0]["points"][0]["macs"] == 384);
  CHECK(j["fits"]["time_vs_macs"][1]["points"][0]["macs"] == 768);
}

TEST_CASE("survey: a run the executor refuses is left out and said why", "[survey][cli]") {
  TempDir dir("survey");
  CliResult r = run_cli({"survey", source_path("tests/data/exec_tiny.yaml"),
                         source_path("architectures/lenet5.yaml"), "--backend", "reference",
                         "--max-memory", "1K", "--batch", "1,4", "--repeat", "1", "--warmup", "0",
                         "--no-reports", "-o", dir.str()});
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto j = nlohmann::json::parse(slurp(dir.path / "survey.json"));
  // exec_tiny needs 892 bytes at batch 1 (fits 1 KiB), 476 + 4 · (272 + 144) = 2,140 at batch 4.
  const auto& tiny = j["networks"][0];
  CHECK(tiny["runs"].size() == 1);
  CHECK(tiny["not_run"].get<std::string>().find("batch 4: the run needs 2.09 KiB") == 0);
  CHECK(j["networks"][1]["runs"].empty());
  CHECK(j["not_run"].size() == 2);
  std::string page = slurp(dir.path / "index.html");
  CHECK(page.find("id=\"not-run\"") != std::string::npos);
  CHECK(page.find("id=\"chart-accuracy-macs\"") != std::string::npos);
}

TEST_CASE("survey: bad options are one line and exit 2", "[survey][cli]") {
  TempDir dir("survey");
  CliResult r = run_cli(
      {"survey", source_path("architectures/lenet5.yaml"), "--batch", "1,0", "-o", dir.str()});
  CHECK(r.code == 2);
  CHECK(r.err.find("expects batch sizes from 1 to 4096") != std::string::npos);
  r = run_cli({"survey", source_path("architectures/lenet5.yaml")});
  CHECK(r.code == 2);
  CHECK(r.err.find("--output") != std::string::npos);
  CHECK(r.err.find("is required") != std::string::npos);
  r = run_cli(
      {"survey", source_path("tests/errors/attr_stride_zero.yaml"), "--no-run", "-o", dir.str()});
  CHECK(r.code == 2);
  CHECK(r.err.find("attr_stride_zero.yaml:4:52: error:") != std::string::npos);
}
