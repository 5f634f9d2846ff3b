// The executor: a network's tensors bound to one backend's kernels, and
// run_network, which times every layer over repeated forward passes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exec/array.hpp"
#include "exec/backend.hpp"
#include "exec/params.hpp"
#include "exec/plan.hpp"
#include "exec/timer.hpp"
#include "graph/network.hpp"

namespace archcalc::exec {

// One parameter tensor of one layer.
struct Param {
  Vertex layer;
  ParamSpec spec;
  std::string file;  // param_file_name(): "conv1.weight.npy"
  Array tensor;
};

// When the executor holds each layer's output.
enum class Lifetime {
  kKeepAll,        // every output allocated once, for the executor's life
  kFreeAtLastUse,  // allocated before its layer runs, freed once its last reader
                   // has run (outputs nobody reads: until the next pass begins);
                   // inputs copied in from a buffer of their own at their step
};

// The tensors of a network's inference layers at one batch size, each layer
// bound to a backend's kernel. Parameters and inputs start at zero. Kernels
// read their tensors' data() when called, never before: with
// kFreeAtLastUse a tensor's storage changes from pass to pass.
class Executor {
 public:
  // Binds every layer of `net` (analyzed) at `batch` to `backend`, which must
  // outlive this; allocates every tensor (kKeepAll) or only the inputs'
  // buffers (kFreeAtLastUse). Throws InputError at the layer when the
  // backend cannot run it.
  Executor(const Network& net, Backend& backend, std::int64_t batch,
           Lifetime lifetime = Lifetime::kKeepAll);
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Fills every parameter and every input from `seed` (see docs/executor.md).
  void seed_params(std::uint64_t seed);
  void seed_inputs(std::uint64_t seed);
  // Reads every parameter from DIR/<param file>; writes them there.
  void load_params(const std::string& dir);
  void save_params(const std::string& dir) const;
  // Reads the network's only input (N×C×H×W, or C×H×W at batch 1); writes the
  // output tensor (N×…).
  void load_input(const std::string& path);
  void save_output(const std::string& path) const;

  // The layers run, in order (inputs first among them; see inference_order).
  const std::vector<Vertex>& order() const { return order_; }
  // Allocates what order()[i] writes (kFreeAtLastUse; step 0 first frees
  // what the previous pass left), copying an input in from its buffer.
  void prepare_step(std::size_t i);
  // Runs order()[i] once (after prepare_step(i)).
  void run_step(std::size_t i) { kernels_[i](); }
  // Frees the outputs order()[i] was the last reader of (kFreeAtLastUse).
  void finish_step(std::size_t i);
  // Runs every layer once: prepare, run and finish each step.
  void forward();

  // Activation bytes held now, and the most held at once since construction
  // (layer outputs only; kFreeAtLastUse keeps the inputs' buffers apart).
  std::uint64_t held_bytes() const { return held_; }
  std::uint64_t peak_bytes() const { return peak_; }

  // The output tensor of layer `v` (batch first); empty for a layer not run
  // or (kFreeAtLastUse) freed. An input layer's tensor is its buffer.
  const Array& tensor(Vertex v) const { return input_buffer(v); }
  Array& tensor(Vertex v) { return input_buffer(v); }
  // The network's output: the last layer run.
  Vertex output() const { return order_.back(); }
  const std::vector<Param>& params() const { return params_; }
  std::vector<Param>& params() { return params_; }
  std::int64_t batch() const { return batch_; }
  // The layer whose kernel also computes `v` (a layer the backend fused into
  // its producer, see Backend::fuses); nullopt when `v` runs on its own. The
  // producer then writes only the chain's last tensor; the others stay unwritten.
  std::optional<Vertex> fused_into(Vertex v) const;

 private:
  // An input's own buffer under kFreeAtLastUse; otherwise tensors_[v].
  Array& input_buffer(Vertex v);
  const Array& input_buffer(Vertex v) const;
  void allocate(Vertex v);
  void release(Vertex v);
  // The layers after order_[i], in order, that the backend fuses into its
  // kernel: each the next step, the only reader of the one before and
  // reading only it.
  std::vector<Vertex> fusable_chain(const Network& net, const Backend& backend,
                                    std::size_t i) const;

  const Network& net_;
  std::int64_t batch_;
  Lifetime lifetime_;
  std::vector<Vertex> order_;
  std::vector<Array> tensors_;              // by vertex
  std::vector<Array> inputs_;               // by vertex: inputs' buffers (kFreeAtLastUse)
  std::vector<std::vector<Vertex>> frees_;  // by step: outputs whose last reader it is
  std::uint64_t held_ = 0, peak_ = 0;
  std::vector<Param> params_;  // never resized after construction: kernels hold pointers
  std::vector<BoundKernel> kernels_;
  std::map<Vertex, Vertex> fused_;  // fused layer → its producer
  // By step: the tensor its kernel writes (the last fused layer's for a
  // producer); nullopt for a fused layer's step, which does nothing.
  std::vector<std::optional<Vertex>> writes_;
};

// What run_network reports between layers (for a progress line).
struct Progress {
  int pass = 0, passes = 0;           // 1-based pass, warm-up passes included
  std::size_t layer = 0, layers = 0;  // 1-based layer about to run
  double elapsed = 0;                 // seconds since the first pass began
};

struct RunOptions {
  std::string backend = "reference";
  int threads = 1;                                // >= 1
  int repeat = 10;                                // timed passes, >= 1
  int warmup = 2;                                 // untimed passes before them, >= 0
  std::int64_t batch = 1;                         // >= 1
  std::uint64_t seed = 1;                         // for parameters and input not read from files
  Count max_memory = 0;                           // bytes the run may need; 0: default_max_memory()
  std::string load_weights, save_weights;         // directories; empty: none
  std::string input, save_output;                 // .npy files; empty: none
  std::function<void(const Progress&)> progress;  // optional; called before each layer
};

// One layer's measurements.
struct LayerRun {
  Vertex vertex;
  std::string name;        // full path: "inception_3a/b1"
  std::string op;          // label: "conv 7×7/2"
  Shape out;               // per batch item
  Count macs = 0;          // at the run's batch
  Stats seconds;           // over the timed passes
  std::string fused_into;  // the producer whose kernel computes this layer; "" when none
};

struct RunResult {
  std::string model, title, file, backend;
  int threads = 1, repeat = 0, warmup = 0;
  std::int64_t batch = 1;
  std::uint64_t seed = 0;
  MemoryPlan memory;
  Count measured_peak = 0;  // the executor's high-water mark of activation bytes
  std::string peak_at;      // the layer where the prediction (memory.activations) peaks
  Count max_memory = 0;
  std::vector<LayerRun> layers;  // inference layers in order; inputs left out
  Stats total;                   // seconds of the whole forward pass
  Count macs = 0;                // whole network at the run's batch
  // The sum of the layers' median times: the base of each layer's time share.
  double layer_seconds() const;
};

// Achieved GFLOP/s: 2·macs / seconds / 1e9; 0 when seconds is not positive.
double gflops(Count macs, double seconds);

// Runs `net` (analyzed) as `opts` says: checks the memory it needs against
// opts.max_memory before allocating, fills or reads parameters and input,
// runs opts.warmup + opts.repeat forward passes timing every layer, and
// writes the files asked for. Throws InputError (a file's problem, the
// memory limit, an option out of range).
RunResult run_network(const Network& net, const RunOptions& opts);

}  // namespace archcalc::exec
