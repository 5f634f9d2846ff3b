// What an op's Caffe translation sees. An op lists the Caffe layer types it
// translates, each with the parameter message its fields are read from:
//
//   static constexpr std::array<CaffeType, N> kCaffe{CaffeType{"Pooling", "pooling_param"}};
//
// and may declare a hook
//
//   static Imported from_caffe(CaffeMessage& layer, AttrWriter& attrs);
//
// that reads the message and writes the op's attributes as its YAML keys; the
// importer then parses them with the op's attribute table. Without the hook
// the layer translates with no attributes. A hook that declines leaves the
// layer to the next op that lists its type (Pooling: max, then average).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ops/import.hpp"

namespace archcalc {

struct CaffeType {
  std::string_view type;   // "Convolution"
  std::string_view param;  // "convolution_param"; "" when the layer has none
};

// A Caffe layer's parameter message as a translation reads it. Every value is
// range-checked; every failure is an error at the field's line:col naming the
// layer ("Pooling 'pool1': ...").
class CaffeMessage {
 public:
  virtual ~CaffeMessage() = default;
  // The layer's type ("Power"), for an op that translates several.
  virtual std::string_view type() const = 0;
  virtual bool has(std::string_view field) const = 0;
  // The last value of `field`: an integer >= `min`; `fallback` when absent.
  virtual std::int64_t integer(std::string_view field, std::optional<std::int64_t> fallback,
                               std::int64_t min) const = 0;
  // A finite real in [min, max]; `fallback` when absent.
  virtual double number(std::string_view field, double fallback, double min, double max) const = 0;
  virtual bool boolean(std::string_view field, bool fallback) const = 0;
  // An enum value, one of `choices`; `fallback` when absent.
  virtual std::string word(std::string_view field, const std::vector<std::string>& choices,
                           const std::string& fallback) const = 0;
  // Every value of `field` as written.
  virtual std::vector<std::string> texts(std::string_view field) const = 0;
  // `name` as {h, w}: `name` (for kernel: kernel_size) with 1 or 2 values, or
  // `name_h` with `name_w`; empty when absent. Points the attributes written
  // next at where it was read.
  virtual std::vector<std::int64_t> hw(std::string_view name, std::int64_t min) = 0;
  // The attributes written next point at `field`'s last value (at the
  // layer's type when "" or absent).
  virtual void point_at(std::string_view field) = 0;
  // An error at `field`'s last value (at the layer's type when "").
  [[noreturn]] virtual void fail(std::string_view field, const std::string& why) const = 0;
  // An error at value `i` of `field` (as texts() lists them).
  [[noreturn]] virtual void fail_value(std::string_view field, std::size_t i,
                                       const std::string& why) const = 0;
};

// Caffe's window fields (kernel_size, stride, pad; each also as _h/_w) as
// kernel/stride/pad; stride 1 when absent.
void caffe_window(CaffeMessage& layer, AttrWriter& attrs, bool kernel_required);

// Fails unless `field` is absent or 1 (the channel axis).
void caffe_axis_1(const CaffeMessage& layer, std::string_view field);

}  // namespace archcalc
