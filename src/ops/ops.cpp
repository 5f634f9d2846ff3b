#include "ops/ops.hpp"

namespace archcalc {

std::optional<Op> make_op(std::string_view name) {
#define ARCHCALC_OP_MAKE(T) \
  if (name == T::kName) return Op{T{}};
  ARCHCALC_OPS(ARCHCALC_OP_MAKE, ARCHCALC_NOSEP)
#undef ARCHCALC_OP_MAKE
  return std::nullopt;
}

const std::vector<std::string>& op_names() {
#define ARCHCALC_OP_NAME(T) std::string(T::kName)
  static const std::vector<std::string> names{ARCHCALC_OPS(ARCHCALC_OP_NAME, ARCHCALC_COMMA)};
#undef ARCHCALC_OP_NAME
  return names;
}

}  // namespace archcalc
