// Opening a plugin on first use (src/plugin/abi.hpp). The module is looked
// for next to the executable (the build tree), then in the installed plugin
// folder ARCHCALC_PLUGIN_DIR, relative to the executable's folder
// (<prefix>/bin/../lib/archcalc); it is opened RTLD_NOW | RTLD_LOCAL and never
// closed.
#pragma once

#include <string>

#include "plugin/abi.hpp"

namespace archcalc::plugin {

// An opened module: where it was found and the address of its entry.
struct Opened {
  std::string path;
  void* entry = nullptr;
};

// Opens the module `file` ("archcalc_onednn.so") and finds `entry` in it.
// `user` names what needs it in messages ("the onednn backend"). Throws
// InputError, `archcalc: error: <user> needs <path>: <why>`, when the module is
// missing, cannot be loaded (dlopen's reason) or lacks the entry.
Opened open_plugin(const std::string& file, const char* entry, const std::string& user);

// The table the entry of `file` returns, checked against this build's stamp.
template <typename Table>
const Table& load_plugin(const std::string& file, const char* entry, const std::string& user) {
  const Opened m = open_plugin(file, entry, user);
  const Table* table = reinterpret_cast<const Table* (*)()>(m.entry)();
  if (table == nullptr || !(table->stamp == kStamp)) {
    throw InputError(SourcePos{"archcalc", 0, 0},
                     user + " needs " + m.path + ": it belongs to another build of archcalc");
  }
  return *table;
}

}  // namespace archcalc::plugin
