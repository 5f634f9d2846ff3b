// Backends: the interface every set of kernels implements, and the table of
// backends chosen by name. A backend binds each layer's op to its tensors once
// (where it may prepare primitives or scratch space) and the executor then
// calls the bound kernel as often as it times it. Parameter values may change
// between bind() and the first call: a backend that repacks weights does so
// on the first call (the executor's warm-up passes), never again.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/shape.hpp"
#include "exec/array.hpp"
#include "ops/ops.hpp"

namespace archcalc::exec {

// A layer whose op a kernel applies to its own result (see Backend::fuses).
struct PostOp {
  const Op* op = nullptr;
  std::vector<const Array*> params;  // that layer's parameters (a batch norm's four)
};

// What one kernel call reads and writes. Every tensor carries the batch as
// dims[0]; `out` is preallocated to batch × the shape pass's output shape.
struct KernelArgs {
  std::vector<const Array*> in;      // inputs, ordered by port
  Array* out = nullptr;              // the layer's output
  std::vector<const Array*> params;  // the layer's parameters, in param_specs() order
  int threads = 1;                   // threads the kernel may use (>= 1)
  // Layers the kernel applies, in order, to its result before storing it in
  // `out` (only a chain Backend::fuses accepted); `out` is then the last one's
  // output tensor and those layers themselves do nothing.
  std::vector<PostOp> post_ops = {};
};

// A layer bound to its tensors: runs it once per call.
using BoundKernel = std::function<void()>;

struct BackendOptions {
  int threads = 1;  // >= 1
};

class Backend {
 public:
  virtual ~Backend() = default;
  // The name `--backend` takes.
  virtual std::string_view name() const = 0;
  // Scratch bytes `op` needs beyond its tensors at `batch` (im2col buffers,
  // packed weights); counted by the memory check before anything is allocated.
  virtual std::uint64_t workspace_bytes(const Op& op, std::span<const Shape> in, const Shape& out,
                                        std::int64_t batch) const = 0;
  // Binds `op` to `args` (the tensors must outlive the result). Throws
  // OpError when this backend cannot run the op as configured.
  virtual BoundKernel bind(const Op& op, const KernelArgs& args) = 0;
  // Whether this backend has its own kernel for `op`'s type; bind() runs the
  // reference kernel for every other op.
  virtual bool runs(const Op& op) const = 0;
  // Whether bind(producer, args) can apply these ops, in order, as
  // args.post_ops (each the only reader of the one before).
  virtual bool fuses(const Op& /*producer*/, std::span<const Op* const> /*post_ops*/) const {
    return false;
  }
};

// The reference kernel of `op` bound to `args`, followed by args.post_ops
// applied in place to its output (element-wise layers): what every backend
// runs for an op it does not run itself.
BoundKernel bind_reference(const Op& op, const KernelArgs& args);

// One entry of the backend table.
struct BackendInfo {
  std::string_view name;
  std::string_view summary;  // one line for --help and the docs
  std::unique_ptr<Backend> (*make)(const BackendOptions&);
};

// Every backend this build has, the default first.
const std::vector<BackendInfo>& backends();
// Their names, in table order.
std::vector<std::string> backend_names();
// For a backend this build left out (an ARCHCALC_WITH_... option OFF), the
// one-line reason; "" for any other name.
std::string missing_backend(std::string_view name);
// The backend called `name`; throws OpError when there is none or it rejects `opts`.
std::unique_ptr<Backend> make_backend(std::string_view name, const BackendOptions& opts);

}  // namespace archcalc::exec
