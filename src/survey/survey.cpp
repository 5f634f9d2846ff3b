#include "survey/survey.hpp"

namespace archcalc::survey {

const RunPoint* Entry::run_at(std::int64_t batch) const {
  for (const RunPoint& r : runs) {
    if (r.batch == batch) return &r;
  }
  return nullptr;
}

Summary summarize(const Survey& s) {
  Summary m;
  for (std::size_t i = 0; i < s.nets.size(); ++i) {
    (s.nets[i].top1 ? m.with_accuracy : m.without_accuracy).push_back(i);
  }
  for (std::int64_t batch : s.settings.batches) {
    Summary::TimeAtBatch t;
    t.batch = batch;
    std::vector<double> x, y;
    for (std::size_t i = 0; i < s.nets.size(); ++i) {
      const RunPoint* r = s.nets[i].run_at(batch);
      if (!r) continue;
      t.nets.push_back(i);
      x.push_back(static_cast<double>(s.nets[i].macs) * static_cast<double>(batch));
      y.push_back(r->seconds);
    }
    t.fit = fit_time(x, y);
    if (t.fit) {
      for (std::size_t k : outliers(t.fit->line)) t.off.push_back(t.nets[k]);
    }
    m.time.push_back(std::move(t));
  }
  if (!s.settings.batches.empty()) m.speed_batch = s.settings.batches.front();
  std::vector<double> ips, top1;
  for (std::size_t i : m.with_accuracy) {
    const RunPoint* r = s.nets[i].run_at(m.speed_batch);
    if (!r || r->seconds <= 0) continue;
    m.speed_nets.push_back(i);
    ips.push_back(r->images_per_second());
    top1.push_back(*s.nets[i].top1);
  }
  m.hyperbola = fit_hyperbola(ips, top1);
  return m;
}

}  // namespace archcalc::survey
