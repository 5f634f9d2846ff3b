#include "io/yaml_writer.hpp"

#include <fmt/format.h>

#include <map>
#include <set>

namespace archcalc {

namespace {

using Attrs = std::vector<std::pair<std::string, std::string>>;

std::string number(double x) {
  return fmt::format("{}", x);
}
std::string hw(Hw v) {
  return v.h == v.w ? std::to_string(v.h) : fmt::format("[{}, {}]", v.h, v.w);
}
std::string padding(const Padding& p) {
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

// Each op's attributes as written in YAML, defaults left out. One overload per
// op type and no generic fallback: an op without one does not build.
Attrs attrs(const Input& o) {
  return {{"shape", fmt::format("[{}]", fmt::join(o.shape.dims, ", "))}};
}
Attrs attrs(const Conv& o) {
  Attrs a{{"out", std::to_string(o.out)}, {"kernel", hw(o.kernel)}};
  if (o.stride != Hw{}) a.emplace_back("stride", hw(o.stride));
  if (!no_pad(o.pad)) a.emplace_back("pad", padding(o.pad));
  if (o.dilation != Hw{}) a.emplace_back("dilation", hw(o.dilation));
  if (o.groups != 1) a.emplace_back("groups", std::to_string(o.groups));
  if (!o.bias) a.emplace_back("bias", "false");
  return a;
}
template <PoolMode M>
Attrs attrs(const Pool<M>& o) {
  Attrs a;
  if (o.global) {
    a.emplace_back("global", "true");
  } else {
    a.emplace_back("kernel", hw(o.kernel));
    if (o.stride != o.kernel) a.emplace_back("stride", hw(o.stride));
    if (!no_pad(o.pad)) a.emplace_back("pad", padding(o.pad));
  }
  if (o.ceil) a.emplace_back("round", "ceil");
  if (M == PoolMode::kAvg && !o.count_pad) a.emplace_back("count_pad", "false");
  return a;
}
Attrs attrs(const FullyConnected& o) {
  Attrs a{{"out", std::to_string(o.out)}};
  if (!o.bias) a.emplace_back("bias", "false");
  return a;
}
Attrs attrs(const Flatten&) {
  return {};
}
template <ActKind K>
Attrs attrs(const Activation<K>& o) {
  if constexpr (K == ActKind::kLeakyRelu) return {{"alpha", number(o.alpha)}};
  return {};
}
Attrs attrs(const Lrn& o) {
  return {{"size", std::to_string(o.size)},
          {"alpha", number(o.alpha)},
          {"beta", number(o.beta)},
          {"k", number(o.k)}};
}
Attrs attrs(const BatchNorm& o) {
  return {{"eps", number(o.eps)}};
}
Attrs attrs(const Dropout& o) {
  return {{"rate", number(o.rate)}};
}
Attrs attrs(const Concat&) {
  return {};
}
Attrs attrs(const Add&) {
  return {};
}
Attrs attrs(const Softmax&) {
  return {};
}
Attrs attrs(const Unknown&) {
  return {};
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
    for (const auto& [k, val] : std::visit([](const auto& o) { return attrs(o); }, l.op)) {
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
