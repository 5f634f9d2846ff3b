// Diagnostics: positions in input files, and the one error format
// `file:line:col: error: what and why`.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace archcalc {

// A position in an input file. Lines and columns count from 1; 0 means unknown.
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;
};

// Renders `file:line:col: <severity>: message` (parts left out when unknown).
std::string format_diagnostic(const SourcePos& pos, const std::string& severity,
                              const std::string& message);

// A problem in the input: reported to the user with its position, exit code 2.
class InputError : public std::runtime_error {
 public:
  InputError(SourcePos pos, const std::string& message)
      : std::runtime_error(message), pos_(std::move(pos)) {}
  const SourcePos& pos() const { return pos_; }
  std::string render() const { return format_diagnostic(pos_, "error", what()); }

 private:
  SourcePos pos_;
};

// Several input errors collected before stopping; what() holds all lines.
class InputErrors : public std::runtime_error {
 public:
  explicit InputErrors(std::vector<InputError> errors);
  const std::vector<InputError>& errors() const { return errors_; }

 private:
  std::vector<InputError> errors_;
};

// A problem an op finds in its own attributes or inputs; the caller adds the
// position and the `<op> '<layer>': ` prefix.
class OpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Collects warnings and errors while loading, so that several can be reported.
class Diagnostics {
 public:
  void warn(const SourcePos& pos, const std::string& message);
  void error(InputError e) { errors_.push_back(std::move(e)); }
  bool has_errors() const { return !errors_.empty(); }
  // Throws InputErrors if any error was collected.
  void throw_if_errors();
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  std::vector<std::string> warnings_;
  std::vector<InputError> errors_;
};

// The closest candidate to `word` by edit distance, or "" if none is close.
std::string closest_match(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace archcalc
