// The survey's runs: every network at every batch size through the executor,
// with a progress line per run and a stop flag (Ctrl-C) that keeps what was
// measured.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "exec/executor.hpp"
#include "graph/network.hpp"
#include "survey/survey.hpp"

namespace archcalc::survey {

struct MeasureOptions {
  std::uint64_t seed = 1;
  Count max_memory = 0;  // 0: exec::default_max_memory()
  // Called before each run: "survey: network 3 of 40 · resnet50 · batch 8 ·
  // 1m12s elapsed · about 4m30s left".
  std::function<void(const std::string&)> progress;
  // When it turns true the run under way stops at its next layer and no
  // other starts; the survey is marked interrupted.
  const std::atomic<bool>* stop = nullptr;
};

// "1m12s", "45s", "1h02m".
std::string duration_text(double seconds);

// Runs s.nets[i] (the network `nets[i]`, analyzed) at every batch of
// s.settings, filling its runs; a run the executor refuses (the memory limit,
// an op it cannot run) leaves the batch out and says why in `not_run`.
void measure(Survey& s, const std::vector<const Network*>& nets, const MeasureOptions& opts);

}  // namespace archcalc::survey
