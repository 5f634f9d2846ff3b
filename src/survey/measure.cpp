#include "survey/measure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <new>

#include "survey/rss.hpp"

namespace archcalc::survey {

namespace {

// Thrown from the run's progress callback once the stop flag is set.
struct Stopped {};
// Thrown from it when the first pass took longer than Settings::long_pass.
struct LongPass {
  double seconds;
};

// The work a run stands for, to estimate the time left: its MACs, plus a
// floor so that networks of almost no MACs still count.
double work_of(const Entry& e, std::int64_t batch) {
  return (static_cast<double>(e.macs) + 1e8) * static_cast<double>(batch);
}

double since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

std::string duration_text(double seconds) {
  auto s = static_cast<long long>(std::llround(std::max(seconds, 0.0)));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

void measure(Survey& s, const std::vector<const Network*>& nets, const MeasureOptions& opts) {
  const Settings& set = s.settings;
  const auto begin = std::chrono::steady_clock::now();
  double total_work = 0, done_work = 0;
  for (const Entry& e : s.nets) {
    for (std::int64_t b : set.batches) total_work += work_of(e, b);
  }
  auto stopped = [&] { return opts.stop && opts.stop->load(); };
  exec::RunOptions base;
  base.backend = set.backend;
  base.threads = set.threads;
  base.seed = opts.seed;
  base.max_memory = opts.max_memory;
  base.warmup = set.warmup;
  base.repeat = set.repeat;
  base.progress = [&](const exec::Progress& p) {
    if (stopped()) throw Stopped{};
    // As the second pass begins, `elapsed` is the first pass's time.
    if (p.pass == 2 && p.layer == 1 && p.elapsed > set.long_pass) throw LongPass{p.elapsed};
  };
  for (std::size_t i = 0; i < s.nets.size() && !s.interrupted; ++i) {
    Entry& e = s.nets[i];
    for (std::int64_t batch : set.batches) {
      if (stopped()) {
        s.interrupted = true;
        break;
      }
      if (opts.progress) {
        double elapsed = since(begin);
        std::string left = done_work > 0
                               ? ", about " +
                                     duration_text(elapsed / done_work * (total_work - done_work)) +
                                     " left"
                               : "";
        opts.progress(fmt::format("survey: network {} of {} · {} · batch {} · {} elapsed{}", i + 1,
                                  s.nets.size(), e.name, batch, duration_text(elapsed), left));
      }
      exec::RunOptions o = base;
      o.batch = batch;
      PeakResident rss;
      bool rss_ok = rss.reset();
      RunPoint p;
      p.batch = batch;
      try {
        exec::RunResult r = exec::run_network(*nets[i], o);
        p.timed = o.repeat;
        p.warmup = o.warmup;
        p.seconds = r.total.median;
        p.min_seconds = r.total.min;
        p.max_seconds = r.total.max;
        p.predicted_bytes = add(r.memory.weights, r.memory.activations, "bytes");
        p.executor_bytes = add(r.memory.weights, r.measured_peak, "bytes");
        if (batch == set.batches.front()) {
          for (const exec::LayerRun& l : r.layers)
            e.layer_seconds.emplace_back(l.name, l.seconds.median);
        }
      } catch (const LongPass& lp) {
        // The first pass is the run's time; its one-time costs (the fast
        // backends pack their weights on it) are small beside it.
        p.timed = 1;
        p.warmup = 0;
        p.seconds = p.min_seconds = p.max_seconds = lp.seconds;
        const PeakMemory& peak = nets[i]->peak[0];
        p.predicted_bytes =
            add(peak.weight_bytes, mul(peak.bytes, static_cast<Count>(batch), "bytes"), "bytes");
      } catch (const Stopped&) {
        s.interrupted = true;
        if (e.not_run.empty()) e.not_run = fmt::format("interrupted at batch {}", batch);
        break;
      } catch (const InputError& err) {
        if (e.not_run.empty()) e.not_run = fmt::format("batch {}: {}", batch, err.what());
        done_work += work_of(e, batch);
        continue;
      } catch (const std::bad_alloc&) {
        if (e.not_run.empty()) e.not_run = fmt::format("batch {}: out of memory", batch);
        done_work += work_of(e, batch);
        continue;
      }
      if (rss_ok) p.rss_bytes = rss.growth();
      e.runs.push_back(p);
      done_work += work_of(e, batch);
    }
  }
  // Networks never reached keep no runs.
  if (s.interrupted) {
    for (Entry& e : s.nets) {
      if (e.runs.size() < set.batches.size() && e.not_run.empty()) e.not_run = "interrupted";
    }
  }
  s.run_seconds = since(begin);
}

}  // namespace archcalc::survey
