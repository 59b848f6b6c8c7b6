#include "plugin_registry.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include <boost/dll/runtime_symbol_info.hpp>

namespace hoso::internal {

void PluginRegistry::Scan(const std::vector<std::filesystem::path>& directories,
                          const ScanOptions& options) {
  std::vector<std::filesystem::path> trusted;
  std::set<std::filesystem::path> seen_dirs;
  for (const std::filesystem::path& dir : directories) {
    std::error_code ec;
    const std::filesystem::path canonical = std::filesystem::weakly_canonical(dir, ec);
    if (!seen_dirs.insert(ec ? dir : canonical).second) continue;
    if (!std::filesystem::is_directory(dir, ec)) continue;
    // Whoever can write to the folder chooses what gets loaded.
    struct stat status {};
    if (::stat(dir.c_str(), &status) != 0) continue;
    if (std::string why = UntrustedBecause(dir, status, /*folder=*/true); !why.empty()) {
      problems_.push_back(why);
      continue;
    }
    trusted.push_back(dir);
  }

  if (!options.pins.empty()) {
    for (const PluginPin& pin : options.pins) {
      for (const std::filesystem::path& dir : trusted) {
        const std::filesystem::path file = dir / (pin.name + ".so");
        std::error_code ec;
        if (!std::filesystem::exists(file, ec)) continue;
        try {
          by_name_[pin.name] = PluginLibrary::Open(file, {.pin = &pin, .hash = true});
        } catch (const LoadError& e) {
          problems_.push_back(e.what());
        }
        // Like PATH: the first one is the one, a copy further on is not
        // tried instead.
        break;
      }
    }
    return;
  }

  for (const std::filesystem::path& dir : trusted) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".so") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const std::filesystem::path& file : files) {
      std::shared_ptr<const PluginLibrary> library;
      try {
        library = PluginLibrary::Open(file, {.hash = options.hash});
      } catch (const LoadError& e) {
        problems_.push_back(e.what());
        continue;
      }
      const std::string name = library->name();
      if (auto dup = refused_duplicates_.find(name); dup != refused_duplicates_.end()) {
        problems_.push_back(file.string() + ": another plugin named '" + name +
                            "' is already refused; keep one of them in the plugin path");
        continue;
      }
      if (auto it = by_name_.find(name); it != by_name_.end()) {
        problems_.push_back(file.string() + ": plugin name '" + name + "' is also used by " +
                            it->second->file().string() +
                            "; both are refused, remove one from the plugin path");
        refused_duplicates_[name] = file;
        by_name_.erase(it);
        continue;
      }
      by_name_[name] = std::move(library);
    }
  }
}

const PluginLibrary* PluginRegistry::Find(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second.get();
}

std::vector<const PluginLibrary*> PluginRegistry::All() const {
  std::vector<const PluginLibrary*> out;
  for (const auto& [name, library] : by_name_) out.push_back(library.get());
  return out;
}

std::vector<std::filesystem::path> DefaultPluginPath() {
  std::vector<std::filesystem::path> out;
  if (const char* env = std::getenv("HOSO_PLUGIN_PATH"); env != nullptr && *env != '\0') {
    std::string all = env;
    size_t start = 0;
    while (start <= all.size()) {
      const size_t colon = all.find(':', start);
      const std::string part = all.substr(start, colon == std::string::npos ? colon : colon - start);
      if (!part.empty()) out.emplace_back(part);
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  std::error_code ec;
  const std::filesystem::path exe = boost::dll::program_location(ec);
  if (!ec) out.push_back(exe.parent_path().parent_path() / HOSO_PLUGIN_SUBDIR);
  return out;
}

}  // namespace hoso::internal
