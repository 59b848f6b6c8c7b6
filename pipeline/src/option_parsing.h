// Turns the YAML under a stage's `with:` into validated Options, using the
// plugin's option table as the single source of truth.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "hoso/options.h"
#include "hoso/plugin.h"

namespace hoso::internal {

struct OptionError {
  int line = 0;  // 1-based; 0 when unknown
  std::string message;
};

// Parses one value; on failure returns monostate and sets *error.
OptionValue ParseOptionValue(const OptionSpec& spec, const YAML::Node& node,
                             const std::filesystem::path& base_dir, std::string* error);

// Validates every key of `with` (a mapping or null) against the table: unknown
// options, missing required ones, wrong types and out-of-range values. Fills
// defaults. Returns false when any error was appended.
bool ParseOptions(const PluginDescriptor& descriptor, const YAML::Node& with,
                  const std::filesystem::path& base_dir, Options* out,
                  std::vector<OptionError>* errors);

// "name (int, default 4, 1..64): help" lines for `hoso plugins`.
std::string DescribeOption(const OptionSpec& spec);

}  // namespace hoso::internal
