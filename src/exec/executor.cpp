#include "exec/executor.hpp"

#include <filesystem>
#include <map>

#include "exec/npy.hpp"

namespace archcalc::exec {

namespace {

std::vector<std::int64_t> batched(std::int64_t batch, const Shape& s) {
  std::vector<std::int64_t> dims{batch};
  dims.insert(dims.end(), s.dims.begin(), s.dims.end());
  return dims;
}

// Throws InputError when two parameters would share a file name.
void require_unique_files(const Network& net, const std::vector<Param>& params) {
  std::map<std::string, Vertex> seen;
  for (const Param& p : params) {
    auto [it, fresh] = seen.emplace(p.file, p.layer);
    if (!fresh && it->second != p.layer) {
      const Layer& l = net.layer(p.layer);
      throw InputError(l.pos, layer_prefix(l) + "its parameter file name '" + p.file +
                                  "' is also that of layer '" + net.layer(it->second).name +
                                  "' ('/' maps to '.'); rename one to load or save weights");
    }
  }
}

}  // namespace

std::vector<Vertex> Executor::fusable_chain(const Network& net, const Backend& backend,
                                            std::size_t i) const {
  std::vector<Vertex> chain;
  std::vector<const Op*> ops;
  Vertex tail = order_[i];
  for (std::size_t j = i + 1; j < order_.size(); ++j) {
    const Vertex next = order_[j];
    if (boost::out_degree(tail, net.graph) != 1 || net.inputs(next) != std::vector<Vertex>{tail}) {
      break;
    }
    ops.push_back(&net.layer(next).op);
    if (!backend.fuses(net.layer(order_[i]).op, ops)) break;
    chain.push_back(next);
    tail = next;
  }
  return chain;
}

std::optional<Vertex> Executor::fused_into(Vertex v) const {
  auto it = fused_.find(v);
  if (it == fused_.end()) return std::nullopt;
  return it->second;
}

Executor::Executor(const Network& net, Backend& backend, std::int64_t batch, Lifetime lifetime)
    : net_(net), batch_(batch), lifetime_(lifetime), order_(inference_order(net)) {
  if (order_.empty()) throw InputError(SourcePos{net.file, 0, 0}, "the network has no layers");
  tensors_.resize(boost::num_vertices(net.graph));
  inputs_.resize(tensors_.size());
  frees_.resize(order_.size());
  std::vector<std::size_t> step(tensors_.size(), order_.size());
  for (std::size_t i = 0; i < order_.size(); ++i) step[order_[i]] = i;
  std::vector<std::vector<std::size_t>> param_index(tensors_.size());
  for (Vertex v : order_) {
    const Layer& l = net.layer(v);
    // The last step that reads v's output, if any step does.
    std::size_t last = order_.size();
    for (auto [it, end] = boost::out_edges(v, net.graph); it != end; ++it) {
      std::size_t s = step[boost::target(*it, net.graph)];
      if (s < order_.size() && (last == order_.size() || s > last)) last = s;
    }
    if (last < order_.size()) frees_[last].push_back(v);
    try {
      if (lifetime_ == Lifetime::kKeepAll) {
        allocate(v);
      } else if (std::holds_alternative<Input>(l.op)) {
        inputs_[v] = Array(batched(batch, l.out));
      }
      for (ParamSpec& spec : param_specs(l.op, net.input_shapes(v), l.cost)) {
        param_index[v].push_back(params_.size());
        std::string file = param_file_name(l.name, spec.suffix);
        Array t(spec.dims);
        params_.push_back(Param{v, std::move(spec), std::move(file), std::move(t)});
      }
    } catch (const OpError& e) {
      throw InputError(l.pos, layer_prefix(l) + e.what());
    }
  }
  // params_ is complete: pointers into it stay valid from here on.
  writes_.assign(order_.size(), std::nullopt);
  for (std::size_t i = 0; i < order_.size(); ++i) {
    const Vertex v = order_[i];
    const Layer& l = net.layer(v);
    if (fused_.count(v)) {
      kernels_.push_back([] {});  // its producer's kernel computes it
      continue;
    }
    KernelArgs args;
    for (Vertex u : net.inputs(v)) args.in.push_back(&tensors_[u]);
    Vertex out = v;
    for (std::size_t k : param_index[v]) args.params.push_back(&params_[k].tensor);
    for (Vertex f : fusable_chain(net, backend, i)) {
      PostOp post{&net.layer(f).op, {}};
      for (std::size_t k : param_index[f]) post.params.push_back(&params_[k].tensor);
      args.post_ops.push_back(std::move(post));
      fused_.emplace(f, v);
      out = f;
    }
    args.out = &tensors_[out];
    writes_[i] = out;
    // A backend may read shapes when it binds (to build its primitives), so
    // under kFreeAtLastUse the layer's tensors exist while it is bound; its
    // kernel then reads their data() only when called.
    std::vector<Vertex> shaped;
    if (lifetime_ == Lifetime::kFreeAtLastUse) {
      std::vector<Vertex> touched = net.inputs(v);
      touched.push_back(out);
      for (Vertex u : touched) {
        if (tensors_[u].size() == 0) {
          tensors_[u] = Array(batched(batch, net.layer(u).out));
          shaped.push_back(u);
        }
      }
    }
    try {
      kernels_.push_back(backend.bind(l.op, args));
    } catch (const OpError& e) {
      throw InputError(
          l.pos, layer_prefix(l) + "backend '" + std::string(backend.name()) + "': " + e.what());
    }
    for (Vertex u : shaped) tensors_[u] = Array();
  }
}

Array& Executor::input_buffer(Vertex v) {
  return const_cast<Array&>(static_cast<const Executor*>(this)->input_buffer(v));
}

const Array& Executor::input_buffer(Vertex v) const {
  bool own =
      lifetime_ == Lifetime::kFreeAtLastUse && std::holds_alternative<Input>(net_.layer(v).op);
  return own ? inputs_.at(v) : tensors_.at(v);
}

void Executor::allocate(Vertex v) {
  release(v);
  // Under kFreeAtLastUse this runs for every layer in every pass: the kernel
  // overwrites the whole output, so the elements are not zeroed first.
  tensors_[v] = lifetime_ == Lifetime::kFreeAtLastUse
                    ? Array::uninitialized(batched(batch_, net_.layer(v).out))
                    : Array(batched(batch_, net_.layer(v).out));
  held_ += tensors_[v].bytes();
  peak_ = std::max(peak_, held_);
}

void Executor::release(Vertex v) {
  held_ -= tensors_[v].bytes();
  tensors_[v] = Array();
}

void Executor::prepare_step(std::size_t i) {
  if (lifetime_ != Lifetime::kFreeAtLastUse) return;
  if (i == 0) {
    for (Vertex v : order_) release(v);
  }
  if (!writes_[i]) return;  // an activation fused into its producer, which allocated it
  const Vertex v = *writes_[i];
  allocate(v);
  if (std::holds_alternative<Input>(net_.layer(v).op)) {
    std::copy(inputs_[v].values().begin(), inputs_[v].values().end(), tensors_[v].data());
  }
}

void Executor::finish_step(std::size_t i) {
  if (lifetime_ != Lifetime::kFreeAtLastUse) return;
  for (Vertex v : frees_[i]) release(v);
}

void Executor::seed_params(std::uint64_t seed) {
  for (Param& p : params_) {
    fill_param(p.tensor, p.spec, seed, layer_stem(net_.layer(p.layer).name) + "." + p.spec.suffix);
  }
}

void Executor::seed_inputs(std::uint64_t seed) {
  for (Vertex v : order_) {
    const Layer& l = net_.layer(v);
    if (std::holds_alternative<Input>(l.op)) {
      fill_uniform(input_buffer(v), -1.0f, 1.0f, seed, "input:" + layer_stem(l.name));
    }
  }
}

void Executor::load_params(const std::string& dir) {
  require_unique_files(net_, params_);
  for (Param& p : params_) load_npy((std::filesystem::path(dir) / p.file).string(), p.tensor);
}

void Executor::save_params(const std::string& dir) const {
  require_unique_files(net_, params_);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw InputError(SourcePos{dir, 0, 0}, "cannot create the directory: " + ec.message());
  for (const Param& p : params_) {
    save_npy((std::filesystem::path(dir) / p.file).string(), p.tensor.values(), p.tensor.dims());
  }
}

void Executor::load_input(const std::string& path) {
  std::vector<Vertex> inputs;
  for (Vertex v : order_) {
    if (std::holds_alternative<Input>(net_.layer(v).op)) inputs.push_back(v);
  }
  if (inputs.size() != 1) {
    throw InputError(SourcePos{net_.file, 0, 0},
                     "--input needs a network with exactly one input; this one has " +
                         std::to_string(inputs.size()));
  }
  Array& t = input_buffer(inputs[0]);
  std::vector<std::vector<std::int64_t>> also;
  if (batch_ == 1) also.push_back(net_.layer(inputs[0]).out.dims);
  load_npy(path, t, also);
}

void Executor::save_output(const std::string& path) const {
  const Array& t = tensors_[output()];
  save_npy(path, t.values(), t.dims());
}

void Executor::forward() {
  for (std::size_t i = 0; i < kernels_.size(); ++i) {
    prepare_step(i);
    run_step(i);
    finish_step(i);
  }
}

}  // namespace archcalc::exec
