#include "emit/diagram_style.hpp"

#include <algorithm>
#include <cmath>

namespace archcalc {

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

int heat_level(double share, double max_share) {
  if (share <= 0 || max_share <= 0) return 1;
  int level = static_cast<int>(std::ceil(kHeatLevels * share / max_share - 1e-9));
  return std::clamp(level, 1, kHeatLevels);
}

const char* heat_color(int level) {
  static const char* kPalette[kHeatLevels] = {"#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c",
                                              "#fc4e2a", "#e31a1c", "#bd0026", "#800026"};
  return kPalette[std::clamp(level, 1, kHeatLevels) - 1];
}

bool heat_dark(int level) {
  return level >= 7;
}

const char* cluster_fill(int depth) {
  static const char* kFills[] = {"#f4f4f4", "#e9e9e9", "#dedede", "#d3d3d3"};
  return kFills[std::clamp(depth, 1, 4) - 1];
}

}  // namespace archcalc
