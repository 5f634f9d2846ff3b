#include "io/name_blocks.hpp"

#include <map>

namespace archcalc {

void blocks_from_name_paths(Network& net) {
  std::map<std::string, int> index;  // block path → instance
  for (auto [it, end] = boost::vertices(net.graph); it != end; ++it) {
    Layer& l = net.layer(*it);
    if (std::holds_alternative<Input>(l.op)) continue;
    int parent = 0;
    std::string path;
    std::size_t start = 0;
    for (std::size_t slash = l.name.find('/'); slash != std::string::npos;
         start = slash + 1, slash = l.name.find('/', start)) {
      std::string part = l.name.substr(start, slash - start);
      if (part.empty()) continue;
      path += (path.empty() ? "" : "/") + part;
      auto found = index.find(path);
      if (found == index.end()) {
        BlockInstance b;
        b.name = path;
        b.definition = "group";
        b.parent = parent;
        b.depth = net.blocks[parent].depth + 1;
        b.pos = l.pos;
        net.blocks.push_back(b);
        int id = static_cast<int>(net.blocks.size()) - 1;
        net.blocks[parent].children.push_back(id);
        found = index.emplace(path, id).first;
      }
      parent = found->second;
    }
    l.block = parent;
    if (parent != 0) net.blocks[parent].output = *it;
  }
}

}  // namespace archcalc
