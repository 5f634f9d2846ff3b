// Baselines: the checked-in results of every network of a zoo directory. Per
// network a JSON report (the analysis schema, keys in a fixed order), a
// Markdown summary and an SVG diagram; plus README.md, an index of the zoo.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "graph/network.hpp"

namespace archcalc {

// A network file found under a zoo directory.
struct ZooEntry {
  std::string rel;    // path below the zoo, '/'-separated, no extension: "modules/inception_naive"
  std::string label;  // shown as the report's `file`: the zoo's name + "/" + path,
                      // "architectures/vgg16.yaml"
  std::filesystem::path file;  // the YAML file itself
};

// Every *.yaml and *.yml file under `dir`, recursively, sorted by `rel`.
// Throws InputError when `dir` is not a readable directory or holds no network,
// or when two files share a `rel` (net.yaml and net.yml).
std::vector<ZooEntry> find_networks(const std::filesystem::path& dir);

// Options for the files of one network.
struct BaselineOptions {
  int markdown_depth = 1;  // the Markdown summary folds blocks nested deeper than this
  int diagram_depth = 1;   // the SVG diagram folds blocks nested deeper than this
};

// The baseline JSON of `net` (inference, every layer): analysis_json without
// `archcalc_version`, so that a release does not rewrite every baseline, and
// with `file` set to `label`.
nlohmann::ordered_json baseline_json(const Network& net, const std::string& label);

// The files of one network's baseline, as their bytes.
struct BaselineFiles {
  std::string json;      // baseline_json indented by 2, one line per layer and per block
  std::string markdown;  // emit_markdown at `markdown_depth`
  std::string svg;       // the Graphviz diagram at `diagram_depth`, shaded by MACs
};

// Renders the three files of `net`. Throws std::runtime_error when Graphviz fails.
BaselineFiles baseline_files(const Network& net, const std::string& label,
                             const BaselineOptions& opts);

// Every archcalc analysis report (*.json with "schema": "archcalc.analysis")
// under `dir`, recursively, by `rel`. Other JSON files are ignored; a missing
// `dir` reads as empty. Throws InputError for a file that is not valid JSON.
std::map<std::string, nlohmann::ordered_json> read_baselines(const std::filesystem::path& dir);

// Writes `<dir>/<rel>.json`, `.md` and `.svg` for every network and
// `<dir>/README.md`, creating folders as needed, and deletes the files of
// baselines (read_baselines) whose network is no longer in `files`. Returns
// the paths written, then the paths deleted. Throws InputError when a file
// cannot be written or deleted.
struct WriteResult {
  std::vector<std::filesystem::path> written, deleted;
};
WriteResult write_baselines(const std::filesystem::path& dir,
                            const std::map<std::string, BaselineFiles>& files,
                            const std::string& readme);

// An analyzed network of a zoo.
struct ZooNetwork {
  ZooEntry entry;
  Network net;
};

// Renders every network's files and the index (whose text names the commands
// `archcalc report <zoo>/ -o <out>/` and `archcalc check <zoo>/ --baseline
// <out>/`) and writes them with write_baselines. Throws InputError naming the
// network's file when Graphviz fails on it.
WriteResult write_zoo_baselines(const std::filesystem::path& zoo, const std::filesystem::path& out,
                                const std::vector<ZooNetwork>& networks,
                                const BaselineOptions& opts);

}  // namespace archcalc
