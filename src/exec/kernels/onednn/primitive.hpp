// Helpers for the onednn kernels that run one primitive on the executor's
// plain tensors: descriptors of a tensor, and a primitive bound with its
// arguments as one kernel.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "exec/kernels/onednn/onednn.hpp"

namespace archcalc::exec::onednn {

// The tensor's dimensions, batch first.
inline dnnl::memory::dims dims_of(const Array& t) {
  return {t.dims().begin(), t.dims().end()};
}
// A memory over `data` (not owned).
inline dnnl::memory mem(const Context& ctx, const dnnl::memory::desc& md, const float* data) {
  return dnnl::memory(md, ctx.engine, const_cast<float*>(data));
}
// The tensor as one flat vector (for element-wise primitives).
inline dnnl::memory::desc flat(const Array& t) {
  return {{static_cast<dnnl::memory::dim>(t.size())},
          dnnl::memory::data_type::f32,
          dnnl::memory::format_tag::x};
}
// A C-order f32 descriptor of any rank (by strides).
inline dnnl::memory::desc strided(const dnnl::memory::dims& d) {
  dnnl::memory::dims s(d.size());
  dnnl::memory::dim step = 1;
  for (std::size_t i = d.size(); i-- > 0;) {
    s[i] = step;
    step *= d[i];
  }
  return {d, dnnl::memory::data_type::f32, s};
}

// One argument of a primitive: a memory over a tensor of the executor's
// (whose storage may move between passes, so the memory is pointed at it on
// every call) or over a parameter (fixed: `tensor` is null).
struct Arg {
  int id;
  dnnl::memory mem;
  const Array* tensor = nullptr;
};
inline Arg tensor_arg(const Context& ctx, int id, const dnnl::memory::desc& md, const Array& t) {
  return {id, mem(ctx, md, t.data()), &t};
}
inline Arg param_arg(const Context& ctx, int id, const dnnl::memory::desc& md, const Array& t) {
  return {id, mem(ctx, md, t.data())};
}

// Whether oneDNN chose one of its plain-loop implementations ("simple_…",
// "ref:…") for a primitive: for pooling on plain NCHW tensors without
// AVX-512 it does, and those run several times slower than this executor's
// reference kernel, so the kernel is better left to the reference backend.
inline bool plain_loop(const dnnl::primitive_desc_base& pd) {
  const std::string impl = pd.impl_info_str();
  return impl.rfind("simple", 0) == 0 || impl.rfind("ref", 0) == 0;
}

// A primitive with its arguments, run as one kernel.
inline BoundKernel kernel(const std::shared_ptr<Context>& ctx, dnnl::primitive prim,
                          std::vector<Arg> list) {
  std::unordered_map<int, dnnl::memory> args;
  for (const Arg& a : list) args.emplace(a.id, a.mem);
  return [ctx, prim, args, list] {
    for (const Arg& a : list) {
      if (a.tensor) a.mem.set_data_handle(const_cast<float*>(a.tensor->data()));
    }
    use_threads(ctx->threads);
    prim.execute(ctx->stream, args);
    ctx->stream.wait();
  };
}

}  // namespace archcalc::exec::onednn
