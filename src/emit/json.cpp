#include "emit/report.hpp"

namespace archcalc {

using nlohmann::ordered_json;

namespace {
ordered_json shape_json(const Shape& s) {
  return ordered_json(s.dims);
}
}  // namespace

ordered_json totals_json(const Totals& t) {
  const Cost& c = t.cost;
  return ordered_json{{"params", c.params()},
                      {"weights", c.weights},
                      {"bias", c.bias},
                      {"bn_params", c.affine},
                      {"buffers", c.buffers},
                      {"macs", c.macs},
                      {"flops", c.flops()},
                      {"other_ops", c.other_ops},
                      {"activation_elements", t.activation_elements},
                      {"activation_bytes", t.activation_bytes},
                      {"weight_bytes", t.weight_bytes},
                      {"layers", t.layers},
                      {"weighted_layers", t.weighted_layers}};
}

ordered_json analysis_json(const Network& net, const ReportOptions& opts) {
  ordered_json j;
  j["schema"] = "archcalc.analysis";
  j["schema_version"] = kAnalysisSchemaVersion;
  j["archcalc_version"] = ARCHCALC_VERSION;
  j["model"] = net.name;
  j["title"] = net.title;
  j["file"] = net.file;
  j["mode"] = opts.training ? "training" : "inference";
  j["batch"] = 1;
  j["bytes_per_element"] = kBytesPerElement;
  j["conventions"] = conventions();
  j["input_shape"] = shape_json(net.layer(net.order.front()).out);
  j["totals"] = totals_json(net.totals(opts.training));
  Totals extra = training_only_totals(net);
  if (extra.layers) j["training_only"] = totals_json(extra);
  if (net.published.params || net.published.macs) {
    ordered_json p;
    const Published& pub = net.published;
    const Cost& c = net.totals(false).cost;
    if (pub.params) {
      p["params"] = *pub.params;
      if (pub.params_unit > 1) p["params_rounded_to"] = pub.params_unit;
      p["params_agrees"] = published_agrees(*pub.params, pub.params_unit, c.params());
    }
    if (pub.macs) {
      p["macs"] = *pub.macs;
      if (pub.macs_unit > 1) p["macs_rounded_to"] = pub.macs_unit;
      p["macs_agrees"] = published_agrees(*pub.macs, pub.macs_unit, c.macs);
    }
    p["source"] = net.published.source;
    if (!net.published.note.empty()) p["note"] = net.published.note;
    j["published"] = p;
  }
  ordered_json blocks = ordered_json::array();
  for (std::size_t b = 1; b < net.blocks.size(); ++b) {
    const BlockInstance& blk = net.blocks[b];
    if (!opts.training && blk.inference.layers == 0) continue;
    blocks.push_back(
        {{"name", blk.name},
         {"block", blk.definition},
         {"depth", blk.depth},
         {"parent", net.blocks[blk.parent].name},
         {"output_shape", blk.output ? shape_json(net.layer(*blk.output).out) : ordered_json()},
         {"totals", totals_json(opts.training ? blk.training : blk.inference)}});
  }
  j["blocks"] = blocks;
  ordered_json layers = ordered_json::array();
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if (l.train_only && !opts.training) continue;
    ordered_json inputs = ordered_json::array();
    for (Vertex u : net.inputs(v)) inputs.push_back(net.layer(u).name);
    const Cost& c = l.cost;
    layers.push_back({{"name", l.name},
                      {"op", op_name(l.op)},
                      {"label", op_label(l.op)},
                      {"block", net.blocks[l.block].name},
                      {"inputs", inputs},
                      {"output_shape", shape_json(l.out)},
                      {"params", c.params()},
                      {"weights", c.weights},
                      {"bias", c.bias},
                      {"bn_params", c.affine},
                      {"buffers", c.buffers},
                      {"macs", c.macs},
                      {"other_ops", c.other_ops},
                      {"output_elements", l.out_elements},
                      {"activation_bytes", l.out_bytes},
                      {"weight_bytes", l.weight_bytes},
                      {"train_only", l.train_only}});
  }
  j["layers"] = layers;
  return j;
}

}  // namespace archcalc
