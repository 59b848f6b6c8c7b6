#include "pipeline_file.h"

#include <algorithm>
#include <cctype>
#include <thread>

#include <yaml-cpp/depthguard.h>

#include "option_parsing.h"
#include "sha256.h"
#include "text.h"

namespace hoso::internal {
namespace {

int LineOf(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.line >= 0 ? mark.line + 1 : 1;
}

class ErrorList {
 public:
  ErrorList(const std::filesystem::path& file, std::vector<std::string>* out)
      : file_(file.string()), out_(out) {}
  void Add(int line, const std::string& message) {
    out_->push_back(file_ + ":" + std::to_string(line) + ": " + message);
    ++count_;
  }
  int count() const { return count_; }

 private:
  std::string file_;
  std::vector<std::string>* out_;
  int count_ = 0;
};

// `isolate: false`, `isolate: true`, or `isolate: {deadline_seconds: 120,
// memory_mib: 2048}` (a mapping turns isolation on).
void ParseIsolate(const YAML::Node& node, IsolateSpec* out, ErrorList& errs) {
  out->line = LineOf(node);
  bool flag = false;
  if (node.IsScalar() && YAML::convert<bool>::decode(node, flag)) {
    out->on = flag;
    return;
  }
  if (!node.IsMap()) {
    errs.Add(LineOf(node), "'isolate' is true, false, or a mapping with deadline_seconds and/or "
                           "memory_mib");
    return;
  }
  out->on = true;
  for (const auto& item : node) {
    const std::string key = item.first.Scalar();
    double value = 0;
    const bool number = item.second.IsScalar() && YAML::convert<double>::decode(item.second, value);
    if (key == "deadline_seconds") {
      if (!number || value <= 0 || value > 7 * 24 * 3600) {
        errs.Add(LineOf(item.second), "'isolate.deadline_seconds' must be a number of seconds "
                                      "above 0 (the longest one input, a page or a dossier, may "
                                      "take before its worker process is stopped)");
      } else {
        out->limits.deadline_seconds = value;
      }
    } else if (key == "memory_mib") {
      if (!number || value < 16 || value != static_cast<double>(static_cast<int64_t>(value))) {
        errs.Add(LineOf(item.second), "'isolate.memory_mib' must be a whole number of MiB, at "
                                      "least 16 (resident memory of one worker process)");
      } else {
        out->limits.memory_mib = static_cast<int64_t>(value);
      }
    } else {
      errs.Add(LineOf(item.first),
               "unknown key 'isolate." + key + "'; allowed: deadline_seconds, memory_mib");
    }
  }
}

const std::vector<std::string> kTopLevelKeys = {"version",     "name",    "workers",    "seed",
                                                "plugin_path", "plugins", "quarantine", "summary",
                                                "findings",    "stages"};

}  // namespace

bool LoadPipelineFile(const std::filesystem::path& file, PipelineFile* out,
                      std::vector<std::string>* errors) {
  ErrorList errs(file, errors);
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::BadFile&) {
    errors->push_back(file.string() + ": cannot read the pipeline file");
    return false;
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's own message here is "bad file", which sends the reader
    // looking for a missing file.
    errs.Add(e.mark.line + 1,
             "invalid YAML: nested too deep for the YAML parser (a pipeline file needs a few "
             "levels; this one has hundreds)");
    return false;
  } catch (const YAML::ParserException& e) {
    errs.Add(e.mark.line + 1, "invalid YAML: " + e.msg);
    return false;
  }
  out->file = file;
  out->base_dir = std::filesystem::absolute(file).parent_path();
  if (!root.IsMap()) {
    errs.Add(root ? LineOf(root) : 1, "a pipeline file is a mapping with a 'stages' list");
    return false;
  }
  for (const auto& item : root) {
    const std::string key = item.first.Scalar();
    if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), key) != kTopLevelKeys.end()) continue;
    std::string message = "unknown key '" + key + "'";
    const std::string near = ClosestMatch(key, kTopLevelKeys);
    message += near.empty() ? "; allowed: version, name, workers, seed, plugin_path, plugins, "
                              "quarantine, summary, findings, stages"
                            : " (did you mean '" + near + "'?)";
    errs.Add(LineOf(item.first), message);
  }

  auto scalar = [&](const char* key, auto* value, const char* expected) {
    const YAML::Node node = root[key];
    if (!node) return;
    using T = std::remove_pointer_t<decltype(value)>;
    if (!node.IsScalar() || !YAML::convert<T>::decode(node, *value)) {
      errs.Add(LineOf(node), std::string("'") + key + "' must be " + expected);
    }
  };
  int version = 1;
  scalar("version", &version, "1");
  if (version != 1) errs.Add(LineOf(root["version"]), "pipeline file version " +
                                 std::to_string(version) + " is not supported; this hoso reads 1");
  scalar("name", &out->name, "a string");
  int64_t workers = 0;
  scalar("workers", &workers, "an integer");
  if (workers < 0 || workers > 256) {
    errs.Add(LineOf(root["workers"]), "'workers' must be between 1 and 256 (0 = number of cores)");
  }
  out->workers = static_cast<int>(workers);
  if (out->workers == 0) out->workers = std::max(1u, std::thread::hardware_concurrency());
  scalar("seed", &out->seed, "a non-negative integer");

  auto path = [&](const std::string& text) {
    std::filesystem::path p(text);
    return (p.is_relative() ? out->base_dir / p : p).lexically_normal();
  };
  if (const YAML::Node node = root["plugin_path"]) {
    if (node.IsScalar()) {
      out->plugin_path.push_back(path(node.Scalar()));
    } else if (node.IsSequence()) {
      for (const YAML::Node& item : node) {
        if (item.IsScalar()) {
          out->plugin_path.push_back(path(item.Scalar()));
        } else {
          errs.Add(LineOf(item), "'plugin_path' entries must be directory names");
        }
      }
    } else {
      errs.Add(LineOf(node), "'plugin_path' must be a directory or a list of directories");
    }
  }
  if (const YAML::Node plugins = root["plugins"]) {
    if (!plugins.IsMap() || plugins.size() == 0) {
      errs.Add(LineOf(plugins),
               "'plugins' must map plugin names to {sha256: ...}; "
               "`hoso plugins` prints each plugin's sha256");
    } else {
      for (const auto& item : plugins) {
        const std::string name = item.first.Scalar();
        const std::string where = "plugins." + name;
        if (!IsIdentifier(name)) {
          errs.Add(LineOf(item.first), "'" + where + "': not a plugin name");
          continue;
        }
        const YAML::Node entry = item.second;
        if (!entry.IsMap() || !entry["sha256"]) {
          errs.Add(LineOf(entry), "'" + where +
                                      "' must be {sha256: <64 hex digits>}; `hoso plugins " + name +
                                      "` prints it");
          continue;
        }
        for (const auto& key : entry) {
          if (key.first.Scalar() != "sha256") {
            errs.Add(LineOf(key.first), "unknown key '" + where + "." + key.first.Scalar() +
                                            "'; a pinned plugin has 'sha256'");
          }
        }
        const YAML::Node hash = entry["sha256"];
        if (!hash.IsScalar() || !IsSha256Hex(hash.Scalar())) {
          errs.Add(LineOf(hash), "'" + where + ".sha256' must be 64 hex digits; `hoso plugins " +
                                     name + "` prints it");
          continue;
        }
        std::string lower = hash.Scalar();
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out->pins.push_back({.name = name,
                             .sha256 = lower,
                             .where = file.string() + ":" + std::to_string(LineOf(hash)),
                             .line = LineOf(item.first)});
      }
    }
  }
  std::string quarantine = "out/quarantine.jsonl";
  scalar("quarantine", &quarantine, "a file name");
  out->quarantine = path(quarantine);
  std::string summary;
  scalar("summary", &summary, "a file name");
  if (!summary.empty()) out->summary = path(summary);

  if (const YAML::Node findings = root["findings"]) {
    if (!findings.IsMap()) {
      errs.Add(LineOf(findings), "'findings' must be a mapping with 'severity' and/or 'max_error_share'");
    } else {
      for (const auto& item : findings) {
        const std::string key = item.first.Scalar();
        if (key != "severity" && key != "max_error_share") {
          errs.Add(LineOf(item.first),
                   "unknown key 'findings." + key + "'; allowed: severity, max_error_share");
        }
      }
      if (const YAML::Node severity = findings["severity"]) {
        if (!severity.IsMap()) {
          errs.Add(LineOf(severity), "'findings.severity' must map rule ids to info, warning, error or off");
        } else {
          for (const auto& item : severity) {
            const std::string rule = item.first.Scalar();
            const std::string level = item.second.IsScalar() ? item.second.Scalar() : "";
            if (level == "off") {
              out->findings.severity[rule] = std::nullopt;
            } else if (level == "info" || level == "warning" || level == "error") {
              out->findings.severity[rule] = level == "info"      ? Severity::kInfo
                                             : level == "warning" ? Severity::kWarning
                                                                  : Severity::kError;
            } else {
              errs.Add(LineOf(item.second), "'findings.severity." + rule +
                                                "' must be info, warning, error or off, not '" +
                                                level + "'");
            }
          }
        }
      }
      if (const YAML::Node share = findings["max_error_share"]) {
        double value = -1;
        if (!share.IsScalar() || !YAML::convert<double>::decode(share, value) || value < 0 ||
            value > 1) {
          errs.Add(LineOf(share), "'findings.max_error_share' must be a number from 0 to 1 "
                                  "(0.05 = fail when more than 5 % of records have an error)");
        } else {
          out->findings.max_error_share = value;
        }
      }
    }
  }

  const YAML::Node stages = root["stages"];
  if (!stages) {
    errs.Add(1, "missing 'stages': list the plugins to run, each as '- plugin: NAME'");
  } else if (!stages.IsSequence() || stages.size() == 0) {
    errs.Add(LineOf(stages), "'stages' must be a non-empty list of '- plugin: NAME' entries");
  } else {
    for (const YAML::Node& stage : stages) {
      if (!stage.IsMap() || !stage["plugin"] || !stage["plugin"].IsScalar()) {
        errs.Add(LineOf(stage), "each stage needs 'plugin: NAME' (and optionally 'with:')");
        continue;
      }
      for (const auto& item : stage) {
        const std::string key = item.first.Scalar();
        if (key != "plugin" && key != "with" && key != "isolate") {
          errs.Add(LineOf(item.first),
                   "unknown stage key '" + key + "'; a stage has 'plugin', 'with' and 'isolate'");
        }
      }
      StageSpec spec{LineOf(stage["plugin"]), stage["plugin"].Scalar(), stage["with"], {}};
      if (const YAML::Node isolate = stage["isolate"]) ParseIsolate(isolate, &spec.isolate, errs);
      out->stages.push_back(std::move(spec));
    }
  }
  return errs.count() == 0;
}

std::optional<Severity> FindingsPolicy::Apply(const std::string& rule_id,
                                              Severity original) const {
  if (severity.empty()) return original;
  if (auto it = severity.find(rule_id); it != severity.end()) return it->second;
  // Longest matching "prefix.*" entry.
  const std::map<std::string, std::optional<Severity>>::value_type* best = nullptr;
  for (const auto& entry : severity) {
    const std::string& key = entry.first;
    if (key.size() < 2 || key.compare(key.size() - 2, 2, ".*") != 0) continue;
    const size_t stem = key.size() - 1;  // keeps the dot: "vn.place."
    if (rule_id.compare(0, stem, key, 0, stem) != 0) continue;
    if (best == nullptr || key.size() > best->first.size()) best = &entry;
  }
  return best == nullptr ? std::optional<Severity>(original) : best->second;
}

bool ResolvePipeline(const PipelineFile& file, const PluginRegistry& registry,
                     ResolvedPipeline* out, std::vector<std::string>* errors) {
  ErrorList errs(file.file, errors);
  out->file = file;
  out->stages.clear();
  std::vector<std::string> names;
  for (const PluginLibrary* library : registry.All()) names.push_back(library->name());

  auto pinned = [&](const std::string& name) {
    return std::any_of(file.pins.begin(), file.pins.end(),
                       [&](const PluginPin& pin) { return pin.name == name; });
  };
  for (const PluginPin& pin : file.pins) {
    if (registry.Find(pin.name) != nullptr) continue;
    errs.Add(pin.line, "plugin '" + pin.name + "' is pinned but was not loaded: no " + pin.name +
                           ".so in the plugin path, or it was refused (see above)");
  }

  int number = 0;
  for (const StageSpec& spec : file.stages) {
    ++number;
    const PluginLibrary* library = registry.Find(spec.plugin);
    if (library == nullptr && pinned(spec.plugin)) continue;  // said at the pin
    if (library == nullptr && !file.pins.empty()) {
      errs.Add(spec.line, "stage " + std::to_string(number) + ": plugin '" + spec.plugin +
                              "' is not pinned; this file pins its plugins, and only those are " +
                              "loaded: add '" + spec.plugin + ": {sha256: ...}' under 'plugins' " +
                              "(`hoso plugins " + spec.plugin + "` prints it)");
      continue;
    }
    if (library == nullptr) {
      std::string message = "stage " + std::to_string(number) + ": no plugin named '" +
                             spec.plugin + "' in the plugin path";
      const std::string near = ClosestMatch(spec.plugin, names);
      message += near.empty() ? "; `hoso plugins` lists what is installed"
                              : " (did you mean '" + near + "'?)";
      errs.Add(spec.line, message);
      continue;
    }
    Stage stage;
    stage.number = number;
    stage.line = spec.line;
    stage.label = std::to_string(number) + ":" + spec.plugin;
    stage.library = library;
    const PluginKind kind = library->kind();
    const bool can_isolate = kind == PluginKind::kTransform || kind == PluginKind::kValidator;
    if (spec.isolate.on.value_or(false) && !can_isolate) {
      errs.Add(spec.isolate.line, "stage " + std::to_string(number) + " (" + spec.plugin +
                                      "): only transforms and validators run isolated; this is a " +
                                      PluginKindName(kind));
    }
    stage.isolated =
        can_isolate &&
        spec.isolate.on.value_or((library->descriptor().flags & kIsolateByDefault) != 0);
    stage.limits = spec.isolate.limits;
    std::vector<OptionError> option_errors;
    if (!ParseOptions(library->descriptor(), spec.with, file.base_dir, &stage.options,
                      &option_errors)) {
      for (const OptionError& e : option_errors) {
        errs.Add(e.line > 0 ? e.line : spec.line, "stage " + std::to_string(number) + " (" +
                                                      spec.plugin + "): " + e.message);
      }
      continue;
    }
    out->stages.push_back(std::move(stage));
  }
  if (errs.count() > 0) return false;

  // Sources feed everything, sinks receive everything: anything else in
  // between is free to mix.
  bool seen_other = false;
  bool seen_sink = false;
  int sources = 0;
  int sinks = 0;
  for (const Stage& stage : out->stages) {
    const PluginKind kind = stage.library->kind();
    if (kind == PluginKind::kSource) {
      ++sources;
      if (seen_other) errs.Add(stage.line, "stage " + stage.label + ": sources must come before all other stages");
    } else if (kind == PluginKind::kSink) {
      ++sinks;
      seen_sink = true;
      seen_other = true;
    } else {
      if (seen_sink) errs.Add(stage.line, "stage " + stage.label + ": sinks must be the last stages");
      seen_other = true;
    }
  }
  if (sources == 0) errs.Add(1, "no source stage: the pipeline reads nothing");
  if (sinks == 0) errs.Add(1, "no sink stage: the pipeline writes nothing");
  return errs.count() == 0;
}

}  // namespace hoso::internal
