// Reading a network file and choosing its importer by extension.
#include <filesystem>
#include <fstream>

#include "io/loader.hpp"
#include "io/prototxt/caffe_import.hpp"
#if ARCHCALC_WITH_ONNX
#include "io/onnx/onnx_import.hpp"
#endif

namespace archcalc {

namespace {

// The file's bytes, refusing more than `limit`.
std::string read_file(const std::string& path, std::size_t limit) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(SourcePos{path, 0, 0}, "is a directory, not a network file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(SourcePos{path, 0, 0}, "cannot open the file");
  std::string text;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > limit) {
      throw InputError(SourcePos{path, 0, 0},
                       "file larger than " + std::to_string(limit >> 20) + " MiB");
    }
  }
  return text;
}

std::string lower_extension(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

}  // namespace

Network load_network_file(const std::string& path, const LoadOptions& options, Diagnostics& diag) {
  std::string ext = lower_extension(path);
  bool caffe = ext == ".prototxt";
  bool onnx = ext == ".onnx";
  if ((caffe || onnx) && !options.overrides.empty()) {
    throw InputError(SourcePos{path, 0, 0}, "--set " + options.overrides.front().first +
                                                ": no such parameter; the file declares none");
  }
  if (caffe) {
    return import_caffe_text(read_file(path, LoadLimits::kMaxFileBytes), path, diag);
  }
  if (onnx) {
#if ARCHCALC_WITH_ONNX
    return import_onnx_bytes(read_file(path, LoadLimits::kMaxOnnxBytes), path,
                             OnnxOptions{options.allow_unknown}, diag);
#else
    throw InputError(SourcePos{path, 0, 0},
                     "this build has no ONNX support (built with ARCHCALC_WITH_ONNX=OFF)");
#endif
  }
  return load_network_text(read_file(path, LoadLimits::kMaxFileBytes), path, options, diag);
}

}  // namespace archcalc
