// Rendering through Graphviz's library (libgvc, libcgraph), in-process.
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <stdexcept>

#include "emit/dot.hpp"

namespace archcalc {

namespace {

// Graphviz reports through a process-wide callback; messages land here.
std::string& graphviz_messages() {
  static std::string text;
  return text;
}

int capture(char* message) {
  graphviz_messages() += message;
  return 0;
}

std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  return line.empty() ? "Graphviz failed" : line;
}

// Cairo stamps PDFs with the time of rendering; a fixed date of the same
// length keeps the output reproducible and the cross-reference offsets valid.
void fix_creation_date(std::string& pdf) {
  const std::string key = "/CreationDate (D:";
  auto at = pdf.find(key);
  if (at == std::string::npos) return;
  at += key.size();
  for (char digit : std::string("19700101000000")) {
    if (at >= pdf.size() || pdf[at] < '0' || pdf[at] > '9') return;
    pdf[at++] = digit;
  }
}

// One Graphviz context for the whole process, never freed: Graphviz 2.42's
// pango plugin caches a pointer to the last font name, which the context's
// font table owns, and reads it on the next rendering; freeing the context
// between renderings makes that a use after free.
GVC_t* context() {
  static GVC_t* gvc = gvContext();
  return gvc;
}
struct GraphClose {
  void operator()(Agraph_t* g) const { agclose(g); }
};

}  // namespace

std::string render_graphviz(const std::string& dot, const std::string& format) {
  graphviz_messages().clear();
  agseterrf(capture);
  agseterr(AGERR);  // warnings are not the user's concern; errors are
  GVC_t* gvc = context();
  if (!gvc) throw std::runtime_error("cannot start Graphviz");
  std::unique_ptr<Agraph_t, GraphClose> graph(agmemread(dot.c_str()));
  if (!graph) throw std::runtime_error("Graphviz: " + first_line(graphviz_messages()));
  if (gvLayout(gvc, graph.get(), "dot") != 0) {
    throw std::runtime_error("Graphviz layout: " + first_line(graphviz_messages()));
  }
  char* data = nullptr;
  unsigned int length = 0;
  int status = gvRenderData(gvc, graph.get(), format.c_str(), &data, &length);
  std::string out;
  if (status == 0 && data) out.assign(data, length);
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc, graph.get());
  if (status != 0) {
    throw std::runtime_error("Graphviz cannot render " + format + ": " +
                             first_line(graphviz_messages()));
  }
  if (format == "pdf") fix_creation_date(out);
  return out;
}

}  // namespace archcalc
