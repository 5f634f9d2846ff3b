// Rendering in a build without Graphviz (ARCHCALC_WITH_GRAPHVIZ=OFF): refused
// in one line. The DOT source (emit_dot) needs no Graphviz.
#include "emit/dot.hpp"
#include "util/diag.hpp"

namespace archcalc {

std::string render_graphviz(const std::string&, const std::string& format) {
  throw InputError(SourcePos{"archcalc", 0, 0}, "this build has no Graphviz support to render " +
                                                    format +
                                                    " (built with ARCHCALC_WITH_GRAPHVIZ=OFF)");
}

}  // namespace archcalc
