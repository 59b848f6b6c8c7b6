// The YAML pipeline file: ordered stages, each a plugin with options, plus
// run settings. Errors are reported as "FILE:LINE: message".
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "hoso/options.h"
#include "plugin_registry.h"

namespace hoso::internal {

struct StageSpec {
  int line = 0;
  std::string plugin;
  YAML::Node with;
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
};

struct ResolvedPipeline {
  PipelineFile file;
  std::vector<Stage> stages;
};

// Checks plugins exist, stage kinds are in a runnable order (sources first,
// sinks last), and options are valid. Appends every error found.
bool ResolvePipeline(const PipelineFile& file, const PluginRegistry& registry,
                     ResolvedPipeline* out, std::vector<std::string>* errors);

}  // namespace hoso::internal
