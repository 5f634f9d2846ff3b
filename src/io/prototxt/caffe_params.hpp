// Typed, range-checked reading of one Caffe message's fields (a layer, or its
// convolution_param, ...). Every failure is an InputError at the field's
// line:col, phrased "<Type> '<layer>': <why>".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "io/prototxt/text_format.hpp"

namespace archcalc::prototxt {

class Params {
 public:
  // `msg`: the message's fields (null: an absent message, every field at its
  // default); `what`: "Convolution 'conv1': "; `at`: where errors about
  // missing fields point.
  Params(const Field* msg, std::string what, SourcePos at);

  bool has(const char* name) const;
  // The last value of `name`: an integer >= `min` (at most 2^40); `fallback` when absent.
  std::int64_t integer(const char* name, std::optional<std::int64_t> fallback,
                       std::int64_t min) const;
  // Every value of a repeated integer field, each >= `min`.
  std::vector<std::int64_t> integers(const char* name, std::int64_t min) const;
  // A finite real in [min, max]; `fallback` when absent.
  double number(const char* name, double fallback, double min, double max) const;
  bool boolean(const char* name, bool fallback) const;
  // An enum value, one of `choices` (written without quotes); `fallback` when absent.
  std::string word(const char* name, const std::vector<std::string>& choices,
                   const std::string& fallback) const;
  // A string value (quoted); `fallback` when absent.
  std::string string(const char* name, const std::string& fallback) const;
  // The sub-message `name` (the last one), or null.
  const Field* message(const char* name) const;
  // Every field called `name`.
  std::vector<const Field*> all(const char* name) const;
  [[noreturn]] void fail(const Field* at, const std::string& why) const;
  const std::string& what() const { return what_; }

 private:
  const Field* scalar(const char* name) const;
  const Field* msg_;
  std::string what_;
  SourcePos at_;
};

}  // namespace archcalc::prototxt
