// Splits a loop over [0, count) into contiguous chunks run on std::threads.
#pragma once

#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

namespace archcalc::exec {

// Calls body(begin, end) on up to `threads` disjoint chunks covering
// [0, count): the first on the calling thread, the others on new threads,
// joined before returning. threads <= 1 runs body(0, count) inline.
template <typename Body>
void parallel_for(std::int64_t count, int threads, const Body& body) {
  std::int64_t chunks = std::clamp<std::int64_t>(threads, 1, std::max<std::int64_t>(count, 1));
  if (chunks == 1) {
    body(std::int64_t{0}, count);
    return;
  }
  std::vector<std::jthread> workers;
  workers.reserve(static_cast<std::size_t>(chunks - 1));
  for (std::int64_t i = 1; i < chunks; ++i) {
    workers.emplace_back(
        [&body, i, count, chunks] { body(count * i / chunks, count * (i + 1) / chunks); });
  }
  body(std::int64_t{0}, count / chunks);
}

}  // namespace archcalc::exec
