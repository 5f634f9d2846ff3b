// The process's resident memory from Linux /proc: its high-water mark can be
// reset (clear_refs 5) so that a run's own peak can be read afterwards.
#pragma once

#include <optional>

#include "util/checked.hpp"

namespace archcalc::survey {

class PeakResident {
 public:
  // Returns free heap memory to the system (malloc_trim), resets the kernel's
  // high-water mark (VmHWM) to the current resident set and remembers that
  // size (VmRSS). False when /proc does not allow it.
  bool reset();
  // VmHWM now less VmRSS at reset(): how far the resident set grew at its
  // peak since then, in bytes; nullopt when reset() failed or /proc is unreadable.
  std::optional<Count> growth() const;

 private:
  std::optional<Count> before_;
};

}  // namespace archcalc::survey
