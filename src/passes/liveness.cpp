#include "passes/liveness.hpp"

#include <limits>

#include "passes/passes.hpp"

namespace archcalc {

std::vector<Vertex> inference_steps(const Network& net) {
  std::vector<Vertex> out;
  for (Vertex v : net.order) {
    if (!net.layer(v).train_only) out.push_back(v);
  }
  return out;
}

std::vector<Count> live_elements(const Network& net, bool in_place) {
  const std::vector<Vertex> steps = inference_steps(net);
  const std::size_t n = steps.size();
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> step(boost::num_vertices(net.graph), kNone);
  for (std::size_t i = 0; i < n; ++i) step[steps[i]] = i;

  // The last step that reads each tensor (the end for outputs nobody reads).
  std::vector<std::size_t> last(step.size(), kNone);
  for (Vertex v : steps) {
    for (auto [it, end] = boost::out_edges(v, net.graph); it != end; ++it) {
      std::size_t s = step[boost::target(*it, net.graph)];
      if (s != kNone && (last[v] == kNone || s > last[v])) last[v] = s;
    }
    if (last[v] == kNone) last[v] = n - 1;
  }
  // Buffers: each tensor's own, or its input's when it runs in place. A
  // buffer is held from its first tensor's step to its last tensor's last reader.
  std::vector<Vertex> buffer(step.size());
  std::vector<std::size_t> held_until(step.size(), 0);
  for (Vertex v : steps) {
    const Layer& l = net.layer(v);
    std::vector<Vertex> in = net.inputs(v);
    buffer[v] = v;
    if (in_place && op_in_place(l.op) && in.size() == 1 && last[in[0]] == step[v]) {
      buffer[v] = buffer[in[0]];
    }
    held_until[buffer[v]] = std::max(held_until[buffer[v]], last[v]);
  }
  // Live elements per step: +size at the buffer's first step, −size after its last.
  std::vector<Count> grow(n + 1, 0), shrink(n + 1, 0);
  for (Vertex v : steps) {
    if (buffer[v] != v) continue;
    const Layer& l = net.layer(v);
    grow[step[v]] = add(grow[step[v]], l.out_elements, "peak activations");
    shrink[held_until[v] + 1] = add(shrink[held_until[v] + 1], l.out_elements, "peak activations");
  }
  std::vector<Count> live(n);
  Count now = 0;
  for (std::size_t i = 0; i < n; ++i) {
    now = add(now, grow[i], "peak activations") - shrink[i];
    live[i] = now;
  }
  return live;
}

PeakMemory peak_memory(const Network& net, bool in_place) {
  const std::vector<Vertex> steps = inference_steps(net);
  PeakMemory p;
  for (Vertex v : steps) {
    const Layer& l = net.layer(v);
    try {
      p.weight_bytes = add(p.weight_bytes, l.weight_bytes, "weight bytes");
    } catch (const OpError& e) {
      throw InputError(l.pos, layer_prefix(l) + "total " + e.what());
    }
  }
  const std::vector<Count> live = live_elements(net, in_place);
  for (std::size_t i = 0; i < live.size(); ++i) {
    if (live[i] > p.elements || !p.at) {
      p.elements = live[i];
      p.at = steps[i];
    }
  }
  p.bytes = mul(p.elements, net.bytes_per_element, "peak activation bytes");
  p.total_bytes();  // checked for overflow
  return p;
}

void liveness_pass(Network& net) {
  try {
    net.peak[0] = peak_memory(net, /*in_place=*/false);
    net.peak[1] = peak_memory(net, /*in_place=*/true);
  } catch (const OpError& e) {
    throw InputError(SourcePos{net.file, 0, 0}, std::string("peak memory: ") + e.what());
  }
}

}  // namespace archcalc
