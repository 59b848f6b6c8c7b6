// One plugin library, opened and checked at the boundary: who may write the
// file, its SHA-256 when the pipeline pins it, the entry symbol and its ABI
// version are all checked before the library is loaded; the descriptor is
// checked before anything is created.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <boost/dll/shared_library.hpp>

#include "hoso/harness.h"
#include "hoso/options.h"
#include "hoso/plugin.h"

namespace hoso::internal {

// A pipeline file's `plugins: {name: {sha256: ...}}` entry: the plugin may
// only be loaded from a library with exactly these bytes.
struct PluginPin {
  std::string name;
  std::string sha256;  // 64 lowercase hex digits
  std::string where;   // "pipeline.yaml:12", for messages
  int line = 0;
};

struct OpenOptions {
  // Refuse the library before it is loaded unless its SHA-256 is the pin's,
  // and after it is loaded unless its descriptor has the pin's name.
  const PluginPin* pin = nullptr;
  // Compute sha256() even without a pin (`hoso plugins` prints it). Off by
  // default: hashing every library in the path costs a read of each.
  bool hash = false;
};

// The one-line refusal of a plugin file or folder that someone other than
// its owner could change (writable by every user, or owned by neither the
// current user nor root), or "" when it may be trusted.
std::string UntrustedBecause(const std::filesystem::path& path, const struct stat& status,
                             bool folder);

class PluginLibrary {
 public:
  // Throws LoadError with one line naming the file and what to do.
  static std::shared_ptr<const PluginLibrary> Open(const std::filesystem::path& file,
                                                   const OpenOptions& options = {});

  const std::filesystem::path& file() const { return file_; }
  const PluginDescriptor& descriptor() const { return *descriptor_; }
  std::string name() const { return descriptor_->name; }
  std::string version() const { return descriptor_->version; }
  PluginKind kind() const { return descriptor_->kind; }
  // SHA-256 of the file as loaded (lowercase hex); empty unless the library
  // was pinned or opened with OpenOptions::hash.
  const std::string& sha256() const { return sha256_; }
  std::vector<const OptionSpec*> options() const;

  // The object's deleter holds the library, so a plugin object never
  // outlives its code. Exceptions from the factory propagate as LoadError.
  std::shared_ptr<Plugin> Create(const Options& options) const;

 private:
  PluginLibrary() = default;

  std::filesystem::path file_;
  std::string sha256_;
  std::shared_ptr<boost::dll::shared_library> library_;
  const PluginDescriptor* descriptor_ = nullptr;
};

}  // namespace hoso::internal
