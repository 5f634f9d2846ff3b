#include <fmt/format.h>

#include "cli/cli.hpp"
#include "emit/format.hpp"
#include "io/loader.hpp"
#include "io/yaml_writer.hpp"
#include "passes/passes.hpp"
#include "util/plural.hpp"

namespace archcalc::cli {

void add_convert(CLI::App& app, Context& ctx) {
  struct Opts {
    std::string file, output;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* sub =
      app.add_subcommand("convert", "Write a .prototxt, .onnx or .yaml network as archcalc YAML");
  add_strict_flag(sub, ctx);
  sub->add_option("file", opts->file, "network file (.prototxt, .onnx or .yaml)")->required();
  sub->add_option("--output,-o", opts->output, "the YAML file to write ('-': standard output)")
      ->required();
  sub->footer(
      "Example:\n"
      "  archcalc convert tests/data/caffe/bvlc_googlenet_deploy.prototxt -o googlenet.yaml");
  sub->callback([opts, &ctx] {
    Network net = load_analyzed(opts->file, {}, ctx);
    std::string yaml = write_yaml(net, opts->file);
    // The file written must analyze to the same totals as its source.
    Diagnostics diag;
    Network back = load_network_text(yaml, opts->output, LoadOptions{}, diag);
    analyze(back);
    for (bool training : {false, true}) {
      const Cost& a = net.totals(training).cost;
      const Cost& b = back.totals(training).cost;
      if (a.params() != b.params() || a.macs != b.macs || a.other_ops != b.other_ops ||
          a.buffers != b.buffers) {
        throw InputError(SourcePos{opts->file, 0, 0},
                         "the YAML written does not reproduce the totals; not written");
      }
    }
    write_output(opts->output, yaml, ctx);
    if (opts->output != "-") {
      const Cost& c = net.totals(false).cost;
      ctx.out << fmt::format("wrote {}: {}, {} params, {} MACs (as {})\n", opts->output,
                             plural(net.totals(false).layers, "layer"), grouped(c.params()),
                             grouped(c.macs), opts->file);
    }
  });
}

}  // namespace archcalc::cli
