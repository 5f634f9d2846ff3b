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
};

// Runs the tool as `archcalc <args...>`; returns the exit code.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Loads `path` with `--set NAME=VALUE` overrides, prints warnings, runs every
// pass. Throws InputError(s) or a usage error (CLI::ValidationError).
Network load_analyzed(const std::string& path, const std::vector<std::string>& sets, Context& ctx);

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

// Adds --allow-unknown (for imported ONNX models) to a subcommand that loads networks.
void add_import_flags(CLI::App* sub, Context& ctx);

}  // namespace archcalc::cli
