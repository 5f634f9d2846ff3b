// How a network is counted beyond its file: --batch, --dtype and --input, and
// where a network named without a path is found.
#include <unistd.h>

#include <filesystem>

#include "cli/cli.hpp"

namespace archcalc::cli {

namespace fs = std::filesystem;

void add_counting_options(CLI::App* sub, Context& ctx) {
  sub->add_option("--batch", ctx.batch,
                  "samples per pass: MACs, other ops, activations and the training step scale "
                  "with it (params and weights do not)")
      ->check(CLI::Range(Count{1}, Count{1} << 20))
      ->capture_default_str();
  sub->add_option("--dtype", ctx.dtype,
                  "element type of activations, weights, gradients and optimizer state: fp32 (4 "
                  "bytes), fp16 or bf16 (2), int8 (1)")
      ->check(CLI::IsMember({"fp32", "fp16", "bf16", "int8"}))
      ->capture_default_str();
  sub->add_option("--input", ctx.input,
                  "the input's shape instead of the file's, as CxHxW (3x160x160) or N for a "
                  "vector input");
}

void set_input_shape(Network& net, const std::string& text) {
  if (!net.sized_at_import.empty()) {
    throw CLI::ValidationError(
        "--input", "layer '" + net.sized_at_import.front() +
                       "' was sized from the file's input when it was imported (Caffe's Slice, "
                       "Crop, Reshape and Interp are); change the input in the file instead");
  }
  Shape shape;
  std::size_t i = 0;
  while (i <= text.size()) {
    std::size_t end = text.find_first_of("x×,", i);
    std::string part = text.substr(i, end == std::string::npos ? std::string::npos : end - i);
    if (part.empty() || part.size() > 9 ||
        part.find_first_not_of("0123456789") != std::string::npos || std::stoll(part) < 1) {
      throw CLI::ValidationError("--input",
                                 "expects sizes >= 1 such as 3x160x160, got '" + text + "'");
    }
    shape.dims.push_back(std::stoll(part));
    if (end == std::string::npos) break;
    // "×" is two bytes in UTF-8.
    i = end + (text.compare(end, 2, "×") == 0 ? 2 : 1);
  }
  std::vector<Vertex> inputs;
  for (Vertex v : boost::make_iterator_range(boost::vertices(net.graph))) {
    if (std::holds_alternative<Input>(net.layer(v).op)) inputs.push_back(v);
  }
  if (inputs.size() != 1) {
    throw CLI::ValidationError("--input", "works for a network with one input; this one has " +
                                              std::to_string(inputs.size()));
  }
  Input& in = std::get<Input>(net.layer(inputs[0]).op);
  if (in.shape.rank() != shape.rank()) {
    throw CLI::ValidationError("--input", "the network's input is " + in.shape.str("x") + " (" +
                                              std::to_string(in.shape.rank()) + " sizes); got '" +
                                              text + "'");
  }
  in.shape = shape;
}

namespace {

// The directory of the running binary, or "" when it cannot be told.
fs::path binary_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

}  // namespace

std::string bundled_zoo() {
  std::error_code ec;
  fs::path bin = binary_dir();
  if (!bin.empty()) {
    fs::path installed = bin.parent_path() / "share" / "archcalc" / "architectures";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  return ARCHCALC_ZOO_DIR;
}

std::string resolve_network(const std::string& path) {
  std::error_code ec;
  if (path.empty() || fs::exists(path, ec)) return path;
  fs::path name(path);
  if (name.is_absolute() || path.find("..") != std::string::npos) return path;
  std::string ext = name.extension().string();
  if (!ext.empty() && ext != ".yaml" && ext != ".yml") return path;
  if (ext.empty()) name += ".yaml";
  fs::path bin = binary_dir();
  std::vector<fs::path> zoos;
  if (!bin.empty()) zoos.push_back(bin.parent_path() / "share" / "archcalc" / "architectures");
  zoos.push_back(ARCHCALC_ZOO_DIR);
  for (const fs::path& zoo : zoos) {
    if (fs::is_regular_file(zoo / name, ec)) return (zoo / name).string();
  }
  return path;
}

}  // namespace archcalc::cli
