// An AttrReader over values an importer has already read and range-checked
// (from a Caffe layer or an ONNX node), each with the position it came from,
// so that an op's own checks (window vs padding, groups, ...) run on imported
// layers too and report where the value was written.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ops/attrs.hpp"
#include "util/diag.hpp"

namespace archcalc {

class MapAttrReader : public AttrReader {
 public:
  // `prefix`: "Convolution 'conv1': "; `layer_pos`: where missing attributes point.
  MapAttrReader(std::string prefix, SourcePos layer_pos);

  void set_ints(const std::string& key, std::vector<std::int64_t> v, SourcePos pos);
  void set_number(const std::string& key, double v, SourcePos pos);
  void set_bool(const std::string& key, bool v, SourcePos pos);
  void set_word(const std::string& key, std::string v, SourcePos pos);
  void set_padding(const std::string& key, Padding v, SourcePos pos);

  std::int64_t integer(std::string_view key, std::optional<std::int64_t> fallback,
                       std::int64_t min) override;
  std::vector<std::int64_t> integers(std::string_view key, std::size_t min_len, std::size_t max_len,
                                     std::int64_t min) override;
  double number(std::string_view key, std::optional<double> fallback, double min,
                double max) override;
  bool boolean(std::string_view key, std::optional<bool> fallback) override;
  std::string word(std::string_view key, const std::vector<std::string>& choices,
                   std::optional<std::string> fallback) override;
  Hw pair(std::string_view key, std::optional<Hw> fallback, std::int64_t min) override;
  Padding padding(std::string_view key) override;
  bool has(std::string_view key) override;
  bool is_list(std::string_view key) override;
  [[noreturn]] void fail(std::string_view key, const std::string& why) override;

 private:
  struct Value {
    std::vector<std::int64_t> ints;
    double number = 0;
    bool flag = false;
    std::string word;
    Padding pad;
    bool is_pad = false;
    SourcePos pos;
  };
  const Value* find(std::string_view key) const;
  [[noreturn]] void missing(std::string_view key);
  void check_min(std::string_view key, std::int64_t v, std::int64_t min);

  std::string prefix_;
  SourcePos layer_pos_;
  std::map<std::string, Value, std::less<>> values_;
};

}  // namespace archcalc
