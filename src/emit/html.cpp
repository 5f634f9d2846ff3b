#include "emit/html.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <optional>

#include "emit/diagram_style.hpp"
#include "emit/format.hpp"
#include "emit/html_liveness.hpp"
#include "util/plural.hpp"

namespace archcalc {

namespace {

constexpr const char* kStyle =
#include "emit/html/report.css.inc"
    ;
constexpr const char* kScript =
#include "emit/html/report.js.inc"
    ;

// Text for HTML content or a quoted attribute: html_escape, and ' too.
std::string esc(std::string_view s) {
  std::string out;
  for (char c : html_escape(std::string(s))) {
    if (c == '\'') {
      out += "&#39;";
    } else {
      out += c;
    }
  }
  return out;
}

// A time in milliseconds at three decimals: "12.345 ms".
std::string ms_text(double seconds) {
  return fmt::format("{:.3f} ms", seconds * 1e3);
}

// A numeric table cell: the raw value in data-v (what sorting and charts read).
std::string num_td(const char* col, Count v, const std::string& text) {
  return fmt::format("<td class=\"num\" data-col=\"{}\" data-v=\"{}\">{}</td>", col, v, esc(text));
}
std::string real_td(const char* col, std::optional<double> v, const std::string& text) {
  if (!v) return fmt::format("<td class=\"num\" data-col=\"{}\" data-v=\"\"></td>", col);
  return fmt::format("<td class=\"num\" data-col=\"{}\" data-v=\"{:.9g}\">{}</td>", col, *v,
                     esc(text));
}

// Measured and predicted seconds per row, when a run is given.
struct RowTimes {
  std::optional<double> measured, predicted;
};

// Each row's parent row (the enclosing block's header), or -1 at top level.
std::vector<int> parents(const std::vector<Row>& rows) {
  std::vector<int> parent(rows.size(), -1), open;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto d = static_cast<std::size_t>(rows[i].depth);
    if (d > 0 && d <= open.size()) parent[i] = open[d - 1];
    if (rows[i].kind == Row::Kind::kBlock) {
      open.resize(d + 1);
      open[d] = static_cast<int>(i);
    }
  }
  return parent;
}

std::vector<RowTimes> row_times(const std::vector<Row>& rows, const std::vector<int>& parent,
                                const MeasuredTimes& run, Count total_macs) {
  std::vector<RowTimes> t(rows.size());
  double sum = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].kind != Row::Kind::kLayer) continue;
    auto it = run.median_seconds.find(rows[i].name);
    if (it == run.median_seconds.end()) continue;
    t[i].measured = it->second;
    sum += it->second;
    for (int p = parent[i]; p >= 0; p = parent[p]) {
      t[p].measured = t[p].measured.value_or(0) + it->second;
    }
  }
  if (total_macs == 0) return t;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    t[i].predicted = sum * static_cast<double>(rows[i].cost.macs) / static_cast<double>(total_macs);
  }
  return t;
}

std::string totals_section(const Network& net, const HtmlOptions& opts) {
  const Totals& t = net.totals(opts.report.training);
  bool u = opts.report.units;
  std::string out = "<section id=\"totals\"><h2>Totals</h2><table class=\"totals\">\n";
  auto row = [&](const char* id, const char* label, Count v, const std::string& note) {
    out += fmt::format(
        "<tr><th>{}</th><td class=\"num\" id=\"total-{}\" data-v=\"{}\">{}</td>"
        "<td class=\"note\">{}</td></tr>\n",
        label, id, v, number(v, u), esc(note));
  };
  const Cost& c = t.cost;
  row("params", "params", c.params(),
      fmt::format("weights {} · bias {} · norm γ/β {}", grouped(c.weights), grouped(c.bias),
                  grouped(c.affine)));
  if (c.buffers) row("buffers", "buffers", c.buffers, "batch-norm running mean and variance");
  row("macs", "MACs", c.macs,
      fmt::format("FLOPs {}; conv {} · fc/linear {} · matmul {}", grouped(c.flops()),
                  grouped(t.conv_macs), grouped(t.linear_macs), grouped(t.matmul_macs)));
  row("other-ops", "other ops", c.other_ops, "not folded into MACs");
  row("activation-elements", "activations", t.activation_elements,
      "elements of every layer output; " + grouped(t.activation_bytes) + " bytes");
  row("weight-bytes", "weight bytes", t.weight_bytes, "params + buffers at fp32");
  row("layers", "layers", t.layers, fmt::format("{} weighted (conv and fc)", t.weighted_layers));
  if (opts.report.training) {
    // One training step at batch 1 (docs/format.md: the backward rules).
    const TrainingMemory& m = net.training_memory;
    const Optimizer o = opts.report.optimizer;
    row("backward-macs", "backward MACs", t.backward_macs,
        fmt::format("step MACs {} = forward {} + backward {}", grouped(t.step_macs()),
                    grouped(c.macs), grouped(t.backward_macs)));
    row("backward-other-ops", "backward other ops", t.backward_other_ops,
        "step other ops " + grouped(t.step_other_ops()));
    row("saved-activations", "saved activations", m.saved_elements,
        "elements = " + grouped(m.saved_bytes) + " bytes kept for the backward pass");
    row("gradient-bytes", "gradients", m.gradient_bytes, "bytes (one per trainable parameter)");
    row("optimizer-bytes", "optimizer state", m.optimizer_bytes[static_cast<int>(o)],
        "bytes (" + optimizer_name(o) + ")");
    row("step-memory", "step memory", m.total_bytes(o),
        "bytes = weights + gradients + optimizer state + saved activations");
  } else {
    // The liveness pass: the most activation memory live at once.
    const PeakMemory& pk = net.peak[opts.report.in_place ? 1 : 0];
    row("peak-activations", "peak activations", pk.elements,
        fmt::format("elements = {} bytes, at {} ({})", grouped(pk.bytes),
                    pk.at ? net.layer(*pk.at).name : "-",
                    opts.report.in_place ? "activations in place" : "no op in place"));
    row("peak-total", "peak total", pk.total_bytes(),
        fmt::format("bytes = weights {} + peak activations {}", grouped(pk.weight_bytes),
                    grouped(pk.bytes)));
  }
  Totals extra = training_only_totals(net);
  if (extra.layers && !opts.report.training) {
    row("training-only-params", "training-only params", extra.cost.params(),
        fmt::format("{}, {} MACs; left out of these totals", plural(extra.layers, "layer"),
                    grouped(extra.cost.macs)));
  }
  Uncounted missing = uncounted_layers(net, 0, opts.report.training);
  if (missing.layers) {
    row("not-counted", "not counted", missing.layers,
        incomplete_text(missing) + ": the totals leave them out");
  }
  const Published& p = net.published;
  // Published figures are of the inference network; a rounded one ("62.3M") agrees
  // when the count is within one unit of its last digit.
  const Cost& inference = net.totals(false).cost;
  auto published = [&](const char* id, const char* label, std::optional<Count> v, Count unit,
                       const std::string& text, Count counted) {
    if (!v) return;
    bool agrees = published_agrees(*v, unit, counted);
    out += fmt::format(
        "<tr><th>{}</th><td class=\"num\" id=\"total-{}\" data-v=\"{}\">{}</td>"
        "<td class=\"note\">{}</td></tr>\n",
        label, id, *v, esc(unit > 1 ? text : number(*v, u)),
        unit > 1 ? (agrees ? "rounded; the count " + grouped(counted) + " agrees"
                           : "rounded; the count " + grouped(counted) + " differs")
                 : (agrees ? "equal to the count" : "differs from the count"));
  };
  published("published-params", "published params", p.params, p.params_unit, p.params_text,
            inference.params());
  published("published-macs", "published MACs", p.macs, p.macs_unit, p.macs_text, inference.macs);
  if (p.has_accuracy()) {
    out += fmt::format(
        "<tr><th>ImageNet accuracy</th><td class=\"num\" id=\"total-accuracy\">{}</td>"
        "<td class=\"note\">{}</td></tr>\n",
        esc(p.accuracy_text()), esc(p.accuracy_source));
  }
  if (!p.withheld.empty()) {
    out +=
        "<tr><th>published figures</th><td class=\"num\">—</td><td class=\"note\">not shown, "
        "they are the file's own network's (" +
        esc(p.withheld) + ")</td></tr>\n";
  }
  out += "</table>\n";
  if ((p.params || p.macs) && !p.source.empty()) {
    out += "<p class=\"source\">Published: " + esc(p.source) + "</p>\n";
  }
  if (opts.run) {
    out += fmt::format(
        "<p class=\"run\" id=\"run-summary\">Measured: {}{}. Predicted time: a layer's share of "
        "MACs times the sum of the measured layer times.</p>\n",
        esc(opts.run->summary.empty() ? "a run" : opts.run->summary),
        opts.run->total_seconds > 0 ? esc(" · whole pass " + ms_text(opts.run->total_seconds))
                                    : "");
  }
  return out + "</section>\n";
}

// Text safe inside <script type="application/json">: "</" cannot end it.
std::string script_json(const nlohmann::json& j) {
  std::string out;
  for (char c : j.dump()) {
    if (c == '<') {
      out += "\\u003c";
    } else {
      out += c;
    }
  }
  return out;
}

std::string diagram_section(const HtmlOptions& opts) {
  const std::string& svg = opts.diagram_svg;
  auto start = svg.find("<svg");
  if (start == std::string::npos) return "";
  nlohmann::json nodes = nlohmann::json::object();
  for (const auto& [layer, id] : opts.diagram_nodes) nodes[layer] = id;
  return "<section id=\"diagram\"><h2>Diagram</h2>\n<p class=\"controls\">"
         "<button type=\"button\" id=\"zoom-in\" title=\"zoom in\">+</button> "
         "<button type=\"button\" id=\"zoom-out\" title=\"zoom out\">−</button> "
         "<button type=\"button\" id=\"zoom-fit\">fit</button>"
         "<span class=\"hint\">Scroll to zoom, drag to pan; click a table row to find its node; "
         "hover a node for its figures.</span></p>\n"
         "<div class=\"diagram\" id=\"diagram-view\">\n" +
         svg.substr(start) +
         "</div>\n<div class=\"tip\" id=\"diagram-tip\" hidden></div>\n"
         "<script type=\"application/json\" id=\"diagram-nodes\">" +
         script_json(nodes) + "</script></section>\n";
}

std::string table_section(const Network& net, const HtmlOptions& opts) {
  ReportOptions ro = opts.report;
  ro.depth = -1;
  std::vector<Row> rows = build_rows(net, ro);
  std::vector<int> parent = parents(rows);
  const Totals& total = net.totals(ro.training);
  std::vector<RowTimes> times;
  if (opts.run) times = row_times(rows, parent, *opts.run, total.cost.macs);
  bool u = ro.units;
  std::string out =
      "<section id=\"layers\"><h2>Layers</h2>\n<p class=\"controls\">"
      "<button type=\"button\" id=\"fold-all\">fold all blocks</button> "
      "<button type=\"button\" id=\"unfold-all\">unfold all</button> "
      "<span class=\"hint\">Click a column to sort (blocks keep their layers); "
      "click ▸ to fold a block.</span></p>\n"
      "<table id=\"layer-table\"><thead><tr>";
  std::vector<std::pair<const char*, const char*>> cols = {{"index", "#"},
                                                           {"name", "layer"},
                                                           {"op", "op"},
                                                           {"output", "output"},
                                                           {"params", "params"},
                                                           {"macs", "MACs"},
                                                           {"macs_pct", "MACs %"},
                                                           {"other_ops", "other ops"},
                                                           {"activation_bytes", "activation bytes"},
                                                           {"weight_bytes", "weight bytes"},
                                                           {"field", "receptive field"}};
  if (opts.run) {
    cols.insert(cols.end(), {{"measured", "measured"},
                             {"predicted", "predicted (∝ MACs)"},
                             {"ratio", "measured / predicted"}});
  }
  for (auto [key, label] : cols) {
    bool text = std::string_view(key) == "name" || std::string_view(key) == "op";
    out += fmt::format("<th data-key=\"{}\" data-type=\"{}\">{}</th>", key, text ? "text" : "num",
                       esc(label));
  }
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    bool block = r.kind == Row::Kind::kBlock;
    auto slash = r.name.rfind('/');
    std::string shown = slash == std::string::npos ? r.name : r.name.substr(slash + 1);
    out += fmt::format(
        "<tr class=\"{}{}\" data-index=\"{}\" data-parent=\"{}\" data-depth=\"{}\" "
        "data-kind=\"{}\" data-name=\"{}\">",
        block    ? "block"
        : i == 0 ? "layer input"
                 : "layer",
        r.train_only ? " train-only" : "", i, parent[i], r.depth, block ? "block" : "layer",
        esc(r.name));
    out += fmt::format("<td class=\"num\" data-col=\"index\" data-v=\"{}\">{}</td>", i, i);
    out += fmt::format(
        "<td class=\"name\" data-col=\"name\" data-v=\"{}\" style=\"--depth:{}\" "
        "title=\"{}\">{}{}{}</td>",
        esc(r.name), r.depth, esc(r.name),
        block ? "<button type=\"button\" class=\"fold\" aria-label=\"fold\">▾</button>" : "",
        esc(shown), r.train_only ? " <span class=\"tag\">training</span>" : "");
    out += fmt::format("<td data-col=\"op\" data-v=\"{0}\">{0}</td>",
                       esc(block ? "[" + r.op + "]" : r.op));
    out += num_td("output", r.out.dims.empty() ? 0 : r.out.elements(), r.out.str());
    out += num_td("params", r.cost.params(), number(r.cost.params(), u));
    out += num_td("macs", r.cost.macs, number(r.cost.macs, u));
    out += num_td("macs_pct", r.cost.macs, percent(r.cost.macs, total.cost.macs));
    out += num_td("other_ops", r.cost.other_ops, number(r.cost.other_ops, u));
    out += num_td("activation_bytes", r.out_bytes, number(r.out_bytes, u));
    out += num_td("weight_bytes", r.weight_bytes, number(r.weight_bytes, u));
    // Sorts by the field's height, in input pixels; vector layers have none.
    out += r.field ? num_td("field", r.field->h.size, field_size_text(*r.field))
                   : real_td("field", std::nullopt, "");
    if (opts.run) {
      const RowTimes& t = times[i];
      out += real_td("measured", t.measured, t.measured ? ms_text(*t.measured) : "");
      out += real_td("predicted", t.predicted, t.predicted ? ms_text(*t.predicted) : "");
      std::optional<double> ratio;
      if (t.measured && t.predicted && *t.predicted > 0) ratio = *t.measured / *t.predicted;
      out += real_td("ratio", ratio, ratio ? fmt::format("{:.2f}×", *ratio) : "");
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table></section>\n";
}

}  // namespace

std::string emit_html(const Network& net, const HtmlOptions& opts) {
  std::string title = net.name + (net.title.empty() ? "" : " — " + net.title);
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"archcalc " ARCHCALC_VERSION "\">\n";
  out += "<title>" + esc(title) + " · archcalc report</title>\n<style>" + kStyle + "</style>\n";
  out += "</head>\n<body>\n<header><h1>" + esc(title) + "</h1>\n";
  out += fmt::format(
      "<p class=\"meta\"><code>{}</code> · {} · batch 1 · input {} · fp32 · archcalc {}</p>\n",
      esc(net.file), opts.report.training ? "training" : "inference",
      esc(net.layer(net.order.front()).out.str()), ARCHCALC_VERSION);
  out += "<nav><a href=\"#totals\">totals</a> <a href=\"#charts\">charts</a>";
  if (!opts.diagram_svg.empty()) out += " <a href=\"#diagram\">diagram</a>";
  out += " <a href=\"#layers\">layers</a> <a href=\"#conventions\">conventions</a></nav>";
  out += "</header>\n<main>\n<div class=\"top\">\n";
  out += totals_section(net, opts);
  out += "<section id=\"conventions\"><h2>Counting conventions</h2><ul>\n";
  for (const auto& c : conventions()) out += "<li>" + esc(c) + "</li>\n";
  out += "</ul></section>\n</div>\n";
  out +=
      "<section id=\"charts\"><h2>Where the cost is</h2>\n<p class=\"controls\">"
      "<label><input type=\"radio\" name=\"chart-rows\" value=\"top\" checked> per block "
      "(top level)</label> <label><input type=\"radio\" name=\"chart-rows\" value=\"layers\"> "
      "per layer</label><span class=\"hint\">Bars follow the table's sort and leave out "
      "zeros.</span></p>\n<div class=\"charts\" id=\"chart-grid\"></div>\n"
      "<noscript><p>The charts need JavaScript; the table below holds every figure.</p>"
      "</noscript>\n<div id=\"chart-extra\">" +
      (opts.report.training
           ? std::string()
           : liveness_figure(opts.live, opts.report.in_place, net.bytes_per_element)) +
      "</div></section>\n";
  if (!opts.diagram_svg.empty()) out += diagram_section(opts);
  out += table_section(net, opts);
  out += "</main>\n<script>" + std::string(kScript) + "</script>\n</body></html>\n";
  return out;
}

}  // namespace archcalc
