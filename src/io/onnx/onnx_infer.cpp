// ONNX's own shape inference (libonnx's onnx::shape_inference::InferShapes,
// with its data propagation through Shape, Gather, Concat, ...) over a copy
// of the model: the dims it gives each value. The importer asks it only for
// the output of an op it does not know (--allow-unknown) whose shape the
// model does not declare.
//
// libonnx's inference trusts what it reads: a stride of 0 divides by zero, a
// weight of more dims than its input reads past the input's dims. It therefore
// runs in a child process, and a model it crashes on is an error, not the end
// of archcalc.
#include <fcntl.h>
#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <stdexcept>

#include "io/onnx/onnx_importer.hpp"

namespace archcalc::onnx_import {

namespace {

// What in `g` (its subgraphs included) libonnx's conv and pool rule would
// divide by zero on. "" when nothing.
std::string divides_by_zero(const onnx::GraphProto& g) {
  for (const auto& n : g.node()) {
    for (const auto& a : n.attribute()) {
      if (a.name() == "strides") {
        for (auto v : a.ints()) {
          if (v <= 0) {
            return "node '" + n.name() + "' (" + n.op_type() + ") has a stride of " +
                   std::to_string(v);
          }
        }
      }
      if (a.has_g()) {
        if (auto why = divides_by_zero(a.g()); !why.empty()) return why;
      }
      for (const auto& sub : a.graphs()) {
        if (auto why = divides_by_zero(sub); !why.empty()) return why;
      }
    }
  }
  return "";
}

InferredShapes infer_here(const onnx::ModelProto& model) {
  InferredShapes out;
  onnx::ModelProto copy = model;
  try {
    onnx::ShapeInferenceOptions options(/*check_type=*/false, /*error_mode=*/0,
                                        /*data_propagation=*/true);
    onnx::shape_inference::InferShapes(copy, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception& e) {
    out.error = e.what();
    out.error = "ONNX's shape inference stopped: " + out.error.substr(0, out.error.find('\n'));
    return out;
  }
  for (const auto& v : copy.graph().value_info()) {
    if (!v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) continue;
    Dims d;
    for (const auto& dim : v.type().tensor_type().shape().dim()) {
      d.push_back(dim.has_dim_value() && dim.dim_value() > 0 ? dim.dim_value() : -1);
    }
    out.dims.emplace(v.name(), std::move(d));
  }
  return out;
}

// The result as bytes through the pipe: the error, then each value's name
// and dims, every length a fixed-size integer.
void put(std::string& b, std::uint64_t v) {
  b.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void put(std::string& b, const std::string& s) {
  put(b, s.size());
  b += s;
}

std::string encode(const InferredShapes& r) {
  std::string b;
  put(b, r.error);
  put(b, r.dims.size());
  for (const auto& [name, d] : r.dims) {
    put(b, name);
    put(b, d.size());
    for (auto v : d) put(b, static_cast<std::uint64_t>(v));
  }
  return b;
}

struct Reader {
  const std::string& b;
  std::size_t at = 0;
  std::uint64_t number() {
    std::uint64_t v = 0;
    if (b.size() - at < sizeof v) throw std::runtime_error("short");
    std::memcpy(&v, b.data() + at, sizeof v);
    at += sizeof v;
    return v;
  }
  std::string text() {
    const std::uint64_t n = number();
    if (b.size() - at < n) throw std::runtime_error("short");
    std::string s = b.substr(at, n);
    at += n;
    return s;
  }
};

InferredShapes decode(const std::string& b) {
  InferredShapes r;
  Reader in{b};
  r.error = in.text();
  for (std::uint64_t n = in.number(); n > 0; --n) {
    std::string name = in.text();
    const std::uint64_t rank = in.number();
    if (rank > b.size()) throw std::runtime_error("short");
    Dims d;
    for (std::uint64_t k = 0; k < rank; ++k) d.push_back(static_cast<std::int64_t>(in.number()));
    r.dims.emplace(std::move(name), std::move(d));
  }
  return r;
}

// Runs `infer_here` in a child process and reads its result through a pipe;
// "" and the result, or why there is none.
std::string run_in_child(const onnx::ModelProto& model, std::string& bytes) {
  int fds[2];
  if (pipe(fds) != 0) return std::string("pipe: ") + std::strerror(errno);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return std::string("fork: ") + std::strerror(errno);
  }
  if (pid == 0) {
    close(fds[0]);
    // A crash is the parent's to report: the child dies of its signal, with
    // no handler the process had installed (a sanitizer's or a fuzzer's
    // would report it as the parent's own), and prints nothing.
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, SIG_DFL);
    if (int null = open("/dev/null", O_WRONLY); null >= 0) dup2(null, STDERR_FILENO);
    const std::string result = encode(infer_here(model));
    std::size_t done = 0;
    while (done < result.size()) {
      const ssize_t n = write(fds[1], result.data() + done, result.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) _exit(3);
      done += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  // At most two minutes (a model's inference takes milliseconds to seconds).
  constexpr int kTimeoutMs = 120000;
  bool timed_out = false;
  char buf[1 << 16];
  for (;;) {
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, kTimeoutMs);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      timed_out = true;
      kill(pid, SIGKILL);
      break;
    }
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    bytes.append(buf, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) return "it did not finish in 2 minutes";
  // A signal (a Release build) or a sanitizer's exit code: the same to the user.
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "it crashed on this model";
  return "";
}

}  // namespace

InferredShapes infer_shapes(const onnx::ModelProto& model) {
  InferredShapes out;
  if (auto why = divides_by_zero(model.graph()); !why.empty()) {
    out.error = "ONNX's shape inference cannot run: " + why;
    return out;
  }
  // One inference at a time (the Python module may import in several
  // threads), the schema registry made before the child is.
  static std::mutex one_at_a_time;
  const std::lock_guard<std::mutex> lock(one_at_a_time);
  onnx::OpSchemaRegistry::Instance();
  std::string bytes;
  if (std::string why = run_in_child(model, bytes); !why.empty()) {
    out.error = "ONNX's shape inference failed: " + why;
    return out;
  }
  try {
    return decode(bytes);
  } catch (const std::exception&) {
    out.error = "ONNX's shape inference failed: its result was cut short";
    return out;
  }
}

}  // namespace archcalc::onnx_import
