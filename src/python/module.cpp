// The `archcalc._archcalc` extension: the analyzer and the commands, called
// from Python. Every function returns what the command line prints (JSON
// documents from the same emitters), runs without the GIL, and turns input
// problems into `archcalc.Error` with the `file:line:col: error:` text.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <new>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/cli.hpp"
#include "emit/report.hpp"
#include "io/loader.hpp"
#if ARCHCALC_WITH_ONNX
#include "io/onnx/onnx_import.hpp"
#endif
#include "passes/passes.hpp"

namespace py = pybind11;

namespace archcalc::python {

namespace {

// Raised as archcalc.Error (a ValueError) with the diagnostic text.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What an analysis hands to Python: the JSON document, the table as
// `archcalc analyze` prints it, the Markdown report, and the loader's warnings.
struct Analysis {
  std::string json, table, markdown;
  std::vector<std::string> warnings;
};

struct Request {
  enum class Source { kPath, kYamlText, kOnnxBytes } source = Source::kPath;
  std::string data, label;
  std::vector<std::pair<std::string, std::string>> sets;
  bool training = false, allow_unknown = false;
  int depth = -1, html_depth = 1;
};

// Runs `load` and rethrows the library's input errors as Error.
template <class F>
auto diagnosed(F&& load) {
  try {
    return load();
  } catch (const InputErrors& e) {
    throw Error(e.what());
  } catch (const InputError& e) {
    throw Error(e.render());
  } catch (const OpError& e) {
    throw Error(std::string("error: ") + e.what());
  } catch (const std::bad_alloc&) {
    throw Error("error: out of memory");
  }
}

Analysis analyze_request(const Request& r) {
  Analysis a;
  Diagnostics diag;
  LoadOptions options;
  options.overrides = r.sets;
  options.allow_unknown = r.allow_unknown;
  Network net = diagnosed([&] {
    try {
      Network n;
      if (r.source == Request::Source::kPath)
        n = load_network_file(r.data, options, diag);
      else if (r.source == Request::Source::kYamlText)
        n = load_network_text(r.data, r.label, options, diag);
      else
#if ARCHCALC_WITH_ONNX
        n = import_onnx_bytes(r.data, r.label, OnnxOptions{r.allow_unknown}, diag);
#else
        throw InputError(SourcePos{r.label, 0, 0},
                         "this build has no ONNX support (built with ARCHCALC_WITH_ONNX=OFF)");
#endif
      analyze(n);
      return n;
    } catch (...) {
      a.warnings = diag.warnings();
      throw;
    }
  });
  a.warnings = diag.warnings();
  ReportOptions ro;
  ro.training = r.training;
  ro.depth = r.depth;
  a.json = analysis_json(net, ro).dump();
  a.table = emit_table(net, ro);
  ro.depth = r.html_depth;
  a.markdown = emit_markdown(net, ro);
  return a;
}

// `archcalc ARGS...` in this process: (exit code, standard output, standard error).
std::tuple<int, std::string, std::string> run_command(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

}  // namespace

}  // namespace archcalc::python

PYBIND11_MODULE(_archcalc, m) {
  using namespace archcalc::python;
  m.doc() = "The C++ core of archcalc; use the `archcalc` package.";
  m.attr("version") = ARCHCALC_VERSION;
  py::register_exception<Error>(m, "Error", PyExc_ValueError);

  py::class_<Analysis>(m, "_Analysis")
      .def_readonly("json", &Analysis::json)
      .def_readonly("table", &Analysis::table)
      .def_readonly("markdown", &Analysis::markdown)
      .def_readonly("warnings", &Analysis::warnings);

  m.def(
      "analyze",
      [](const std::string& source, const py::bytes& data, const std::string& label,
         const std::vector<std::pair<std::string, std::string>>& sets, bool training,
         bool allow_unknown, int depth, int html_depth) {
        Request r;
        r.source = source == "path"   ? Request::Source::kPath
                   : source == "text" ? Request::Source::kYamlText
                                      : Request::Source::kOnnxBytes;
        r.data = data.cast<std::string>();  // copied while the GIL is held
        r.label = label;
        r.sets = sets;
        r.training = training;
        r.allow_unknown = allow_unknown;
        r.depth = depth;
        r.html_depth = html_depth;
        py::gil_scoped_release release;
        return analyze_request(r);
      },
      py::arg("source"), py::arg("data"), py::arg("label"), py::arg("sets"), py::arg("training"),
      py::arg("allow_unknown"), py::arg("depth"), py::arg("html_depth"),
      "Loads and analyzes a network: source is 'path', 'text' (YAML) or 'onnx' (model bytes).");

  m.def(
      "command",
      [](const std::vector<std::string>& args) {
        py::gil_scoped_release release;
        return run_command(args);
      },
      py::arg("args"),
      "Runs `archcalc ARGS...` in this process; returns (exit code, stdout, stderr).");
}
