// Expanding read items into layers: repeats, block uses and activations, each
// a vertex of the graph; edges wait until every name is known.
#include "io/load_state.hpp"

namespace archcalc::load {

Ref Loader::instantiate_list(NodeId list, const Scope& scope, int block, const std::string& prefix,
                             NameTable& table) {
  Ref prev = table.entries.at("input");
  for (std::size_t i = 0; i < doc_.size(list); ++i) {
    NodeId node = doc_.element(list, i);
    if (++items_ > 2 * max_layers_) {
      throw LimitError(pos(node), "the file expands to more than " +
                                      std::to_string(2 * max_layers_) +
                                      " layers and block uses (through 'repeat' and nested "
                                      "blocks)");
    }
    bool failed = failed_items_.count(node) != 0;
    if (!failed) {
      try {
        Item item = read_item(node, i, scope, prefix, table, prev);
        prev = expand_item(item, scope, block, prefix, table);
      } catch (const LimitError&) {
        throw;
      } catch (const Skipped&) {
        failed = true;
      } catch (InputError& e) {
        error(std::move(e));
        failed = true;
      }
    }
    if (failed) {
      failed_items_.insert(node);
      // Stand-ins so that later references to this item report nothing more.
      prev = Ref{};
      NodeId name = doc_.find(node, "name");
      if (doc_.is_scalar(name)) table.entries.emplace(std::string(doc_.scalar(name)), Ref{});
    }
  }
  return prev;
}

Ref Loader::expand_item(const Item& item, const Scope& scope, int block, const std::string& prefix,
                        NameTable& table) {
  std::size_t first_vertex = boost::num_vertices(net_.graph);
  if (item.repeat == 0) return alias_input(item, table);
  Ref out;
  for (std::int64_t i = 0; i < item.repeat; ++i) {
    std::string inst = item.numbered ? item.name + "_" + std::to_string(item.first + i) : item.name;
    if (item.numbered && table.entries.count(inst))
      fail(item.at, "layer name '" + inst + "' is used twice");
    std::vector<Ref> in = i == 0 ? item.inputs : std::vector<Ref>{out};
    if (item.op != kNoNode) {
      out = Ref::to(add_op_layer(item, scope, block, prefix + inst, in, i == 0));
    } else {
      out = add_block_instance(item, scope, block, prefix + inst, in);
    }
    if (!item.act.empty()) {
      Layer a;
      a.name = prefix + inst + "_" + item.act;
      a.op = make_op(item.act).value();  // checked against the activations when read
      a.pos = pos(item.act_node);
      a.block = block;
      Vertex v = add_vertex(std::move(a));
      connect(v, {out});
      out = Ref::to(v);
      table.entries[inst + "_" + item.act] = out;
    }
    table.entries[inst] = out;
  }
  table.entries[item.name] = out;
  if (item.loss_weight && out.vertex) net_.graph[*out.vertex].loss_weight = item.loss_weight;
  if (item.train_only) {
    for (std::size_t v = first_vertex; v < boost::num_vertices(net_.graph); ++v)
      net_.graph[v].train_only = true;
  }
  return out;
}

// `repeat: 0`: no copies, so the item's name (and its activation's) stands
// for its one input, and the next item is fed that input.
Ref Loader::alias_input(const Item& item, NameTable& table) {
  if (item.inputs.size() != 1) {
    fail(doc_.find(item.node, "from"),
         item.what +
             "with 'repeat: 0' an item stands for its input, so it needs exactly one, got " +
             std::to_string(item.inputs.size()));
  }
  const Ref& in = item.inputs[0];
  table.entries[item.name] = in;
  if (!item.act.empty()) table.entries[item.name + "_" + item.act] = in;
  return in;
}

Vertex Loader::add_op_layer(const Item& item, const Scope& scope, int block,
                            const std::string& full_name, const std::vector<Ref>& inputs,
                            bool warn_keys) {
  std::optional<Op> op = make_op(item.kind);
  if (!op) {
    fail(item.op, "unknown op '" + item.kind + "'" +
                      (shown(pos(item.op)) ? did_you_mean(item.kind, op_names()) : ""));
  }
  Layer layer;
  layer.name = full_name;
  layer.pos = pos(item.node);
  layer.block = block;
  std::string prefix = item.kind + " '" + full_name + "': ";
  YamlAttrReader reader(doc_, item.node, scope, file_, prefix, layer.pos);
  try {
    op_parse(*op, reader);
  } catch (const InputError&) {
    // A misspelt required key: its hint says more than "missing attribute".
    if (warn_keys) warn_unknown_attrs(item, reader, prefix, /*misspelt_only=*/true);
    throw;
  }
  if (warn_keys) warn_unknown_attrs(item, reader, prefix, false);
  layer.op = std::move(*op);
  Vertex v = add_vertex(std::move(layer));
  connect(v, inputs);
  return v;
}

// Keys that are neither structural nor asked for by the op, with the op's
// closest attribute as a hint. `misspelt_only` (the op's parse stopped, so
// not every attribute was asked): only keys close to an attribute the op
// asked for and did not find.
void Loader::warn_unknown_attrs(const Item& item, const YamlAttrReader& reader,
                                const std::string& prefix, bool misspelt_only) {
  const auto& asked = reader.asked();
  for (std::size_t i = 0; i < doc_.size(item.node); ++i) {
    NodeId k = doc_.key(item.node, i);
    std::string key = doc_.is_scalar(k) ? std::string(doc_.scalar(k)) : "?";
    if (contains(kItemKeys, key) || asked.count(key)) continue;
    std::vector<std::string> attrs(asked.begin(), asked.end());
    std::string best = closest_match(key, attrs);
    if (misspelt_only && (best.empty() || doc_.find(item.node, best) != kNoNode)) continue;
    warn(pos(k), prefix,
         "unknown key '" + key + "'" + (best.empty() ? "" : " (did you mean '" + best + "'?)"));
  }
}

Vertex Loader::add_vertex(Layer layer) {
  if (boost::num_vertices(net_.graph) >= max_layers_) {
    throw LimitError(layer.pos,
                     "the network has more than " + std::to_string(max_layers_) + " layers");
  }
  return boost::add_vertex(std::move(layer), net_.graph);
}

void Loader::connect(Vertex consumer, const std::vector<Ref>& inputs) {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    edges_.push_back(PendingEdge{consumer, static_cast<int>(i), inputs[i]});
  }
}

}  // namespace archcalc::load
