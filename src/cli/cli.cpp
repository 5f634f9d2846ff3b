#include "cli/cli.hpp"

#include <fstream>
#include <iostream>

#include "cli/survey.hpp"
#include "io/loader.hpp"
#include "passes/passes.hpp"

namespace archcalc::cli {

std::pair<std::string, std::string> split_set(const std::string& text) {
  auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw CLI::ValidationError("--set", "expects NAME=VALUE, got '" + text + "'");
  }
  return {text.substr(0, eq), text.substr(eq + 1)};
}

namespace {
bool all_digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}
}  // namespace

DiagnosticLine parse_diagnostic(const std::string& text) {
  DiagnosticLine d;
  std::size_t at = std::string::npos, skip = 0;
  for (const char* sev : {"warning", "error"}) {
    std::string tag = std::string(sev) + ": ";
    if (text.rfind(tag, 0) == 0) {
      d.severity = sev;
      d.message = text.substr(tag.size());
      return d;
    }
    std::size_t i = text.find(": " + tag);
    if (i != std::string::npos && i < at) {
      at = i;
      skip = tag.size() + 2;
      d.severity = sev;
    }
  }
  if (at == std::string::npos) {
    d.message = text;
    return d;
  }
  d.message = text.substr(at + skip);
  std::string where = text.substr(0, at);
  // file[:line[:column]]
  std::vector<int> numbers;
  for (int k = 0; k < 2; ++k) {
    std::size_t colon = where.rfind(':');
    if (colon == std::string::npos || !all_digits(where.substr(colon + 1)) ||
        where.size() - colon > 10) {
      break;
    }
    numbers.insert(numbers.begin(), std::stoi(where.substr(colon + 1)));
    where.resize(colon);
  }
  d.file = where;
  if (!numbers.empty()) d.line = numbers[0];
  if (numbers.size() > 1) d.column = numbers[1];
  return d;
}

std::string as_error(const std::string& warning) {
  DiagnosticLine d = parse_diagnostic(warning);
  if (d.severity != "warning") return warning;
  return format_diagnostic(SourcePos{d.file, d.line, d.column}, "error", d.message);
}

Network load_analyzed(const std::string& path, const std::vector<std::string>& sets, Context& ctx) {
  LoadOptions options;
  options.allow_unknown = ctx.allow_unknown;
  for (const auto& s : sets) options.overrides.push_back(split_set(s));
  Diagnostics diag;
  // Initialised from the call, never assigned: Boost's adjacency_list has no
  // move assignment, so `net = load(...)` would copy the whole graph and,
  // for a moment, hold it twice.
  Network net = [&] {
    try {
      return load_network_file(resolve_network(path), options, diag);
    } catch (...) {
      report_warnings(diag.warnings(), ctx, false);
      throw;
    }
  }();
  report_warnings(diag.warnings(), ctx, true);
  if (!ctx.input.empty()) set_input_shape(net, ctx.input);
  net.batch = ctx.batch;
  net.dtype = ctx.dtype;
  net.bytes_per_element = ctx.dtype == "fp32" ? 4 : ctx.dtype == "int8" ? 1 : 2;
  analyze(net);
  return net;
}

void report_warnings(const std::vector<std::string>& warnings, Context& ctx, bool finished) {
  for (const auto& w : warnings) {
    if (ctx.warnings)
      ctx.warnings->push_back(w);
    else
      ctx.err << (ctx.strict ? as_error(w) : w) << "\n";
  }
  if (finished && ctx.strict && !ctx.warnings && !warnings.empty()) throw WarningsAreErrors{};
}

void add_strict_flag(CLI::App* sub, Context& ctx) {
  sub->add_flag("--strict", ctx.strict,
                "treat warnings (an unknown key, a value ignored) as errors: exit 2");
}

void add_import_flags(CLI::App* sub, Context& ctx) {
  sub->add_flag("--allow-unknown", ctx.allow_unknown,
                "ONNX: report unsupported ops as rows marked 'not counted' instead of failing");
  add_strict_flag(sub, ctx);
}

void write_output(const std::string& path, const std::string& text, Context& ctx) {
  if (path.empty() || path == "-") {
    ctx.out << text;
    return;
  }
  std::ofstream f(path, std::ios::binary);
  if (!f || !(f << text) || !f.flush()) {
    throw InputError(SourcePos{path, 0, 0}, "cannot write the output file");
  }
}

namespace {
// "; did you mean 'analyze'?" for a mistyped command, or "".
std::string suggestion(CLI::App& app, const std::string& word) {
  std::vector<std::string> names;
  for (CLI::App* s : app.get_subcommands([](CLI::App*) { return true; }))
    names.push_back(s->get_name());
  std::string close = closest_match(word, names);
  return close.empty() ? "" : "; did you mean '" + close + "'?";
}
}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Context ctx{out, err};
  CLI::App app{"archcalc: what a convolutional network costs: shapes, params, MACs, memory"};
  app.name("archcalc");
  app.set_version_flag("-v,--version", std::string("archcalc ") + ARCHCALC_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  add_analyze(app, ctx);
  add_run(app, ctx);
  add_probe(app, ctx);
  add_diagram(app, ctx);
  add_compare(app, ctx);
  add_sweep(app, ctx);
  add_report(app, ctx);
  add_check(app, ctx);
  add_list(app, ctx);
  add_convert(app, ctx);
  add_survey(app, ctx);
  // The command list in 80 columns: a narrower first column on this page
  // only (the commands keep the formatter they were made with).
  auto top = std::make_shared<CLI::Formatter>();
  top->column_width(16);
  app.formatter(top);
  app.footer(
      "Examples:\n"
      "  archcalc analyze resnet50                    a bundled network, by name\n"
      "  archcalc analyze net.yaml --depth 1 --strict\n"
      "  archcalc analyze resnet50 --input 3x160x160 --batch 8 --dtype fp16\n"
      "  archcalc compare vgg16 resnet50\n"
      "  archcalc diagram googlenet -o googlenet.svg\n"
      "  archcalc check models/ --baseline models-baseline/ --format github\n"
      "  archcalc list\n"
      "  archcalc survey architectures/ --threads 2 -o survey/\n"
      "Run 'archcalc COMMAND --help' for a command's options.");

  // `archcalc`, `archcalc help [COMMAND]`, `archcalc -v`.
  if (args.empty() || args[0] == "help") {
    if (args.size() > 1) {
      try {
        out << app.get_subcommand(args[1])->help();
        return kOk;
      } catch (const CLI::OptionNotFound&) {
        err << "archcalc: error: no command '" << args[1] << "'" << suggestion(app, args[1])
            << "\n";
        return kBadInput;
      }
    }
    out << app.help();
    return kOk;
  }
  if (args[0] == "-v") {
    out << "archcalc " << ARCHCALC_VERSION << "\n";
    return kOk;
  }
  if (args[0].empty() || args[0][0] != '-') {
    bool known = false;
    for (CLI::App* s : app.get_subcommands([](CLI::App*) { return true; }))
      known = known || s->check_name(args[0]);
    if (!known) {
      err << "archcalc: error: no command '" << args[0] << "'" << suggestion(app, args[0])
          << "\nrun 'archcalc --help' for the commands\n";
      return kBadInput;
    }
  }

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return kOk;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return kOk;
  } catch (const CLI::CallForVersion&) {
    out << "archcalc " << ARCHCALC_VERSION << "\n";
    return kOk;
  } catch (const CLI::ParseError& e) {
    err << "archcalc: error: " << e.what() << "\n";
    if (app.get_subcommands().empty()) err << "run 'archcalc --help' for usage\n";
    return kBadInput;
  } catch (const InputErrors& e) {
    err << e.what() << "\n";
    return kBadInput;
  } catch (const InputError& e) {
    err << e.render() << "\n";
    return kBadInput;
  } catch (const WarningsAreErrors&) {
    return kBadInput;
  } catch (const std::bad_alloc&) {
    err << "archcalc: error: out of memory\n";
    return kBadInput;
  }
  return ctx.exit_code;
}

}  // namespace archcalc::cli
