#include "io/machine.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "util/diag.hpp"

namespace archcalc {

nlohmann::ordered_json machine_json(const Machine& m) {
  return {{"schema", kMachineSchemaVersion},
          {"machine", m.name},
          {"cpu", m.cpu},
          {"cores", m.cores},
          {"threads", m.threads},
          {"date", m.date},
          {"peak_gflops", m.peak_flops / 1e9},
          {"bandwidth_gbs", m.bandwidth / 1e9},
          {"peak_method", m.peak_method},
          {"bandwidth_method", m.bandwidth_method}};
}

Machine read_machine(const std::string& path) {
  const SourcePos at{path, 0, 0};
  auto fail = [&](const std::string& why) { throw InputError(at, why); };
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) fail("cannot read the machine profile: " + ec.message());
  if (size > (1u << 20))
    fail("a machine profile is at most 1 MiB; this file has " + std::to_string(size) + " bytes");
  std::ifstream f(path, std::ios::binary);
  std::stringstream text;
  text << f.rdbuf();
  nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) fail("not a JSON machine profile (see docs/roofline.md)");
  if (!j.is_object()) fail("a machine profile is a JSON object");
  auto number = [&](const char* key) {
    auto it = j.find(key);
    if (it == j.end()) fail(std::string("the machine profile has no '") + key + "'");
    if (!it->is_number()) fail(std::string("'") + key + "' must be a number");
    const double v = it->get<double>();
    if (!std::isfinite(v) || v <= 0) fail(std::string("'") + key + "' must be > 0");
    return v;
  };
  auto text_of = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto int_of = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number_integer() ? it->get<int>() : 0;
  };
  if (auto s = j.find("schema");
      s != j.end() && (!s->is_number_integer() || s->get<int>() != kMachineSchemaVersion)) {
    fail("unsupported machine profile schema (this build reads schema " +
         std::to_string(kMachineSchemaVersion) + ")");
  }
  Machine m;
  m.peak_flops = number("peak_gflops") * 1e9;
  m.bandwidth = number("bandwidth_gbs") * 1e9;
  m.name = text_of("machine");
  m.cpu = text_of("cpu");
  m.date = text_of("date");
  m.peak_method = text_of("peak_method");
  m.bandwidth_method = text_of("bandwidth_method");
  m.cores = int_of("cores");
  m.threads = int_of("threads");
  m.file = path;
  return m;
}

}  // namespace archcalc
