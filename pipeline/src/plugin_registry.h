// Every plugin found in the plugin path, by name.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "plugin_library.h"

namespace hoso::internal {

struct ScanOptions {
  // A pipeline file's pins. When there are any, only the pinned plugins are
  // loaded, each from the first <name>.so in the path and only if its SHA-256
  // is the pinned one; no other library in the path is opened.
  std::vector<PluginPin> pins = {};
  bool hash = false;  // compute every library's sha256() (`hoso plugins`)
};

class PluginRegistry {
 public:
  // Scans each directory (not recursively) for *.so files, in order. A
  // folder or file that others could write to is refused before anything in
  // it is loaded. Files that are not valid plugins are reported in
  // problems(), one line each, and skipped; two plugins with one name are
  // both refused.
  void Scan(const std::vector<std::filesystem::path>& directories, const ScanOptions& options = {});

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
