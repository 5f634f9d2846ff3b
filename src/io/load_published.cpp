// The `published` section: the figures a paper or library states, exact or rounded.
#include <cctype>

#include "io/load_state.hpp"

namespace archcalc::load {

namespace {

// "138357544" → {138357544, 1}; "3.8G" or "3.8e9" → {3800000000, 100000000}.
std::optional<std::pair<Count, Count>> parse_published_figure(const std::string& text) {
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    return text.substr(start, i - start);
  };
  std::string whole = digits(), frac;
  if (whole.empty() || whole.size() > 19) return std::nullopt;
  if (i < text.size() && text[i] == '.') {
    ++i;
    frac = digits();
    if (frac.empty()) return std::nullopt;
  }
  int exponent = 0;
  if (i < text.size()) {
    char c = text[i++];
    if (c == 'K')
      exponent = 3;
    else if (c == 'M')
      exponent = 6;
    else if (c == 'G')
      exponent = 9;
    else if (c == 'T')
      exponent = 12;
    else if (c == 'e' || c == 'E') {
      std::string e = digits();
      if (e.empty() || e.size() > 2) return std::nullopt;
      exponent = std::stoi(e);
    } else {
      return std::nullopt;
    }
  }
  if (i != text.size()) return std::nullopt;
  if (static_cast<int>(frac.size()) > exponent) return std::nullopt;  // "3.8" alone has no scale
  if (frac.empty() && exponent == 0) {
    try {
      return std::pair<Count, Count>{std::stoull(whole), 1};
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  try {
    Count unit = 1;
    for (int k = 0; k < exponent - static_cast<int>(frac.size()); ++k) unit = mul(unit, 10);
    Count mantissa = 0;
    for (char c : whole + frac) mantissa = add(mul(mantissa, 10), static_cast<Count>(c - '0'));
    return std::pair<Count, Count>{mul(mantissa, unit), unit};
  } catch (const OpError&) {
    return std::nullopt;
  }
}

// "71.878" → 71.878: digits, optionally a point and 1 to 4 digits, at most 100.
std::optional<double> parse_percent(const std::string& text) {
  std::size_t i = 0, whole = 0, frac = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++whole;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i, ++frac;
    if (frac == 0) return std::nullopt;
  }
  if (whole == 0 || whole > 3 || frac > 4 || i != text.size()) return std::nullopt;
  double v = std::stod(text);
  if (v > 100.0) return std::nullopt;
  return v;
}

}  // namespace

void Loader::load_published(NodeId published) {
  net_.published = read_published(published);
}

Published Loader::read_published(NodeId published) {
  Published p;
  if (doc_.is_null(published)) return p;
  if (!doc_.is_map(published)) fail(published, "'published' must be a map");
  warn_unknown_keys(published,
                    {"params", "macs", "source", "note", "top1", "top5", "accuracy_source"},
                    "published: ");
  // An integer (exact), or a decimal with an SI suffix or exponent (rounded).
  auto figure = [&](const char* key, Count& unit, std::string& text) -> std::optional<Count> {
    NodeId n = doc_.find(published, key);
    if (n == kNoNode) return std::nullopt;
    std::string why = std::string("published: '") + key +
                      "' must be an integer or a rounded figure such as 3.8G or 1.5e9";
    if (!doc_.is_scalar(n)) fail(n, why);
    std::string written(doc_.scalar(n));
    auto parsed = parse_published_figure(written);
    if (!parsed) fail(n, why + ", got '" + written + "'");
    unit = parsed->second;
    text = written;
    return parsed->first;
  };
  p.params = figure("params", p.params_unit, p.params_text);
  p.macs = figure("macs", p.macs_unit, p.macs_text);
  if (NodeId n = doc_.find(published, "source"); n != kNoNode)
    p.source = scalar_string(n, "published: 'source'");
  if (NodeId n = doc_.find(published, "note"); n != kNoNode)
    p.note = scalar_string(n, "published: 'note'");
  // A percentage as written, 0 to 100 with at most 4 decimals.
  auto percent = [&](const char* key, std::string& text) -> std::optional<double> {
    NodeId n = doc_.find(published, key);
    if (n == kNoNode) return std::nullopt;
    std::string why =
        std::string("published: '") + key +
        "' must be a percentage from 0 to 100 with at most 4 decimals, such as 71.878";
    if (!doc_.is_scalar(n)) fail(n, why);
    std::string written(doc_.scalar(n));
    std::optional<double> v = parse_percent(written);
    if (!v) fail(n, why + ", got '" + written + "'");
    if (*v > 0.0 && *v < 1.0) {
      fail(n, std::string("published: '") + key + "' is " + written +
                  ", which reads as a fraction: write the percentage (" + written +
                  " × 100), such as 71.878");
    }
    text = written;
    return v;
  };
  p.top1 = percent("top1", p.top1_text);
  p.top5 = percent("top5", p.top5_text);
  if (NodeId n = doc_.find(published, "accuracy_source"); n != kNoNode)
    p.accuracy_source = scalar_string(n, "published: 'accuracy_source'");
  if (p.top1 && p.top5 && *p.top5 < *p.top1) {
    fail(doc_.find(published, "top5"), "published: 'top5' (" + p.top5_text + ") is below 'top1' (" +
                                           p.top1_text +
                                           "): a top-5 accuracy is at least the top-1");
  }
  return p;
}

}  // namespace archcalc::load
