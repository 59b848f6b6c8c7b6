// Runs one plugin alone, without a pipeline file: what plugin authors test
// with. Options are given as the YAML mapping that would follow `with:`, and
// go through the same validation as in a pipeline.
//
//   hoso::Harness rule("build/plugins/my_rule.so", "fields: [full_name]");
//   std::vector<hoso::Dossier> out = rule.Run({dossier});
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/dossier.h"
#include "hoso/plugin.h"

namespace hoso {

// A plugin library or its options were refused. what() is one line naming
// the file and what to do.
class LoadError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct QuarantineEntry {
  Provenance unit;
  std::string stage;  // "2:normalize_vi"
  std::string plugin;
  std::string plugin_version;
  std::string reason;
  std::string original;  // input bytes as read
};

class Harness {
 public:
  // Throws LoadError when the library or the options are refused.
  explicit Harness(const std::filesystem::path& library, std::string_view options_yaml = "",
                   const std::filesystem::path& base_dir = std::filesystem::current_path());
  ~Harness();
  Harness(const Harness&) = delete;
  Harness& operator=(const Harness&) = delete;

  const PluginDescriptor& descriptor() const;

  // Source: every dossier it produces.
  std::vector<Dossier> ReadAll();
  // Transform or validator: the dossiers that came through (findings added
  // by validators); rejected ones are in quarantined().
  std::vector<Dossier> Run(std::vector<Dossier> dossiers);
  // Batch: the record set after the plugin.
  RecordSet RunBatch(RecordSet set);
  // Sink: writes everything, then commits.
  void Write(const std::vector<Dossier>& dossiers, const std::vector<SideTable>& tables = {});

  const std::vector<QuarantineEntry>& quarantined() const;
  // Messages the plugin logged, as "level: message".
  const std::vector<std::string>& log() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hoso
