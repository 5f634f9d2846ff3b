// The command line: `run` parses arguments, dispatches to a subcommand, and
// turns every input problem into one `file:line:col: error:` line and exit 2.
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

#include "graph/network.hpp"

namespace archcalc::cli {

// Exit codes.
constexpr int kOk = 0;
constexpr int kDifferent = 1;  // a check found a difference
constexpr int kBadInput = 2;   // bad input or usage

struct Context {
  std::ostream& out;
  std::ostream& err;
  int exit_code = kOk;
  bool allow_unknown = false;  // --allow-unknown: ONNX ops not supported become uncounted rows
  bool strict = false;         // --strict: a warning in a loaded file is an error (exit 2)
  // analyze --batch, --dtype, --input: how load_analyzed counts.
  Count batch = 1;
  std::string dtype = "fp32";
  std::string input = "";  // "3x160x160": the network input's shape; "" as the file says
  // When set, load_analyzed appends the warnings here instead of printing them
  // (`check` reports them itself, as errors).
  std::vector<std::string>* warnings = nullptr;
};

// Thrown by load_analyzed under --strict once the warnings are printed as errors.
struct WarningsAreErrors {};

// A rendered diagnostic `file:line:col: severity: message` taken apart.
struct DiagnosticLine {
  std::string file, severity, message;
  int line = 0, column = 0;
};
DiagnosticLine parse_diagnostic(const std::string& text);
// The same diagnostic with its severity "error".
std::string as_error(const std::string& warning);

// Runs the tool as `archcalc <args...>`; returns the exit code.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Loads `path` with `--set NAME=VALUE` overrides, prints warnings, runs every
// pass. Throws InputError(s) or a usage error (CLI::ValidationError).
Network load_analyzed(const std::string& path, const std::vector<std::string>& sets, Context& ctx);

// Prints `warnings` on ctx.err (as errors under --strict, or collects them
// into ctx.warnings). Throws WarningsAreErrors under --strict when
// `finished` and there were any.
void report_warnings(const std::vector<std::string>& warnings, Context& ctx, bool finished);

// Adds --batch, --dtype and --input to a subcommand.
void add_counting_options(CLI::App* sub, Context& ctx);

// Sets the shape of `net`'s input layer to `text` ("3x160x160"); a usage
// error when malformed or of another rank than the file's.
void set_input_shape(Network& net, const std::string& text);

// `path` when it names a file; else the bundled network of that name
// ("resnet50", "modules/inception_naive") in the installed zoo, then in the
// source tree's; else `path` (loading it reports why).
std::string resolve_network(const std::string& path);
// The bundled zoo: the installed one (share/archcalc/architectures beside the
// binary's prefix) when present, else the source tree's.
std::string bundled_zoo();

// Splits "NAME=VALUE"; throws CLI::ValidationError when malformed.
std::pair<std::string, std::string> split_set(const std::string& text);

// Writes `text` to `path`, or to ctx.out when `path` is empty or "-".
void write_output(const std::string& path, const std::string& text, Context& ctx);

// One registration function per subcommand, each in its own file.
void add_analyze(CLI::App& app, Context& ctx);
void add_run(CLI::App& app, Context& ctx);
void add_probe(CLI::App& app, Context& ctx);
void add_diagram(CLI::App& app, Context& ctx);
void add_compare(CLI::App& app, Context& ctx);
void add_sweep(CLI::App& app, Context& ctx);
void add_report(CLI::App& app, Context& ctx);
void add_check(CLI::App& app, Context& ctx);
void add_list(CLI::App& app, Context& ctx);
void add_convert(CLI::App& app, Context& ctx);

// Adds --allow-unknown (for imported ONNX models) and --strict to a subcommand
// that loads networks.
void add_import_flags(CLI::App* sub, Context& ctx);
// Adds --strict only.
void add_strict_flag(CLI::App* sub, Context& ctx);

}  // namespace archcalc::cli
