// `archcalc survey [FILES or DIRS…] -o OUT/`: the networks' counts, published
// accuracies and measured times and memory side by side, as one HTML page
// (with each network's own report beside it), JSON and CSV.
#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <filesystem>
#include <map>
#include <set>

#include "cli/survey.hpp"

#include "cli/report_page.hpp"
#include "exec/backend.hpp"
#include "exec/host.hpp"
#include "exec/plan.hpp"
#include "survey/measure.hpp"
#include "survey/output.hpp"
#include "survey/page.hpp"

namespace archcalc::cli {

namespace fs = std::filesystem;

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_interrupt(int) {
  g_stop.store(true);
}

// SIGINT sets g_stop while this lives; a second Ctrl-C ends the process as
// usual (SA_RESETHAND). The previous handler comes back at the end.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_stop.store(false);
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    installed_ = sigaction(SIGINT, &sa, &old_) == 0;
  }
  ~InterruptGuard() {
    if (installed_) sigaction(SIGINT, &old_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction old_ {};
  bool installed_ = false;
};

bool network_file(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".prototxt" || ext == ".onnx";
}

// The files to survey: a directory's network files (not its subfolders'),
// sorted; a file or a bundled network's name as given.
std::vector<std::string> survey_files(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      files.push_back(resolve_network(p));
      continue;
    }
    std::vector<std::string> in_dir;
    for (const auto& e : fs::directory_iterator(p, ec)) {
      if (e.is_regular_file() && network_file(e.path())) in_dir.push_back(e.path().string());
    }
    if (ec) throw InputError(SourcePos{p, 0, 0}, "cannot read the directory: " + ec.message());
    if (in_dir.empty()) throw InputError(SourcePos{p, 0, 0}, "holds no network file");
    std::sort(in_dir.begin(), in_dir.end());
    files.insert(files.end(), in_dir.begin(), in_dir.end());
  }
  return files;
}

std::vector<std::int64_t> parse_batches(const std::string& text) {
  std::vector<std::int64_t> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    std::int64_t v = 0;
    try {
      std::size_t used = 0;
      v = std::stoll(item, &used);
      if (used != item.size()) v = 0;
    } catch (const std::exception&) {
      v = 0;
    }
    if (v < 1 || v > 4096) {
      throw CLI::ValidationError("--batch",
                                 "expects batch sizes from 1 to 4096 separated by "
                                 "commas, such as 1,8, got '" +
                                     text + "'");
    }
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string default_backend() {
  auto names = exec::backend_names();
  for (const char* b : {"onednn", "gemm"}) {
    if (std::find(names.begin(), names.end(), b) != names.end()) return b;
  }
  return "reference";
}

struct Opts {
  std::vector<std::string> paths;
  std::string output, batches = "1,8", max_memory;
  survey::Settings settings;
  std::uint64_t seed = 1;
  bool no_run = false, no_reports = false;
};

void write_file(const fs::path& p, const std::string& text, Context& ctx) {
  write_output(p.string(), text, ctx);
}

void survey_command(const Opts& o, Context& ctx) {
  survey::Survey s;
  s.settings = o.settings;
  s.settings.batches = parse_batches(o.batches);
  s.settings.run = !o.no_run;
  if (s.settings.backend.empty()) s.settings.backend = default_backend();
  s.settings.machine = exec::machine_text();
  survey::MeasureOptions mo;
  mo.seed = o.seed;
  if (!o.max_memory.empty()) {
    auto bytes = exec::parse_bytes(o.max_memory);
    if (!bytes || *bytes == 0) {
      throw CLI::ValidationError("--max-memory",
                                 "expects bytes such as 1073741824, 512M or 4G, "
                                 "got '" +
                                     o.max_memory + "'");
    }
    mo.max_memory = *bytes;
  }
  std::vector<std::string> files =
      survey_files(o.paths.empty() ? std::vector{bundled_zoo()} : o.paths);
  std::vector<Network> nets;
  std::set<std::string> taken;
  for (const std::string& f : files) {
    nets.push_back(load_analyzed(f, {}, ctx));
    const Network& net = nets.back();
    survey::Entry e;
    std::string stem = fs::path(f).stem().string();
    e.name = stem;
    for (int k = 2; taken.count(e.name); ++k) e.name = fmt::format("{}_{}", stem, k);
    taken.insert(e.name);
    e.title = net.title;
    e.file = f;
    const Totals& t = net.totals(false);
    e.params = t.cost.params();
    e.macs = t.cost.macs;
    e.weight_bytes = t.weight_bytes;
    e.peak_activation_bytes = net.peak[0].bytes;
    const Published& p = net.published;
    e.top1 = p.top1;
    e.top5 = p.top5;
    e.top1_text = p.top1_text;
    e.accuracy_source = p.accuracy_source;
    if (!o.no_reports) e.report = "nets/" + e.name + ".html";
    if (o.no_run) e.not_run = "--no-run";
    s.nets.push_back(std::move(e));
  }
  fs::path out(o.output);
  std::error_code ec;
  fs::create_directories(out / "nets", ec);
  if (ec)
    throw InputError(SourcePos{o.output, 0, 0}, "cannot create the directory: " + ec.message());
  if (!o.no_run) {
    // The backend made once before the first run: a backend that cannot be
    // made (its plugin missing) stops the survey here, and loading its
    // libraries is not counted in the first run's resident memory.
    try {
      exec::make_backend(s.settings.backend, exec::BackendOptions{s.settings.threads});
    } catch (const OpError& e) {
      throw InputError(SourcePos{"archcalc", 0, 0}, e.what());
    }
    std::vector<const Network*> ptrs;
    for (const Network& n : nets) ptrs.push_back(&n);
    mo.progress = [&ctx](const std::string& line) { ctx.err << line << "\n" << std::flush; };
    mo.stop = &g_stop;
    InterruptGuard guard;
    survey::measure(s, ptrs, mo);
  }
  if (s.interrupted) ctx.err << "survey: interrupted; writing what was measured\n";
  for (std::size_t i = 0; i < s.nets.size() && !o.no_reports; ++i) {
    const survey::Entry& e = s.nets[i];
    MeasuredTimes times;
    times.model = nets[i].name;
    if (!e.runs.empty()) {
      const survey::RunPoint& r = e.runs.front();
      times.summary =
          fmt::format("backend {} · {} thread{} · batch {} · {} timed passes · {}",
                      s.settings.backend, s.settings.threads, s.settings.threads == 1 ? "" : "s",
                      r.batch, r.timed, s.settings.machine);
      times.total_seconds = r.seconds;
      for (const auto& [name, sec] : e.layer_seconds) times.median_seconds[name] = sec;
    }
    ReportPage page;
    page.run = e.layer_seconds.empty() ? nullptr : &times;
    write_file(out / e.report, report_page(nets[i], page, e.file), ctx);
  }
  survey::Summary m = survey::summarize(s);
  write_file(out / "index.html", survey::survey_html(s, m), ctx);
  write_file(out / "survey.json", survey::survey_json(s, m).dump(2) + "\n", ctx);
  write_file(out / "survey.csv", survey::survey_csv(s), ctx);
  std::size_t runs = 0;
  for (const auto& e : s.nets) runs += e.runs.size();
  ctx.out << fmt::format("archcalc survey: {} networks, {} runs{}; wrote {}\n", s.nets.size(), runs,
                         o.no_run ? " (--no-run)" : " in " + survey::duration_text(s.run_seconds),
                         (out / "index.html").string());
  for (const auto& t : m.time) {
    if (!t.fit) continue;
    ctx.out << fmt::format(
        "batch {}: time = {:.3f} ms + MACs / {:.2f} GMAC/s, R² = {:.4f} over {} "
        "networks\n",
        t.batch, t.fit->line.intercept * 1e3, t.fit->gmacs_per_second, t.fit->line.r2,
        t.fit->line.n);
  }
  if (s.interrupted) ctx.exit_code = 130;
}

}  // namespace

void add_survey(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  CLI::App* sub =
      app.add_subcommand("survey", "Networks side by side: accuracy, MACs, time, memory as HTML");
  add_import_flags(sub, ctx);
  sub->add_option("paths", o->paths,
                  "network files, bundled names, or directories (their network files, not "
                  "their subfolders'); default: the bundled networks");
  sub->add_option("--output,-o", o->output,
                  "the directory to write index.html, survey.json, "
                  "survey.csv and nets/*.html to")
      ->required();
  sub->add_option("--backend", o->settings.backend,
                  "kernels to run (default: onednn, else gemm, else reference)")
      ->check(CLI::Validator([](std::string& name) { return exec::missing_backend(name); }, ""))
      ->check(CLI::IsMember(exec::backend_names()));
  sub->add_option("--threads", o->settings.threads, "threads the kernels may use")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  sub->add_option("--batch", o->batches, "batch sizes, separated by commas")->capture_default_str();
  sub->add_option("--repeat", o->settings.repeat,
                  "timed passes per run (a run whose first pass takes over --long-pass seconds "
                  "keeps that one)")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  sub->add_option("--warmup", o->settings.warmup, "untimed passes before them")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  sub->add_option("--long-pass", o->settings.long_pass,
                  "seconds: a first pass longer than this is the run's time")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();
  sub->add_option("--seed", o->seed, "seed for weights and inputs")->capture_default_str();
  sub->add_option("--max-memory", o->max_memory,
                  "refuse runs needing more: bytes, or 512M, 4G (default: half of RAM)");
  sub->add_flag("--no-run", o->no_run, "counts and published accuracy only: run nothing");
  sub->add_flag("--no-reports", o->no_reports,
                "leave out each network's own report (nets/*.html) and the links to it");
  sub->footer(
      "Examples:\n"
      "  archcalc survey architectures/ --threads 2 --batch 1,8 -o survey/\n"
      "  archcalc survey alexnet vgg16 resnet50 googlenet --no-run -o counts/");
  sub->callback([o, &ctx] { survey_command(*o, ctx); });
}

}  // namespace archcalc::cli
