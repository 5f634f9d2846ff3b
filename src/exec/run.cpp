// run_network: the memory check, the timed forward passes, the files asked for.
#include <fmt/format.h>

#include <system_error>

#include "exec/executor.hpp"

namespace archcalc::exec {

namespace {

void check_options(const RunOptions& o, const SourcePos& at) {
  auto require = [&](bool ok, const char* what) {
    if (!ok) throw InputError(at, what);
  };
  require(o.threads >= 1, "--threads must be >= 1");
  require(o.repeat >= 1, "--repeat must be >= 1");
  require(o.warmup >= 0, "--warmup must be >= 0");
  require(o.batch >= 1, "--batch must be >= 1");
}

void check_memory(const MemoryPlan& m, Count limit, std::int64_t batch, const SourcePos& at) {
  if (m.total() <= limit) return;
  throw InputError(
      at, fmt::format("the run needs {} ({} bytes: activations {} at their peak at batch {}, "
                      "inputs {}, weights {}, workspace {}), more than --max-memory {} ({} "
                      "bytes); lower --batch or raise --max-memory",
                      bytes_text(m.total()), m.total(), bytes_text(m.activations), batch,
                      bytes_text(m.inputs), bytes_text(m.weights), bytes_text(m.workspace),
                      bytes_text(limit), limit));
}

// Runs the passes; returns each layer's samples (seconds) and each pass's total.
void timed_passes(Executor& ex, const Network& net, const RunOptions& o,
                  std::vector<std::vector<double>>& per_layer, std::vector<double>& totals) {
  const std::size_t n = ex.order().size();
  const int passes = o.warmup + o.repeat;
  per_layer.assign(n, {});
  const Clock::time_point begin = Clock::now();
  for (int pass = 0; pass < passes; ++pass) {
    const bool timed = pass >= o.warmup;
    const Clock::time_point pass_start = Clock::now();
    for (std::size_t i = 0; i < n; ++i) {
      if (o.progress) {
        o.progress(Progress{pass + 1, passes, i + 1, n, seconds_between(begin, Clock::now())});
      }
      ex.prepare_step(i);  // allocation is not the layer's time
      const Clock::time_point start = Clock::now();
      try {
        ex.run_step(i);
      } catch (const OpError& e) {
        const Layer& l = net.layer(ex.order()[i]);
        throw InputError(l.pos, layer_prefix(l) + e.what());
      }
      const Clock::time_point end = Clock::now();
      ex.finish_step(i);
      if (timed) per_layer[i].push_back(seconds_between(start, end));
    }
    if (timed) totals.push_back(seconds_between(pass_start, Clock::now()));
  }
}

}  // namespace

double RunResult::layer_seconds() const {
  double sum = 0;
  for (const auto& l : layers) sum += l.seconds.median;
  return sum;
}

double gflops(Count macs, double seconds) {
  return seconds > 0 ? 2.0 * static_cast<double>(macs) / seconds / 1e9 : 0.0;
}

RunResult run_network(const Network& net, const RunOptions& o) {
  const SourcePos at{net.file, 0, 0};
  check_options(o, at);
  std::unique_ptr<Backend> backend;
  RunResult r;
  try {
    backend = make_backend(o.backend, BackendOptions{o.threads});
    r.memory = plan_memory(net, *backend, o.batch);
  } catch (const OpError& e) {
    throw InputError(at, e.what());
  }
  r.max_memory = o.max_memory ? o.max_memory : default_max_memory();
  check_memory(r.memory, r.max_memory, o.batch, at);

  Executor ex(net, *backend, o.batch, Lifetime::kFreeAtLastUse);
  if (o.load_weights.empty()) {
    ex.seed_params(o.seed);
  } else {
    ex.load_params(o.load_weights);
  }
  if (o.input.empty()) {
    ex.seed_inputs(o.seed);
  } else {
    ex.load_input(o.input);
  }
  if (!o.save_weights.empty()) ex.save_params(o.save_weights);

  std::vector<std::vector<double>> per_layer;
  std::vector<double> totals;
  try {
    timed_passes(ex, net, o, per_layer, totals);
  } catch (const std::system_error& e) {
    throw InputError(at, std::string("cannot run the kernels' threads: ") + e.what());
  }
  if (!o.save_output.empty()) ex.save_output(o.save_output);

  r.model = net.name;
  r.title = net.title;
  r.file = net.file;
  r.backend = o.backend;
  r.threads = o.threads;
  r.repeat = o.repeat;
  r.warmup = o.warmup;
  r.batch = o.batch;
  r.seed = o.seed;
  r.total = summarize(totals);
  r.measured_peak = ex.peak_bytes();
  r.peak_at = net.peak[0].at ? net.layer(*net.peak[0].at).name : "";
  const auto n = static_cast<Count>(o.batch);
  for (std::size_t i = 0; i < ex.order().size(); ++i) {
    const Vertex v = ex.order()[i];
    const Layer& l = net.layer(v);
    if (std::holds_alternative<Input>(l.op)) continue;
    try {
      LayerRun lr{
          v, l.name, op_label(l.op), l.out, mul(l.cost.macs, n, "MACs"), summarize(per_layer[i]),
          ""};
      if (auto producer = ex.fused_into(v)) lr.fused_into = net.layer(*producer).name;
      r.macs = add(r.macs, lr.macs, "MACs");
      r.layers.push_back(std::move(lr));
    } catch (const OpError& e) {
      throw InputError(l.pos, layer_prefix(l) + e.what());
    }
  }
  return r;
}

}  // namespace archcalc::exec
