// The Context the host hands to plugins, and how one plugin call is applied
// to a dossier. Shared by the runner and the harness so both behave alike.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "hoso/context.h"
#include "hoso/harness.h"
#include "hoso/plugin.h"

namespace hoso::internal {

class PluginLibrary;

using QuarantineTarget = std::function<void(QuarantineEntry)>;
using LogTarget = std::function<void(LogLevel, const std::string& stage, std::string_view)>;

class HostContext : public Context {
 public:
  HostContext(QuarantineTarget quarantine, LogTarget log, std::filesystem::path base_dir,
              uint64_t seed, int worker)
      : quarantine_(std::move(quarantine)),
        log_(std::move(log)),
        base_dir_(std::move(base_dir)),
        seed_(seed),
        worker_(worker) {}

  // The stage whose plugin is about to be called: quarantine entries and log
  // lines are attributed to it.
  void SetStage(std::string label, std::string plugin, std::string version) {
    stage_ = std::move(label);
    plugin_ = std::move(plugin);
    version_ = std::move(version);
  }

  void Quarantine(const Provenance& unit, std::string_view original,
                  std::string_view reason) override;
  void Log(LogLevel level, std::string_view message) override { log_(level, stage_, message); }
  const std::filesystem::path& BaseDir() const override { return base_dir_; }
  int Worker() const override { return worker_; }
  uint64_t Seed() const override { return seed_; }

  // Units the plugin quarantined since the last call, so the host can take
  // them out of the dossier's accounting.
  std::vector<Provenance> TakeQuarantinedUnits() { return std::exchange(quarantined_units_, {}); }

 private:
  QuarantineTarget quarantine_;
  LogTarget log_;
  std::filesystem::path base_dir_;
  uint64_t seed_;
  int worker_;
  std::string stage_, plugin_, version_;
  std::vector<Provenance> quarantined_units_;
};

// Every unit of the dossier goes to quarantine with `reason`.
void QuarantineDossier(const Dossier& dossier, HostContext& ctx, const std::string& reason);

// Calls a transform or validator on one dossier. An exception from the plugin
// quarantines the whole dossier and returns false; units the plugin
// quarantined itself leave the dossier's accounting.
bool ApplyStage(PluginKind kind, Plugin& plugin, Dossier& dossier, HostContext& ctx);

// Pulls one dossier from a source. Returns false at the end; a source that
// throws is reported through ctx (one quarantine entry naming the reason) and
// treated as ended.
bool PullSource(Source& source, const std::string& label, Dossier& out, HostContext& ctx);

bool SameUnit(const Provenance& a, const Provenance& b);

}  // namespace hoso::internal
