#include "report/baseline.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <system_error>

#include "emit/dot.hpp"
#include "emit/report.hpp"
#include "io/json_file.hpp"
#include "report/index.hpp"

namespace archcalc {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSchema = "archcalc.analysis";
const char* const kBaselineExtensions[] = {".json", ".md", ".svg"};

// `path` below `root`, '/'-separated, without its extension.
std::string rel_stem(const fs::path& path, const fs::path& root) {
  fs::path rel = path.lexically_relative(root);
  rel.replace_extension();
  return rel.generic_string();
}

// The name a zoo folder is shown under: "architectures" for "architectures/".
std::string zoo_name(const fs::path& dir) {
  fs::path p = dir.lexically_normal();
  if (!p.has_filename()) p = p.parent_path();
  std::string name = p.filename().string();
  if (name.empty() || name == "." || name == "..") {
    std::error_code ec;
    fs::path abs = fs::weakly_canonical(dir, ec);
    if (!ec && abs.has_filename()) name = abs.filename().string();
  }
  return name;
}

// `p` as written in a command: "architectures/" for "architectures".
std::string dir_text(const fs::path& p) {
  std::string s = p.lexically_normal().generic_string();
  if (s.empty()) s = ".";
  return s.back() == '/' ? s : s + "/";
}

// `j` indented by 2, except that each item of `layers` and `blocks` takes one
// line: a change to a layer is a one-line diff.
std::string baseline_text(const nlohmann::ordered_json& j) {
  std::string out = "{";
  bool first = true;
  for (const auto& [key, value] : j.items()) {
    out += first ? "\n  " : ",\n  ";
    first = false;
    out += nlohmann::ordered_json(key).dump() + ": ";
    if ((key == "layers" || key == "blocks") && value.is_array() && !value.empty()) {
      out += "[";
      for (std::size_t i = 0; i < value.size(); ++i) {
        out += (i ? ",\n    " : "\n    ") + value[i].dump();
      }
      out += "\n  ]";
    } else if (value.is_array() && std::none_of(value.begin(), value.end(), [](const auto& v) {
                 return v.is_structured() || v.is_string();
               })) {
      out += value.dump();  // a shape: [3,224,224]
    } else {
      std::string text = value.dump(2);
      for (std::size_t pos = 0; (pos = text.find('\n', pos)) != std::string::npos; pos += 3) {
        text.insert(pos + 1, "  ");
      }
      out += text;
    }
  }
  return out + "\n}\n";
}

void write_file(const fs::path& path, const std::string& bytes) {
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  std::ofstream f(path, std::ios::binary);
  if (ec || !f || !(f << bytes) || !f.flush()) {
    throw InputError(SourcePos{path.string(), 0, 0}, "cannot write the file");
  }
}

}  // namespace

std::vector<ZooEntry> find_networks(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw InputError(SourcePos{dir.string(), 0, 0}, "not a directory of network files");
  }
  std::string zoo = zoo_name(dir);
  std::vector<ZooEntry> out;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string ext = it->path().extension().string();
    if (ext != ".yaml" && ext != ".yml") continue;
    ZooEntry e;
    e.rel = rel_stem(it->path(), dir);
    e.label = (zoo.empty() ? "" : zoo + "/") + it->path().lexically_relative(dir).generic_string();
    e.file = it->path();
    out.push_back(std::move(e));
  }
  if (ec) throw InputError(SourcePos{dir.string(), 0, 0}, "cannot list: " + ec.message());
  std::sort(out.begin(), out.end(),
            [](const ZooEntry& a, const ZooEntry& b) { return a.rel < b.rel; });
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i].rel == out[i - 1].rel) {
      throw InputError(SourcePos{out[i].file.string(), 0, 0},
                       "two network files would share the report '" + out[i].rel + "': rename one");
    }
  }
  if (out.empty()) {
    throw InputError(SourcePos{dir.string(), 0, 0}, "no network files (*.yaml) in the directory");
  }
  return out;
}

nlohmann::ordered_json baseline_json(const Network& net, const std::string& label) {
  ReportOptions opts;  // inference, every layer
  nlohmann::ordered_json j = analysis_json(net, opts);
  j.erase("archcalc_version");
  j["file"] = label;
  return j;
}

BaselineFiles baseline_files(const Network& net, const std::string& label,
                             const BaselineOptions& opts) {
  BaselineFiles f;
  f.json = baseline_text(baseline_json(net, label));
  ReportOptions md;
  md.depth = opts.markdown_depth;
  f.markdown = emit_markdown(net, md);
  std::string stem = fs::path(label).stem().string();
  f.markdown += "\nDiagram: [" + stem + ".svg](" + stem + ".svg) · every layer: [" + stem +
                ".json](" + stem + ".json)\n";
  DiagramOptions d;
  d.depth = opts.diagram_depth;
  d.color = DiagramColor::kMacs;
  f.svg = render_graphviz(emit_dot(net, d), "svg");
  return f;
}

std::map<std::string, nlohmann::ordered_json> read_baselines(const fs::path& dir) {
  std::map<std::string, nlohmann::ordered_json> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  if (!fs::is_directory(dir, ec)) {
    throw InputError(SourcePos{dir.string(), 0, 0}, "the baseline is not a directory");
  }
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".json") continue;
    nlohmann::ordered_json j = read_json_file(it->path());
    if (!j.is_object() || !j.contains("schema") || j["schema"] != kSchema) continue;
    out[rel_stem(it->path(), dir)] = std::move(j);
  }
  if (ec) throw InputError(SourcePos{dir.string(), 0, 0}, "cannot list: " + ec.message());
  return out;
}

WriteResult write_baselines(const fs::path& dir, const std::map<std::string, BaselineFiles>& files,
                            const std::string& readme) {
  WriteResult r;
  std::set<std::string> stale;
  for (const auto& [rel, json] : read_baselines(dir)) {
    if (!files.count(rel)) stale.insert(rel);
  }
  for (const auto& [rel, f] : files) {
    for (const auto& [ext, bytes] :
         {std::pair{".json", &f.json}, std::pair{".md", &f.markdown}, std::pair{".svg", &f.svg}}) {
      fs::path p = dir / (rel + ext);
      write_file(p, *bytes);
      r.written.push_back(p);
    }
  }
  write_file(dir / "README.md", readme);
  r.written.push_back(dir / "README.md");
  for (const auto& rel : stale) {
    for (const char* ext : kBaselineExtensions) {
      fs::path p = dir / (rel + ext);
      std::error_code ec;
      if (fs::remove(p, ec)) r.deleted.push_back(p);
      if (ec) throw InputError(SourcePos{p.string(), 0, 0}, "cannot delete: " + ec.message());
    }
  }
  return r;
}

WriteResult write_zoo_baselines(const fs::path& zoo, const fs::path& out,
                                const std::vector<ZooNetwork>& networks,
                                const BaselineOptions& opts) {
  std::map<std::string, BaselineFiles> files;
  std::map<std::string, nlohmann::ordered_json> reports;
  for (const ZooNetwork& n : networks) {
    try {
      files[n.entry.rel] = baseline_files(n.net, n.entry.label, opts);
    } catch (const InputError&) {
      throw;
    } catch (const std::runtime_error& e) {
      throw InputError(SourcePos{n.entry.file.string(), 0, 0}, e.what());
    }
    reports[n.entry.rel] = baseline_json(n.net, n.entry.label);
  }
  std::string readme =
      zoo_index_markdown(reports, "archcalc report " + dir_text(zoo) + " -o " + dir_text(out),
                         "archcalc check " + dir_text(zoo) + " --baseline " + dir_text(out));
  return write_baselines(out, files, readme);
}

}  // namespace archcalc
