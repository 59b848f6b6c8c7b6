// Every plugin found in the plugin path, by name.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "plugin_library.h"

namespace hoso::internal {

class PluginRegistry {
 public:
  // Scans each directory (not recursively) for *.so files, in order. Files
  // that are not valid plugins are reported in problems(), one line each, and
  // skipped; two plugins with one name are both refused.
  void Scan(const std::vector<std::filesystem::path>& directories);

  const PluginLibrary* Find(const std::string& name) const;
  std::vector<const PluginLibrary*> All() const;  // sorted by name
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::map<std::string, std::shared_ptr<const PluginLibrary>> by_name_;
  std::map<std::string, std::filesystem::path> refused_duplicates_;
  std::vector<std::string> problems_;
};

// The default search path: HOSO_PLUGIN_PATH (colon-separated), then the
// plugin directory next to the hoso executable (<prefix>/lib/hoso/plugins).
std::vector<std::filesystem::path> DefaultPluginPath();

}  // namespace hoso::internal
