#include "emit/report.hpp"

namespace archcalc {

using nlohmann::ordered_json;

namespace {
ordered_json shape_json(const Shape& s) {
  return ordered_json(s.dims);
}

// A block's or the network's training step: forward, backward, step.
ordered_json step_json(const Totals& t) {
  return {{"forward_macs", t.cost.macs},
          {"backward_macs", t.backward_macs},
          {"step_macs", t.step_macs()},
          {"forward_other_ops", t.cost.other_ops},
          {"backward_other_ops", t.backward_other_ops},
          {"step_other_ops", t.step_other_ops()},
          {"saved_elements", t.saved_elements}};
}

ordered_json peak_json(const Network& net, const PeakMemory& p) {
  return {{"elements", p.elements},
          {"bytes", p.bytes},
          {"at", p.at ? net.layer(*p.at).name : ""},
          {"weight_bytes", p.weight_bytes},
          {"total_bytes", p.total_bytes()}};
}

ordered_json training_json(const Network& net, const ReportOptions& opts) {
  const TrainingMemory& m = net.training_memory;
  ordered_json state;
  for (int o = 0; o < kOptimizers; ++o) {
    state[optimizer_name(static_cast<Optimizer>(o))] = m.optimizer_bytes[o];
  }
  ordered_json losses = ordered_json::array();
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if (l.loss_weight) losses.push_back({{"layer", l.name}, {"weight", *l.loss_weight}});
  }
  ordered_json j = step_json(net.totals(true));
  j["saved_bytes"] = m.saved_bytes;
  j["weight_bytes"] = m.weight_bytes;
  j["gradient_bytes"] = m.gradient_bytes;
  j["optimizer"] = optimizer_name(opts.optimizer);
  j["optimizer_state_bytes"] = state;
  j["total_bytes"] = m.total_bytes(opts.optimizer);
  j["loss_weights"] = losses;
  return j;
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
                      {"macs_conv", t.conv_macs},
                      {"macs_linear", t.linear_macs},
                      {"macs_matmul", t.matmul_macs},
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
  j["batch"] = net.batch;
  j["bytes_per_element"] = net.bytes_per_element;
  if (net.dtype != "fp32") j["dtype"] = net.dtype;
  j["conventions"] = conventions(net);
  for (const auto& c : analysis_conventions(opts)) j["conventions"].push_back(c);
  j["input_shape"] = shape_json(net.layer(net.order.front()).out);
  j["totals"] = totals_json(net.totals(opts.training));
  if (Uncounted u = uncounted_layers(net, 0, opts.training); u.layers) {
    j["incomplete"] = {
        {"layers_not_counted", u.layers}, {"ops", u.ops}, {"text", incomplete_text(u)}};
  }
  if (!net.notes.empty()) j["notes"] = net.notes;
  j["peak_memory"] = {{"no_in_place", peak_json(net, net.peak[0])},
                      {"in_place", peak_json(net, net.peak[1])}};
  if (opts.training) j["training_step"] = training_json(net, opts);
  Totals extra = training_only_totals(net);
  if (extra.layers) j["training_only"] = totals_json(extra);
  if (net.published.params || net.published.macs || net.published.has_accuracy()) {
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
    if (pub.top1) p["top1"] = *pub.top1;
    if (pub.top5) p["top5"] = *pub.top5;
    if (!pub.accuracy_source.empty()) p["accuracy_source"] = pub.accuracy_source;
    j["published"] = p;
  }
  if (!net.published.withheld.empty()) {
    j["published"] = ordered_json{{"withheld", net.published.withheld}};
  }
  ordered_json blocks = ordered_json::array();
  for (std::size_t b = 1; b < net.blocks.size(); ++b) {
    const BlockInstance& blk = net.blocks[b];
    if (!opts.training && blk.inference.layers == 0) continue;
    ordered_json row = {
        {"name", blk.name},
        {"block", blk.definition},
        {"depth", blk.depth},
        {"parent", net.blocks[blk.parent].name},
        {"output_shape", blk.output ? shape_json(net.layer(*blk.output).out) : ordered_json()},
        {"receptive_field", field_json(blk.output ? net.layer(*blk.output).field : std::nullopt)},
        {"totals", totals_json(opts.training ? blk.training : blk.inference)}};
    if (opts.training) row["training_step"] = step_json(blk.training);
    blocks.push_back(std::move(row));
  }
  j["blocks"] = blocks;
  ordered_json layers = ordered_json::array();
  for (Vertex v : net.order) {
    const Layer& l = net.layer(v);
    if (l.train_only && !opts.training) continue;
    ordered_json inputs = ordered_json::array();
    for (Vertex u : net.inputs(v)) inputs.push_back(net.layer(u).name);
    const Cost& c = l.cost;
    ordered_json layer = {{"name", l.name},
                          {"op", op_name(l.op)},
                          {"label", row_label(l.op)},
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
                          {"train_only", l.train_only},
                          {"receptive_field", field_json(l.field)}};
    if (opts.training) {
      layer["backward_macs"] = l.backward.macs;
      layer["backward_other_ops"] = l.backward.other_ops;
      layer["needs_grad"] = l.needs_grad;
      layer["saved_for_backward"] = l.saved;
      if (l.loss_weight) layer["loss_weight"] = *l.loss_weight;
    }
    layers.push_back(std::move(layer));
  }
  j["layers"] = layers;
  return j;
}

}  // namespace archcalc
