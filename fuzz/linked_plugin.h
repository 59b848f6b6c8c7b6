// The plugin whose source files are compiled into this fuzz target, reached
// through its descriptor and created with options checked by the host's own
// option parser, as `hoso run` would. Faster than hoso::Harness (no dlopen,
// no temporary files) and instrumented along with the rest of the target.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/context.h"
#include "hoso/plugin.h"

namespace hoso::fuzz {

// The descriptor HOSO_PLUGIN exported from the linked sources.
const PluginDescriptor& LinkedDescriptor();

// `options_yaml` is what would follow `with:`. Aborts when the options are
// refused: that is a mistake in the fuzz target, not a finding.
std::unique_ptr<Plugin> CreateLinkedPlugin(std::string_view options_yaml,
                                           const std::filesystem::path& base_dir);

// What the host offers a plugin, reduced to what a fuzz target checks:
// quarantined units are kept, logs are dropped.
class RecordingContext : public Context {
 public:
  struct Entry {
    Provenance unit;
    std::string original;
    std::string reason;
  };

  explicit RecordingContext(std::filesystem::path base_dir) : base_dir_(std::move(base_dir)) {}

  void Quarantine(const Provenance& unit, std::string_view original,
                  std::string_view reason) override {
    quarantined.push_back({unit, std::string(original), std::string(reason)});
  }
  void Log(LogLevel level, std::string_view message) override {
    (void)level;
    (void)message;
  }
  const std::filesystem::path& BaseDir() const override { return base_dir_; }
  int Worker() const override { return 0; }
  uint64_t Seed() const override { return 1; }

  std::vector<Entry> quarantined;

 private:
  std::filesystem::path base_dir_;
};

}  // namespace hoso::fuzz
