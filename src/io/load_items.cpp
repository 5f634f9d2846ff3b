// Reading one layer item as written: its kind, name, inputs, repeat count and
// flags, each checked, before anything is expanded (load_expand.cpp).
#include <cctype>
#include <charconv>
#include <cmath>

#include "io/load_state.hpp"

namespace archcalc::load {

namespace {

// The `act:` shorthands: every op of category activation.
const std::vector<std::string> kActs = op_names_of(Category::kActivation);

}  // namespace

Item Loader::read_item(NodeId node, std::size_t index, const Scope& scope,
                       const std::string& prefix, const NameTable& table, const Ref& prev) {
  Item item;
  item.node = node;
  if (!doc_.is_map(node)) fail(node, "a layer must be a map such as {name: conv1, op: conv, ...}");
  item.op = doc_.find(node, "op");
  item.block = doc_.find(node, "block");
  if ((item.op != kNoNode) == (item.block != kNoNode)) {
    fail(node, item.op != kNoNode ? "a layer has either 'op' or 'block', not both"
                                  : "a layer needs 'op' or 'block'");
  }
  item.kind =
      item.op != kNoNode ? scalar_string(item.op, "'op'") : scalar_string(item.block, "'block'");
  item.name = item.kind + "_" + std::to_string(index + 1);
  NodeId name_node = doc_.find(node, "name");
  if (name_node != kNoNode) {
    item.name = scalar_string(name_node, "'name'");
    check_name(name_node, item.name);
  }
  // "<op> '<layer>': " or "block '<definition>' as '<layer>': ", before messages about this item.
  item.what = item.op != kNoNode ? item.kind + " '" + prefix + item.name + "': "
                                 : "block '" + item.kind + "' as '" + prefix + item.name + "': ";
  item.at = name_node != kNoNode ? name_node : node;
  if (table.entries.count(item.name)) fail(item.at, "layer name '" + item.name + "' is used twice");
  read_inputs(item, table, prev);
  read_flags(item, scope);
  number_copies(item, table);
  return item;
}

// Inputs: `from`, or the previous item.
void Loader::read_inputs(Item& item, const NameTable& table, const Ref& prev) {
  NodeId from = doc_.find(item.node, "from");
  if (from == kNoNode) {
    // An op that takes no inputs (a learned tensor) is not fed the previous item.
    std::optional<Op> op = item.op != kNoNode ? make_op(item.kind) : std::nullopt;
    if (!op || op_max_inputs(*op) != 0) item.inputs.push_back(prev);
    return;
  }
  auto add_ref = [&](NodeId n) {
    if (!doc_.is_scalar(n)) fail(n, item.what + "'from' must be a layer name or a list of names");
    Ref r;
    r.table = &table;
    r.name = std::string(doc_.scalar(n));
    r.node = n;
    r.user = item.what;
    item.inputs.push_back(std::move(r));
  };
  if (doc_.is_sequence(from)) {
    if (doc_.size(from) == 0) fail(from, item.what + "'from' must name at least one layer");
    for (std::size_t i = 0; i < doc_.size(from); ++i) add_ref(doc_.element(from, i));
  } else {
    add_ref(from);
  }
}

// repeat, act, train_only, loss_weight and keys that do not belong.
void Loader::read_flags(Item& item, const Scope& scope) {
  const std::string& what = item.what;
  if (NodeId n = doc_.find(item.node, "repeat"); n != kNoNode) {
    try {
      item.repeat = scalar_integer(doc_, resolve(doc_, n, scope), "'repeat'");
    } catch (const OpError& e) {
      fail(n, what + e.what());
    }
    if (item.repeat < 0 || item.repeat > LoadLimits::kMaxRepeat) {
      fail(n, what + "'repeat' must be between 0 and " + std::to_string(LoadLimits::kMaxRepeat) +
                  ", got " + std::to_string(item.repeat));
    }
  }
  if (NodeId n = doc_.find(item.node, "act"); n != kNoNode) {
    try {
      item.act = scalar_string(resolve(doc_, n, scope), "'act'");
    } catch (const OpError& e) {
      fail(n, what + e.what());
    }
    item.act_node = n;
    if (!contains(kActs, item.act)) {
      fail(n, what + "'act' must be one of " + join_names(kActs) + ", got '" + item.act + "'" +
                  did_you_mean(item.act, kActs));
    }
  }
  if (NodeId t = doc_.find(item.node, "train_only"); t != kNoNode) {
    if (!doc_.is_scalar(t) || (doc_.scalar(t) != "true" && doc_.scalar(t) != "false")) {
      fail(t, what + "'train_only' must be true or false, got " +
                  (doc_.is_scalar(t) ? "'" + std::string(doc_.scalar(t)) + "'"
                                     : std::string("a list or map")));
    }
    item.train_only = doc_.scalar(t) == "true";
  }
  if (NodeId t = doc_.find(item.node, "loss_weight"); t != kNoNode) {
    double w = 0;
    bool ok = false;
    if (doc_.is_scalar(t)) {
      std::string_view s = doc_.scalar(t);
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), w);
      ok = ec == std::errc() && end == s.data() + s.size() && std::isfinite(w);
    }
    if (!ok || !(w > 0 && w <= 1e6)) {
      fail(t, what + "'loss_weight' must be a number above 0 and at most 1e6, got " +
                  (doc_.is_scalar(t) ? "'" + std::string(doc_.scalar(t)) + "'"
                                     : std::string("a list or map")));
    }
    item.loss_weight = w;
  }
  if (NodeId args = doc_.find(item.node, "args"); item.op != kNoNode && args != kNoNode) {
    warn(pos(args), what, "'args' is for blocks; ignored");
  }
  if (item.block != kNoNode) warn_unknown_keys(item.node, kItemKeys, what);
}

}  // namespace archcalc::load
