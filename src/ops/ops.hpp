// The single list of op types. The Op variant, the name table and the hook
// dispatch below are all generated from ARCHCALC_OPS; adding an op means one
// line here and one file (hpp + cpp) declaring its hooks.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ops/conv.hpp"
#include "ops/elementwise.hpp"
#include "ops/fc.hpp"
#include "ops/merge.hpp"
#include "ops/pool.hpp"
#include "ops/unknown.hpp"

#define ARCHCALC_COMMA() ,
#define ARCHCALC_NOSEP()
// clang-format off
#define ARCHCALC_OPS(X, SEP) \
  X(Input) SEP() \
  X(Conv) SEP() \
  X(MaxPool) SEP() \
  X(AvgPool) SEP() \
  X(FullyConnected) SEP() \
  X(Flatten) SEP() \
  X(Relu) SEP() \
  X(Relu6) SEP() \
  X(LeakyRelu) SEP() \
  X(Sigmoid) SEP() \
  X(Tanh) SEP() \
  X(Lrn) SEP() \
  X(BatchNorm) SEP() \
  X(Dropout) SEP() \
  X(Concat) SEP() \
  X(Add) SEP() \
  X(Softmax) SEP() \
  X(Unknown)
// clang-format on

namespace archcalc {

// Every op must declare all hooks (see op_base.hpp); a missing one fails here.
template <typename T>
concept OpHooks = requires(T op, const T cop, AttrReader& r, std::span<const Shape> in,
                           const Shape& out, std::span<const Field> fields, bool input_grad) {
  { T::kName } -> std::convertible_to<std::string_view>;
  { T::kMinInputs } -> std::convertible_to<int>;
  { T::kMaxInputs } -> std::convertible_to<int>;
  op.parse(r);
  { cop.infer(in) } -> std::same_as<Shape>;
  { cop.cost(in, out) } -> std::same_as<Cost>;
  { cop.label() } -> std::same_as<std::string>;
  { cop.field(fields, in) } -> std::same_as<std::optional<Field>>;
  { T::kInPlace } -> std::convertible_to<bool>;
  { cop.backward(in, out, input_grad) } -> std::same_as<Backward>;
};

#define ARCHCALC_OP_TYPE(T) T
using Op = std::variant<ARCHCALC_OPS(ARCHCALC_OP_TYPE, ARCHCALC_COMMA)>;
#undef ARCHCALC_OP_TYPE

#define ARCHCALC_OP_CHECK(T) static_assert(OpHooks<T>, #T " does not declare every op hook");
ARCHCALC_OPS(ARCHCALC_OP_CHECK, ARCHCALC_NOSEP)
#undef ARCHCALC_OP_CHECK

// A default-constructed op of the type named `name`, or nullopt.
std::optional<Op> make_op(std::string_view name);
// Every op name, in list order.
const std::vector<std::string>& op_names();

inline std::string_view op_name(const Op& op) {
  return std::visit([](const auto& o) { return std::string_view(o.kName); }, op);
}
inline void op_parse(Op& op, AttrReader& r) {
  std::visit([&](auto& o) { o.parse(r); }, op);
}
inline Shape op_infer(const Op& op, std::span<const Shape> in) {
  return std::visit([&](const auto& o) { return o.infer(in); }, op);
}
inline Cost op_cost(const Op& op, std::span<const Shape> in, const Shape& out) {
  return std::visit([&](const auto& o) { return o.cost(in, out); }, op);
}
inline std::string op_label(const Op& op) {
  return std::visit([](const auto& o) { return o.label(); }, op);
}
inline std::optional<Field> op_field(const Op& op, std::span<const Field> in,
                                     std::span<const Shape> in_shapes) {
  return std::visit([&](const auto& o) { return o.field(in, in_shapes); }, op);
}
inline bool op_in_place(const Op& op) {
  return std::visit([](const auto& o) { return bool{o.kInPlace}; }, op);
}
inline Backward op_backward(const Op& op, std::span<const Shape> in, const Shape& out,
                            bool input_grad) {
  return std::visit([&](const auto& o) { return o.backward(in, out, input_grad); }, op);
}
inline int op_min_inputs(const Op& op) {
  return std::visit([](const auto& o) { return int{o.kMinInputs}; }, op);
}
inline int op_max_inputs(const Op& op) {
  return std::visit([](const auto& o) { return int{o.kMaxInputs}; }, op);
}
// A weighted layer (conv or fc): what "depth" counts.
inline bool op_weighted(const Op& op) {
  return std::holds_alternative<Conv>(op) || std::holds_alternative<FullyConnected>(op);
}

}  // namespace archcalc
