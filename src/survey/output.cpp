#include "survey/output.hpp"

#include <fmt/format.h>

namespace archcalc::survey {

namespace {

using Json = nlohmann::ordered_json;

Json optional_number(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

Json line_json(const LineFit& f) {
  return Json{{"n", f.n},
              {"slope", f.slope},
              {"intercept", f.intercept},
              {"r2", f.r2},
              {"residual_sd", f.residual_sd}};
}

Json run_json(const RunPoint& r) {
  Json j;
  j["batch"] = r.batch;
  j["timed_passes"] = r.timed;
  j["warmup"] = r.warmup;
  j["seconds"] = Json{{"median", r.seconds}, {"min", r.min_seconds}, {"max", r.max_seconds}};
  j["seconds_per_image"] = r.seconds_per_image();
  j["images_per_second"] = r.images_per_second();
  j["memory"] = Json{{"predicted", r.predicted_bytes},
                     {"executor", r.executor_bytes ? Json(*r.executor_bytes) : Json(nullptr)},
                     {"rss", r.rss_bytes ? Json(*r.rss_bytes) : Json(nullptr)}};
  return j;
}

Json net_json(const Entry& e) {
  Json j;
  j["name"] = e.name;
  j["title"] = e.title;
  j["file"] = e.file;
  j["report"] = e.report;
  j["params"] = e.params;
  j["macs"] = e.macs;
  j["weight_bytes"] = e.weight_bytes;
  j["peak_activation_bytes"] = e.peak_activation_bytes;
  j["top1"] = optional_number(e.top1);
  j["top5"] = optional_number(e.top5);
  j["accuracy_source"] = e.accuracy_source;
  j["top1_per_mparams"] =
      e.top1 ? Json(top1_per_mparams(*e.top1, static_cast<double>(e.params))) : Json(nullptr);
  j["runs"] = Json::array();
  for (const RunPoint& r : e.runs) j["runs"].push_back(run_json(r));
  j["not_run"] = e.not_run;
  return j;
}

}  // namespace

Json survey_json(const Survey& s, const Summary& m) {
  const Settings& set = s.settings;
  Json j;
  j["schema"] = "archcalc.survey";
  j["schema_version"] = kSurveySchemaVersion;
  j["settings"] = Json{{"run", set.run},
                       {"backend", set.backend},
                       {"threads", set.threads},
                       {"batches", set.batches},
                       {"repeat", set.repeat},
                       {"warmup", set.warmup},
                       {"long_pass", set.long_pass},
                       {"machine", set.machine}};
  j["interrupted"] = s.interrupted;
  j["run_seconds"] = s.run_seconds;
  j["networks"] = Json::array();
  for (const Entry& e : s.nets) j["networks"].push_back(net_json(e));
  Json fits;
  fits["time_vs_macs"] = Json::array();
  for (const auto& t : m.time) {
    Json f;
    f["batch"] = t.batch;
    if (t.fit) {
      f["fit"] = line_json(t.fit->line);
      f["gmacs_per_second"] = t.fit->gmacs_per_second;
    } else {
      f["fit"] = nullptr;
      f["gmacs_per_second"] = nullptr;
    }
    f["points"] = Json::array();
    for (std::size_t k = 0; k < t.nets.size(); ++k) {
      const Entry& e = s.nets[t.nets[k]];
      Json p{{"name", e.name},
             {"macs", e.macs * static_cast<Count>(t.batch)},
             {"seconds", e.run_at(t.batch)->seconds}};
      p["standardized_residual"] = t.fit ? Json(t.fit->line.standardized[k]) : Json(nullptr);
      f["points"].push_back(p);
    }
    f["off_line"] = Json::array();
    for (std::size_t i : t.off) f["off_line"].push_back(s.nets[i].name);
    fits["time_vs_macs"].push_back(f);
  }
  Json h;
  h["batch"] = m.speed_batch;
  h["networks"] = Json::array();
  for (std::size_t i : m.speed_nets) h["networks"].push_back(s.nets[i].name);
  if (m.hyperbola) {
    h["fit"] = line_json(m.hyperbola->line);
    h["a"] = m.hyperbola->a;
    h["b"] = m.hyperbola->b;
    h["upper_a"] = m.hyperbola->upper_a;
  } else {
    h["fit"] = nullptr;
  }
  fits["accuracy_vs_speed"] = h;
  j["fits"] = fits;
  Json left = Json::array();
  for (std::size_t i : m.without_accuracy) left.push_back(s.nets[i].name);
  j["without_accuracy"] = left;
  Json not_run = Json::array();
  for (const Entry& e : s.nets) {
    if (!e.not_run.empty()) not_run.push_back(Json{{"name", e.name}, {"why", e.not_run}});
  }
  j["not_run"] = not_run;
  return j;
}

std::string survey_csv(const Survey& s) {
  std::string out =
      "network,params,macs,top1,top5,top1_per_mparams,batch,seconds,min_seconds,max_seconds,"
      "seconds_per_image,images_per_second,predicted_bytes,executor_bytes,rss_bytes,not_run\n";
  auto quoted = [](const std::string& t) {
    std::string q = "\"";
    for (char c : t) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  auto num = [](const std::optional<double>& v) { return v ? fmt::format("{}", *v) : ""; };
  for (const Entry& e : s.nets) {
    std::string head = fmt::format(
        "{},{},{},{},{},{}", quoted(e.name), e.params, e.macs, num(e.top1), num(e.top5),
        e.top1 ? fmt::format("{}", top1_per_mparams(*e.top1, static_cast<double>(e.params))) : "");
    for (const RunPoint& r : e.runs) {
      out +=
          fmt::format("{},{},{},{},{},{},{},{},{},{},\n", head, r.batch, r.seconds, r.min_seconds,
                      r.max_seconds, r.seconds_per_image(), r.images_per_second(),
                      r.predicted_bytes, r.executor_bytes ? std::to_string(*r.executor_bytes) : "",
                      r.rss_bytes ? std::to_string(*r.rss_bytes) : "");
    }
    if (e.runs.size() < s.settings.batches.size()) {
      for (std::int64_t b : s.settings.batches) {
        if (!e.run_at(b)) {
          out += fmt::format("{},{},,,,,,,,,{}\n", head, b, quoted(e.not_run));
        }
      }
    }
  }
  return out;
}

}  // namespace archcalc::survey
