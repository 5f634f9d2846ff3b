#include "io/yaml_writer.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

namespace archcalc {

namespace {

using Attrs = std::vector<std::pair<std::string, std::string>>;

std::string number_text(double x) {
  return fmt::format("{}", x);
}
std::string hw(Hw v) {
  return v.h == v.w ? std::to_string(v.h) : fmt::format("[{}, {}]", v.h, v.w);
}
std::string padding_text(const Padding& p) {
  switch (p.mode) {
    case Padding::Mode::kSame:
      return "same";
    case Padding::Mode::kValid:
      return "valid";
    case Padding::Mode::kExplicit:
      break;
  }
  if (p.top == p.bottom && p.left == p.right) return hw(Hw{p.top, p.left});
  return fmt::format("[{}, {}, {}, {}]", p.top, p.bottom, p.left, p.right);
}
bool no_pad(const Padding& p) {
  return p == Padding{};
}

// Writes an op's attributes from its attribute table (ops/attr_table.hpp):
// each value in its YAML form, those at their default left out, except
// numbers, which are always written (a converted file shows the imported
// value).
class WriteAttrs {
 public:
  void integer(std::string_view key, std::int64_t m, std::optional<std::int64_t> fallback,
               std::int64_t) {
    if (!fallback || m != *fallback) add(key, std::to_string(m));
  }
  void number(std::string_view key, double m, double, double, double) { add(key, number_text(m)); }
  void boolean(std::string_view key, bool m, bool fallback) {
    if (m != fallback) add(key, m ? "true" : "false");
  }
  void word(std::string_view key, bool m, std::array<const char*, 2> words, bool fallback) {
    if (m != fallback) add(key, words[m ? 1 : 0]);
  }
  void pair(std::string_view key, const Hw& m, std::optional<Hw> fallback, std::int64_t,
            std::string_view = "") {
    if (!fallback || m != *fallback) add(key, hw(m));
  }
  void padding(std::string_view key, const Padding& m) {
    if (!no_pad(m)) add(key, padding_text(m));
  }
  void shape(std::string_view key, const Shape& m) {
    add(key, fmt::format("[{}]", fmt::join(m.dims, ", ")));
  }
  void ints(std::string_view key, const std::vector<std::int64_t>& m,
            const std::optional<std::vector<std::int64_t>>& fallback, std::int64_t,
            const std::vector<std::int64_t>& = {}) {
    if (!fallback || m != *fallback) add(key, fmt::format("[{}]", fmt::join(m, ", ")));
  }
  void sizes(std::string_view key, const std::vector<std::int64_t>& m,
             const std::optional<std::vector<std::int64_t>>& fallback, std::int64_t, std::size_t,
             const std::vector<std::int64_t>& = {}, std::string_view = "") {
    if (fallback && m == *fallback) return;
    add(key, m.size() == 1 ? std::to_string(m.front()) : fmt::format("[{}]", fmt::join(m, ", ")));
  }
  template <class E, std::size_t N>
  void choice(std::string_view key, const E& m, const std::array<const char*, N>& words) {
    const auto i = static_cast<std::size_t>(m);
    if (i != 0) add(key, words[i]);
  }
  bool only_when(bool cond, std::initializer_list<const char*>, std::string_view) { return cond; }
  Attrs attrs;

 private:
  void add(std::string_view key, std::string value) {
    attrs.emplace_back(std::string(key), std::move(value));
  }
};

Attrs attrs_of(const Op& op) {
  return std::visit(
      [](const auto& o) {
        WriteAttrs w;
        o.attributes(o, w);
        return w.attrs;
      },
      op);
}

// A YAML flow scalar for a name: plain when it is safe, else double-quoted.
std::string scalar(const std::string& s) {
  bool plain = !s.empty() &&
               s.find_first_not_of(
                   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTU"
                   "VWXYZ0123456789_.-+") == std::string::npos &&
               s[0] != '-' && s[0] != '+' && s[0] != '.';
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string write_yaml(const Network& net, const std::string& source) {
  // YAML names: '/' separates blocks there, and 'input' is the network's input.
  std::map<Vertex, std::string> names;
  std::set<std::string> used{"input"};
  std::optional<Vertex> input;
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if (!input && std::holds_alternative<Input>(l.op)) {
      input = v;
      names[v] = "input";
      continue;
    }
    std::string base = l.name;
    for (char& c : base) {
      if (c == '/') c = '_';
    }
    std::string name = base;
    for (int k = 2; !used.insert(name).second; ++k) name = base + "_" + std::to_string(k);
    names[v] = name;
  }
  if (!input) throw InputError(SourcePos{net.file, 0, 0}, "the network has no input");

  std::string out = "# " + (net.title.empty() ? net.name : net.title) + "\n";
  out += "# Converted by archcalc from " + source + "; totals are those of the source.\n";
  out += "name: " + scalar(net.name) + "\n";
  if (!net.title.empty()) out += "title: " + scalar(net.title) + "\n";
  out += "input: [" + fmt::format("{}", fmt::join(net.layer(*input).out.dims, ", ")) + "]\n";
  out += "layers:\n";
  std::optional<Vertex> prev = input;
  for (Vertex v : net.order) {
    if (v == *input) continue;
    const Layer& l = net.layer(v);
    if (std::holds_alternative<Unknown>(l.op)) {
      throw InputError(l.pos, layer_prefix(l) + "an op counted as unknown (" +
                                  std::get<Unknown>(l.op).type +
                                  ") cannot be written as YAML; convert needs every op supported");
    }
    std::string line = "  - {name: " + scalar(names[v]) + ", op: " + std::string(op_name(l.op));
    for (const auto& [k, val] : attrs_of(l.op)) {
      line += ", " + k + ": " + val;
    }
    std::vector<Vertex> in = net.inputs(v);
    if (!(in.size() == 1 && prev && in[0] == *prev) && !in.empty()) {
      std::vector<std::string> from;
      for (Vertex u : in) from.push_back(scalar(names[u]));
      line += ", from: " +
              (from.size() == 1 ? from[0] : "[" + fmt::format("{}", fmt::join(from, ", ")) + "]");
    }
    if (l.train_only) line += ", train_only: true";
    line += "}";
    out += line + std::string(line.size() < 88 ? 88 - line.size() : 1, ' ') + "# " +
           l.out.str("x") + "\n";
    prev = v;
  }
  return out;
}

}  // namespace archcalc
