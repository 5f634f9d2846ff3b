#include "plugin/load.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <system_error>

namespace archcalc::plugin {

namespace {

[[noreturn]] void fail(const std::string& message) {
  throw InputError(SourcePos{"archcalc", 0, 0}, message);
}

// dlerror()'s text without the path it starts with, which the message names already.
std::string dl_reason(const std::string& path) {
  const char* e = dlerror();
  std::string why = e ? e : "unknown error";
  if (why.rfind(path + ": ", 0) == 0) why.erase(0, path.size() + 2);
  return why;
}

}  // namespace

Opened open_plugin(const std::string& file, const char* entry, const std::string& user) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec)
    fail(user + " needs " + file + ": no path of the executable (/proc/self/exe: " + ec.message() +
         ")");
  const fs::path beside = exe.parent_path() / file;
  const fs::path installed = (exe.parent_path() / ARCHCALC_PLUGIN_DIR / file).lexically_normal();
  Opened m;
  if (fs::exists(beside, ec)) {
    m.path = beside.string();
  } else if (fs::exists(installed, ec)) {
    m.path = installed.string();
  } else {
    fail(user + " needs " + file + ", which is neither in " + exe.parent_path().string() +
         " nor in " + installed.parent_path().string());
  }
  void* handle = dlopen(m.path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) fail(user + " needs " + m.path + ": " + dl_reason(m.path));
  m.entry = dlsym(handle, entry);
  if (m.entry == nullptr) fail(user + " needs " + m.path + ": " + dl_reason(m.path));
  return m;
}

}  // namespace archcalc::plugin

#ifdef __SANITIZE_ADDRESS__
// The sanitized executable's defaults. GCC 12's sanitizer runtime hooks
// __tls_get_addr to record the dynamic TLS blocks of dlopen'ed libraries, and
// misreads the blocks of oneDNN's worker threads: LeakSanitizer's scan at exit
// then crashes. Unhooked, those blocks are still scanned as the heap blocks
// glibc allocates them as.
extern "C" __attribute__((visibility("default"), used)) const char* __asan_default_options() {
  return "intercept_tls_get_addr=0";
}
#endif
