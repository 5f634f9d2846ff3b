// What an op's ONNX translation sees and produces. An op lists the ONNX node
// types it translates (kOnnx) and may declare a hook
//
//   static Imported from_onnx(const OnnxNode& node, AttrWriter& attrs);
//
// that reads the node and writes the op's attributes as its YAML keys; the
// importer then parses them with the op's attribute table, so an imported
// value is range-checked like a written one. Without the hook the node
// translates with no attributes. The first kMaxInputs node inputs (all of
// them when unbounded) carry activations; the others are weights.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ops/attrs.hpp"

namespace archcalc {

// Where a translation puts the attributes it read (keys as in YAML).
class AttrWriter {
 public:
  virtual ~AttrWriter() = default;
  virtual void set_ints(const std::string& key, std::vector<std::int64_t> v) = 0;
  virtual void set_number(const std::string& key, double v) = 0;
  virtual void set_bool(const std::string& key, bool v) = 0;
  virtual void set_word(const std::string& key, std::string v) = 0;
  virtual void set_padding(const std::string& key, Padding v) = 0;
};

// An ONNX node as the importer knows it: attributes, inputs and what the
// model declares about them.
class OnnxNode {
 public:
  virtual ~OnnxNode() = default;
  virtual std::string_view type() const = 0;
  virtual bool has(std::string_view attr) const = 0;
  // Attribute values, or the fallback (ints: empty) when absent.
  virtual std::vector<std::int64_t> ints(std::string_view attr) const = 0;
  virtual std::int64_t integer(std::string_view attr, std::int64_t fallback) const = 0;
  virtual double real(std::string_view attr, double fallback) const = 0;
  virtual std::string text(std::string_view attr, const std::string& fallback) const = 0;
  virtual int inputs() const = 0;
  // The name of input `i`, "" when absent.
  virtual std::string input(int i) const = 0;
  virtual int outputs() const = 0;
  virtual std::string output(int i) const = 0;
  // Declared dims of input `i` (-1 where symbolic), when the model gives them.
  virtual std::optional<std::vector<std::int64_t>> dims(int i) const = 0;
  // True when input `i` is an initializer or a Constant's output.
  virtual bool is_constant(int i) const = 0;
  // The values of input `i` when it is a constant of at most `max` elements.
  virtual std::optional<std::vector<double>> values(int i, std::size_t max) const = 0;
};

// What a translation hook returns.
struct Imported {
  enum class Kind {
    kOk,           // the node is this op, with the attributes written
    kDeclined,     // another op that translates this node type may take it; `why` says
                   // what this one takes ("ReLU (min 0)"). Nothing written to the attrs.
    kUnsupported,  // `why` says what is missing
  };
  Kind kind = Kind::kOk;
  std::string why;

  static Imported ok() { return {}; }
  static Imported declined(std::string takes) { return {Kind::kDeclined, std::move(takes)}; }
  static Imported unsupported(std::string why) { return {Kind::kUnsupported, std::move(why)}; }
};

// ONNX's window attributes (kernel_shape as given, strides, pads, auto_pad)
// as kernel/stride/pad; "" when they translate, else why not.
std::string onnx_window(const OnnxNode& n, AttrWriter& attrs,
                        const std::vector<std::int64_t>& kernel);

// The same for a window over any number of axes (conv1d, conv3d and their
// pools): `pad` as a begin and an end per axis; auto_pad VALID only.
std::string onnx_window_nd(const OnnxNode& n, AttrWriter& attrs,
                           const std::vector<std::int64_t>& kernel);

// True when every dim is a fixed number.
bool known_dims(const std::vector<std::int64_t>& d);

}  // namespace archcalc
