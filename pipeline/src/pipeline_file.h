// The YAML pipeline file: ordered stages, each a plugin with options, plus
// run settings. Errors are reported as "FILE:LINE: message".
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "hoso/options.h"
#include "hoso/record.h"
#include "plugin_registry.h"
#include "worker_process.h"

namespace hoso::internal {

// A stage's `isolate:` key: false, true, or {deadline_seconds, memory_mib}.
struct IsolateSpec {
  int line = 0;
  std::optional<bool> on;  // unset: as the plugin asks (PluginFlags)
  IsolationLimits limits;
};

struct StageSpec {
  int line = 0;
  std::string plugin;
  YAML::Node with;
  IsolateSpec isolate;
};

// What the run does with findings, whichever stage made them: severities
// changed per rule, and the share of records with an error that fails the run.
struct FindingsPolicy {
  // Rule id, or a prefix ending in ".*" ("vn.place.*"), to a severity;
  // nullopt drops the finding ("off"). The exact id wins over a prefix, a
  // longer prefix over a shorter one.
  std::map<std::string, std::optional<Severity>> severity;
  // Above this share of records with an error finding the run fails and
  // nothing is published; 1 never fails.
  double max_error_share = 1.0;

  // The severity `rule_id` ends up with; nullopt when it is dropped.
  std::optional<Severity> Apply(const std::string& rule_id, Severity severity) const;
};

struct PipelineFile {
  std::filesystem::path file;
  std::filesystem::path base_dir;  // relative paths in the file resolve here
  std::string name;
  int workers = 0;  // 0 = number of cores
  uint64_t seed = 0;
  std::vector<std::filesystem::path> plugin_path;
  std::filesystem::path quarantine;  // quarantine JSON Lines
  std::filesystem::path summary;     // optional run summary (JSON)
  std::vector<StageSpec> stages;
  FindingsPolicy findings;
  // `plugins: {name: {sha256: ...}}`. When present, only these plugins are
  // loaded, each only from a library with the pinned hash.
  std::vector<PluginPin> pins;
};

// Returns false and appends "FILE:LINE: message" lines on any error.
bool LoadPipelineFile(const std::filesystem::path& file, PipelineFile* out,
                      std::vector<std::string>* errors);

struct Stage {
  int number = 0;  // 1-based position in the file
  int line = 0;
  std::string label;  // "2:normalize_vi", used in quarantine and summaries
  const PluginLibrary* library = nullptr;
  Options options;
  // Run in child worker processes (transforms and validators only).
  bool isolated = false;
  IsolationLimits limits;
};

struct ResolvedPipeline {
  PipelineFile file;
  std::vector<Stage> stages;
};

// Checks plugins exist (and every pinned one was loaded), stage kinds are in a runnable order
// (sources first, sinks last), and options are valid. Appends every error found.
bool ResolvePipeline(const PipelineFile& file, const PluginRegistry& registry,
                     ResolvedPipeline* out, std::vector<std::string>* errors);

}  // namespace hoso::internal
