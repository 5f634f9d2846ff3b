// What the rest of archcalc calls of the onednn backend, with no oneDNN
// header: making the backend (exec/backend.cpp) and the sgemm that `archcalc
// probe` times (exec/probe.cpp). In the executable these are forwarded to the
// plugin (src/plugin/).
#pragma once

#include <memory>

#include "exec/backend.hpp"

namespace archcalc::exec {

// The onednn backend (threads: OpenMP's, set per call).
std::unique_ptr<Backend> make_onednn_backend(const BackendOptions& opts);

namespace onednn {

// Sets the OpenMP thread count for the primitives about to run.
void use_threads(int threads);
// c = a · b for row-major n×n matrices, with dnnl::sgemm.
void sgemm(int n, const float* a, const float* b, float* c);

}  // namespace onednn

}  // namespace archcalc::exec
