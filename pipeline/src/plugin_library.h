// One plugin library, opened and checked at the boundary: the entry symbol
// and its ABI version are read from the file before it is loaded, the
// descriptor is checked before anything is created.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>

#include "hoso/harness.h"
#include "hoso/options.h"
#include "hoso/plugin.h"

namespace hoso::internal {

class PluginLibrary {
 public:
  // Throws LoadError with one line naming the file and what to do.
  static std::shared_ptr<const PluginLibrary> Open(const std::filesystem::path& file);

  const std::filesystem::path& file() const { return file_; }
  const PluginDescriptor& descriptor() const { return *descriptor_; }
  std::string name() const { return descriptor_->name; }
  std::string version() const { return descriptor_->version; }
  PluginKind kind() const { return descriptor_->kind; }
  std::vector<const OptionSpec*> options() const;

  // The object's deleter holds the library, so a plugin object never
  // outlives its code. Exceptions from the factory propagate as LoadError.
  std::shared_ptr<Plugin> Create(const Options& options) const;

 private:
  PluginLibrary() = default;

  std::filesystem::path file_;
  std::shared_ptr<boost::dll::shared_library> library_;
  const PluginDescriptor* descriptor_ = nullptr;
};

}  // namespace hoso::internal
