// A survey: every network's counts, published accuracy and measured runs at
// each batch size, the settings they were measured with, and the fits drawn
// from them. What survey_json, survey_csv and the page read; they compute no
// figure beyond what summary() derives here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "survey/fit.hpp"
#include "util/checked.hpp"

namespace archcalc::survey {

// One network run at one batch size.
struct RunPoint {
  std::int64_t batch = 1;
  int timed = 0, warmup = 0;  // passes timed, and untimed before them
  double seconds = 0;         // median of the timed passes, one forward pass of the whole batch
  double min_seconds = 0, max_seconds = 0;
  Count predicted_bytes = 0;  // weights + the liveness pass's peak activations × batch
  // Weights + the executor's high-water mark of activation bytes; nullopt
  // for a run timed on its first pass (the run stops before reporting it).
  std::optional<Count> executor_bytes;
  // The growth of the process's resident set at its peak during the run over
  // its size before it (Linux VmHWM after a reset, less VmRSS); nullopt where
  // the system does not report it.
  std::optional<Count> rss_bytes;
  double seconds_per_image() const { return seconds / static_cast<double>(batch); }
  double images_per_second() const {
    return seconds > 0 ? static_cast<double>(batch) / seconds : 0;
  }
};

// One network of the survey.
struct Entry {
  std::string name;    // unique in the survey: the file's stem ("resnet50")
  std::string title;   // the file's title
  std::string file;    // as given
  std::string report;  // its own HTML report, relative to the page ("nets/resnet50.html"); "" none
  Count params = 0, macs = 0;        // inference, batch 1
  Count weight_bytes = 0;            // params + buffers at fp32
  Count peak_activation_bytes = 0;   // the liveness pass's peak at batch 1 (no op in place)
  std::optional<double> top1, top5;  // published ImageNet accuracy, percent
  std::string top1_text, accuracy_source;
  std::vector<RunPoint> runs;  // in the order of Settings::batches; a batch not run is absent
  std::string not_run;         // why a batch (or every batch) was not run; "" when all ran
  // Each layer's median seconds at the first batch (for the network's own report).
  std::vector<std::pair<std::string, double>> layer_seconds;

  const RunPoint* run_at(std::int64_t batch) const;
};

struct Settings {
  std::string backend;
  int threads = 1, repeat = 3, warmup = 1;
  // A run is `warmup` untimed passes, then `repeat` timed ones; when its first
  // pass takes longer than this (seconds), that pass is the run's time instead.
  double long_pass = 5.0;
  std::vector<std::int64_t> batches{1};
  bool run = true;      // false: --no-run, counts only
  std::string machine;  // "AMD EPYC · 2 CPUs"
};

struct Survey {
  Settings settings;
  std::vector<Entry> nets;
  bool interrupted = false;  // Ctrl-C stopped the runs; what was measured is kept
  double run_seconds = 0;    // wall time of the runs
};

// The fits and lists a survey's page, JSON and CSV show.
struct Summary {
  struct TimeAtBatch {
    std::int64_t batch = 1;
    std::vector<std::size_t> nets;  // indices into Survey::nets, the points of the fit
    std::optional<TimeFit> fit;     // time of a pass against MACs × batch
    std::vector<std::size_t> off;   // indices into Survey::nets far off the line
  };
  std::vector<TimeAtBatch> time;        // one per batch in Settings::batches
  std::int64_t speed_batch = 1;         // the batch whose images/s the accuracy fit uses: the first
  std::vector<std::size_t> speed_nets;  // with top-1 and a run at speed_batch
  std::optional<HyperbolaFit> hyperbola;
  std::vector<std::size_t> with_accuracy, without_accuracy;
};

Summary summarize(const Survey& s);

}  // namespace archcalc::survey
