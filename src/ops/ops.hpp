// The single list of op types. The Op variant, the name table, the hook
// dispatch and every list of ops (activation shorthands, compact rows,
// counting conventions, ONNX and Caffe translations, reference kernels) are generated
// from ARCHCALC_OPS; adding an op means one line here and one file (hpp +
// cpp) declaring what op_base.hpp lists.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ops/activations.hpp"
#include "ops/binary.hpp"
#include "ops/conv.hpp"
#include "ops/conv_nd.hpp"
#include "ops/elementwise.hpp"
#include "ops/fc.hpp"
#include "ops/layout.hpp"
#include "ops/linear.hpp"
#include "ops/merge.hpp"
#include "ops/norm.hpp"
#include "ops/pad.hpp"
#include "ops/parameter.hpp"
#include "ops/pool.hpp"
#include "ops/pool_nd.hpp"
#include "ops/prelu.hpp"
#include "ops/reduce.hpp"
#include "ops/resample.hpp"
#include "ops/scale.hpp"
#include "ops/smooth.hpp"
#include "ops/unknown.hpp"

#define ARCHCALC_COMMA() ,
#define ARCHCALC_NOSEP()
// clang-format off
#define ARCHCALC_OPS(X, SEP) \
  X(Input) SEP() \
  X(Parameter) SEP() \
  X(Conv) SEP() \
  X(ConvTranspose) SEP() \
  X(MaxPool) SEP() \
  X(AvgPool) SEP() \
  X(Conv1d) SEP() \
  X(MaxPool1d) SEP() \
  X(AvgPool1d) SEP() \
  X(Conv3d) SEP() \
  X(MaxPool3d) SEP() \
  X(AvgPool3d) SEP() \
  X(FullyConnected) SEP() \
  X(Linear) SEP() \
  X(MatMul) SEP() \
  X(Flatten) SEP() \
  X(Reshape) SEP() \
  X(Transpose) SEP() \
  X(Slice) SEP() \
  X(Pad) SEP() \
  X(ChannelShuffle) SEP() \
  X(Upsample) SEP() \
  X(Relu) SEP() \
  X(Relu6) SEP() \
  X(LeakyRelu) SEP() \
  X(Sigmoid) SEP() \
  X(Tanh) SEP() \
  X(HardSwish) SEP() \
  X(HardSigmoid) SEP() \
  X(Silu) SEP() \
  X(Gelu) SEP() \
  X(Elu) SEP() \
  X(Mish) SEP() \
  X(PRelu) SEP() \
  X(Lrn) SEP() \
  X(BatchNorm) SEP() \
  X(LayerNorm) SEP() \
  X(GroupNorm) SEP() \
  X(InstanceNorm) SEP() \
  X(Scale) SEP() \
  X(Dropout) SEP() \
  X(Concat) SEP() \
  X(Add) SEP() \
  X(Mul) SEP() \
  X(Sub) SEP() \
  X(Div) SEP() \
  X(Mean) SEP() \
  X(ReduceMax) SEP() \
  X(Softmax) SEP() \
  X(Unknown)
// clang-format on

namespace archcalc {

// Every op must declare all hooks (see op_base.hpp); a missing one fails here.
template <typename T>
concept OpHooks = requires(T op, const T cop, AttrReader& r, std::span<const Shape> in,
                           const Shape& out, std::span<const Field> fields, bool input_grad,
                           ParseAttrs& pv, DescribeAttrs& dv) {
  { T::kName } -> std::convertible_to<std::string_view>;
  { T::kCategory } -> std::convertible_to<Category>;
  { T::kMinInputs } -> std::convertible_to<int>;
  { T::kMaxInputs } -> std::convertible_to<int>;
  { T::kOtherOps } -> std::convertible_to<std::string_view>;
  { T::kCountedAs } -> std::convertible_to<std::string_view>;
  { T::kBackwardOps } -> std::convertible_to<std::string_view>;
  T::attributes(op, pv);
  T::attributes(cop, dv);
  { cop.infer(in) } -> std::same_as<Shape>;
  { cop.cost(in, out) } -> std::same_as<Cost>;
  { cop.label() } -> std::same_as<std::string>;
  { cop.field(fields, in) } -> std::same_as<std::optional<Field>>;
  { T::kInPlace } -> std::convertible_to<bool>;
  { cop.backward(in, out, input_grad) } -> std::same_as<Backward>;
};

// The optional declarations.
template <typename T>
concept HasCheck = requires(const T o, AttrReader& r) {
  o.check(r);
};
template <typename T>
concept HasParams = requires(const T o, std::span<const Shape> in) {
  { o.params(in) } -> std::same_as<std::vector<ParamSpec>>;
};
template <typename T>
concept HasOnnx = requires {
  T::kOnnx;
};
template <typename T>
concept HasOnnxHook = requires(const OnnxNode& n, AttrWriter& a) {
  { T::from_onnx(n, a) } -> std::same_as<Imported>;
};
template <typename T>
concept HasMacKind = requires {
  { T::kMacKind } -> std::convertible_to<MacKind>;
};
template <typename T>
concept HasCaffe = requires {
  T::kCaffe;
};
template <typename T>
concept HasCaffeHook = requires(CaffeMessage& l, AttrWriter& a) {
  { T::from_caffe(l, a) } -> std::same_as<Imported>;
};
template <typename T>
concept ElementWise = requires(const T o, float x) {
  { o.apply(x) } -> std::same_as<float>;
};

#define ARCHCALC_OP_TYPE(T) T
using Op = std::variant<ARCHCALC_OPS(ARCHCALC_OP_TYPE, ARCHCALC_COMMA)>;
#undef ARCHCALC_OP_TYPE

#define ARCHCALC_OP_CHECK(T) static_assert(OpHooks<T>, #T " does not declare every op hook");
ARCHCALC_OPS(ARCHCALC_OP_CHECK, ARCHCALC_NOSEP)
#undef ARCHCALC_OP_CHECK

// Calls f(T{}) for a default-constructed op of every type, in list order.
template <typename F>
void for_each_op_type(F&& f) {
#define ARCHCALC_OP_VISIT(T) f(T{});
  ARCHCALC_OPS(ARCHCALC_OP_VISIT, ARCHCALC_NOSEP)
#undef ARCHCALC_OP_VISIT
}

// A default-constructed op of the type named `name`, or nullopt.
std::optional<Op> make_op(std::string_view name);
// Every op name, in list order.
const std::vector<std::string>& op_names();
// The names of the ops of category `c`, in list order.
std::vector<std::string> op_names_of(Category c);
// "a, b, c" / "a or b": `names` joined for a message.
std::string join_names(const std::vector<std::string>& names, const std::string& last = ", ");

inline std::string_view op_name(const Op& op) {
  return std::visit([](const auto& o) { return std::string_view(o.kName); }, op);
}
inline Category op_category(const Op& op) {
  return std::visit([](const auto& o) { return Category{o.kCategory}; }, op);
}
// Reads the op's attributes with its table, then its checks across them.
inline void op_parse(Op& op, AttrReader& r) {
  std::visit(
      [&](auto& o) {
        ParseAttrs v(r);
        o.attributes(o, v);
        if constexpr (HasCheck<std::decay_t<decltype(o)>>) o.check(r);
      },
      op);
}
inline Shape op_infer(const Op& op, std::span<const Shape> in) {
  return std::visit([&](const auto& o) { return o.infer(in); }, op);
}
// The op's parameter tensors (none for most ops).
inline std::vector<ParamSpec> op_params(const Op& op, std::span<const Shape> in) {
  return std::visit(
      [&](const auto& o) -> std::vector<ParamSpec> {
        if constexpr (HasParams<std::decay_t<decltype(o)>>) {
          return o.params(in);
        } else {
          return {};
        }
      },
      op);
}
// The op's counts: params and buffers from its parameter tensors, MACs and
// other ops from its cost hook.
inline Cost op_cost(const Op& op, std::span<const Shape> in, const Shape& out) {
  Cost params;
  count_params(params, op_params(op, in));
  Cost c = std::visit([&](const auto& o) { return o.cost(in, out); }, op);
  c.weights = params.weights;
  c.bias = params.bias;
  c.affine = params.affine;
  c.buffers = params.buffers;
  return c;
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
// Which part of the MACs breakdown the op's MACs count in.
inline MacKind op_mac_kind(const Op& op) {
  return std::visit(
      [](const auto& o) {
        if constexpr (HasMacKind<std::decay_t<decltype(o)>>) {
          return MacKind{o.kMacKind};
        } else {
          return MacKind::kNone;
        }
      },
      op);
}
// A weighted layer (category linear: conv, fc): what "depth" counts.
inline bool op_weighted(const Op& op) {
  return op_category(op) == Category::kLinear;
}

// The "Other ops, counted apart" convention, from every op's kCountedAs and
// kOtherOps: "bias adds (1 per output element), pooling (…), activations
// (relu, relu6, …: 1 per element), …".
std::string other_ops_convention();

// The training-step conventions: the weighted ops ("conv and fc"), every
// op's backward rule grouped by rule ("relu, relu6, dropout: 1 per element;
// ..."), and the tensors the backward rules read ("conv, fc: their input;
// relu, ...: their output"), from each op's backward hook.
std::string weighted_ops_text();
std::string backward_ops_convention();
std::string saved_tensors_convention();

// The format reference's table of ops (docs/format.md): one row per op that
// a YAML file may write, with its category, attributes and inputs.
std::string format_reference_table();

}  // namespace archcalc
