// What a run executes, and the memory it needs, computed from the graph's
// annotations before anything is allocated.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exec/backend.hpp"
#include "graph/network.hpp"

namespace archcalc::exec {

// The layers a forward pass at inference runs, inputs included, in
// Network::order; training-only layers are left out.
std::vector<Vertex> inference_order(const Network& net);

// Bytes a run needs, at fp32.
struct MemoryPlan {
  Count activations = 0;  // batch × the liveness pass's peak (no op in place): what
                          // an executor freeing outputs at their last use holds at most
  Count inputs = 0;       // batch × the network inputs: the buffers they are copied from
  Count weights = 0;      // params + buffers of the executed layers
  Count workspace = 0;    // the backend's scratch space
  Count total() const {
    return add(add(add(activations, inputs, "bytes"), weights, "bytes"), workspace, "bytes");
  }
};

// The memory a run of `net` (analyzed) needs on `backend` at `batch`.
// Throws OpError when a figure overflows 64 bits.
MemoryPlan plan_memory(const Network& net, const Backend& backend, std::int64_t batch);

// This machine's RAM in bytes: MemTotal from /proc/meminfo, else
// sysconf(_SC_PHYS_PAGES) × page size; nullopt when neither is known.
std::optional<Count> physical_memory();

// The default --max-memory: half of physical_memory(), or 4 GiB when unknown.
Count default_max_memory();

// Bytes from "1073741824", "512M", "2G", "1.5GiB" (K, M, G, T: powers of 1024,
// optionally followed by "iB" or "B"); nullopt when malformed or above 2^63.
std::optional<Count> parse_bytes(std::string_view text);

// "1.50 GiB" (two decimals; plain bytes below 1 KiB: "512 B").
std::string bytes_text(Count bytes);

}  // namespace archcalc::exec
