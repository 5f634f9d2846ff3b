// The comparison as JSON (schema "archcalc.compare").
#include "compare/compare.hpp"

namespace archcalc {

using nlohmann::ordered_json;

namespace {

ordered_json side_json(const CompareSide& s) {
  ordered_json j = {
      {"label", s.label},
      {"model", s.model},
      {"block", s.block.empty() ? ordered_json() : ordered_json(s.block)},
      {"definition", s.definition.empty() ? ordered_json() : ordered_json(s.definition)},
      {"input_shape", s.input.dims},
      {"output_shape", s.output.dims}};
  if (!s.incomplete.empty()) j["incomplete"] = s.incomplete;
  return j;
}

// {"a": N, "b": N, "difference": b − a, "ratio": a / b or null}.
ordered_json pair_json(Count a, Count b) {
  return {{"a", a},
          {"b", b},
          {"difference", difference(a, b)},
          {"ratio",
           b ? ordered_json(static_cast<double>(a) / static_cast<double>(b)) : ordered_json()}};
}

const char* match_name(CompareRow::Match m) {
  switch (m) {
    case CompareRow::Match::kName:
      return "name";
    case CompareRow::Match::kPosition:
      return "position";
    case CompareRow::Match::kOnlyA:
      return "a_only";
    case CompareRow::Match::kOnlyB:
      return "b_only";
  }
  return "";
}

ordered_json row_side(bool has, const std::string& name, const std::string& op, bool block,
                      const Shape& out, const Cost& cost, Count activations) {
  if (!has) return ordered_json();
  return {{"name", name},
          {"kind", block ? "block" : "layer"},
          {"op", op},
          {"output_shape", out.dims},
          {"params", cost.params()},
          {"macs", cost.macs},
          {"other_ops", cost.other_ops},
          {"output_elements", activations}};
}

}  // namespace

ordered_json compare_json(const Comparison& c) {
  ordered_json j;
  j["schema"] = "archcalc.compare";
  j["schema_version"] = kCompareSchemaVersion;
  j["archcalc_version"] = ARCHCALC_VERSION;
  j["mode"] = c.training ? "training" : "inference";
  j["batch"] = 1;
  j["a"] = side_json(c.a);
  j["b"] = side_json(c.b);
  j["same_input_shape"] = c.a.input == c.b.input;
  j["same_output_shape"] = c.a.output == c.b.output;
  j["drop_in"] = drop_in(c);
  ordered_json totals;
  for (const CompareMetric& m : compare_metrics(c)) totals[m.key] = pair_json(m.a, m.b);
  j["totals"] = totals;
  if (c.timing) {
    const CompareTiming& t = *c.timing;
    j["measured"] = {{"setup", t.setup},
                     {"seconds", {{"a", t.a}, {"b", t.b}, {"difference", t.b - t.a}}},
                     {"time_ratio", t.a > 0 && t.b > 0 ? ordered_json(t.a / t.b) : ordered_json()}};
  }
  ordered_json rows = ordered_json::array();
  auto seconds = [](const std::optional<double>& s) {
    return s ? ordered_json(*s) : ordered_json();
  };
  for (std::size_t i = 0; i < c.rows.size(); ++i) {
    const CompareRow& r = c.rows[i];
    rows.push_back(
        {{"match", match_name(r.match)},
         {"depth", r.depth},
         {"a", row_side(r.has_a, r.name_a, r.op_a, r.block_a, r.out_a, r.cost_a, r.activations_a)},
         {"b", row_side(r.has_b, r.name_b, r.op_b, r.block_b, r.out_b, r.cost_b, r.activations_b)},
         {"params", pair_json(r.cost_a.params(), r.cost_b.params())},
         {"macs", pair_json(r.cost_a.macs, r.cost_b.macs)}});
    if (c.timing) {
      rows.back()["seconds"] = {{"a", seconds(c.timing->rows_a[i])},
                                {"b", seconds(c.timing->rows_b[i])}};
    }
  }
  j["rows"] = rows;
  return j;
}

}  // namespace archcalc
