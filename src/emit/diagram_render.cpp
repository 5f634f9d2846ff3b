// Rendering through Graphviz's library (libgvc, libcgraph), in-process.
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

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
// Object IDs in order of first appearance. Graphviz's default discipline
// makes a name's ID the address of its string copy, and keeps subgraphs
// ordered by ID: the clusters came out in an order that changed with the
// heap, so the same DOT gave differently ordered SVGs from run to run.
struct NameIds {
  std::vector<std::string> names;  // ID 2(i+1) names names[i]; odd IDs are anonymous
  std::unordered_map<std::string, IDTYPE> ids;
  IDTYPE anonymous = 1;
};

void* ids_open(Agraph_t*, Agdisc_t*) {
  return new NameIds;
}

long ids_map(void* state, int, char* str, IDTYPE* id, int create) {
  auto& s = *static_cast<NameIds*>(state);
  if (!str) {
    *id = s.anonymous;
    s.anonymous += 2;
    return 1;
  }
  auto it = s.ids.find(str);
  if (it != s.ids.end()) {
    *id = it->second;
    return 1;
  }
  if (!create) return 0;
  s.names.emplace_back(str);
  *id = static_cast<IDTYPE>(2 * s.names.size());
  s.ids.emplace(str, *id);
  return 1;
}

long ids_alloc(void*, int, IDTYPE) {
  return 0;
}

void ids_free(void*, int, IDTYPE) {}

char* ids_print(void* state, int, IDTYPE id) {
  auto& s = *static_cast<NameIds*>(state);
  if (id % 2 != 0 || id == 0 || id / 2 > s.names.size()) return nullptr;
  return s.names[id / 2 - 1].data();
}

void ids_close(void* state) {
  delete static_cast<NameIds*>(state);
}

void ids_register(void*, int, void*) {}

Agiddisc_t kNameIds = {ids_open, ids_map, ids_alloc, ids_free, ids_print, ids_close, ids_register};

// DOT text read a line at a time, as Graphviz's own agmemread does.
struct Reader {
  const char* data;
  std::size_t left;
};

int read_line(void* chan, char* buf, int size) {
  auto& r = *static_cast<Reader*>(chan);
  int n = 0;
  while (n < size && r.left > 0) {
    char c = *r.data++;
    --r.left;
    buf[n++] = c;
    if (c == '\n') break;
  }
  return n;
}

Agiodisc_t kReader = {read_line, nullptr, nullptr};

Agraph_t* read_dot(const std::string& dot) {
  kReader.putstr = AgIoDisc.putstr;
  kReader.flush = AgIoDisc.flush;
  Agdisc_t disc = {&AgMemDisc, &kNameIds, &kReader};
  Reader r{dot.data(), dot.size()};
  return agread(&r, &disc);
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
  std::unique_ptr<Agraph_t, GraphClose> graph(read_dot(dot));
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
