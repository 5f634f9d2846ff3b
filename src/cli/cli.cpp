#include "cli/cli.hpp"

#include <fstream>
#include <iostream>

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

Network load_analyzed(const std::string& path, const std::vector<std::string>& sets, Context& ctx) {
  LoadOptions options;
  options.allow_unknown = ctx.allow_unknown;
  for (const auto& s : sets) options.overrides.push_back(split_set(s));
  Diagnostics diag;
  try {
    Network net = load_network_file(path, options, diag);
    for (const auto& w : diag.warnings()) ctx.err << w << "\n";
    analyze(net);
    return net;
  } catch (...) {
    for (const auto& w : diag.warnings()) ctx.err << w << "\n";
    throw;
  }
}

void add_import_flags(CLI::App* sub, Context& ctx) {
  sub->add_flag("--allow-unknown", ctx.allow_unknown,
                "ONNX: report unsupported ops as rows marked 'not counted' instead of failing");
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

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Context ctx{out, err};
  CLI::App app{"archcalc: what a convolutional network costs: shapes, params, MACs, memory"};
  app.name("archcalc");
  app.set_version_flag("--version", std::string("archcalc ") + ARCHCALC_VERSION);
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
  } catch (const std::bad_alloc&) {
    err << "archcalc: error: out of memory\n";
    return kBadInput;
  }
  return ctx.exit_code;
}

}  // namespace archcalc::cli
