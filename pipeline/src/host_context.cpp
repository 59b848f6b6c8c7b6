#include "host_context.h"

#include <algorithm>

namespace hoso::internal {

void HostContext::Quarantine(const Provenance& unit, std::string_view original,
                             std::string_view reason) {
  QuarantineEntry entry;
  entry.unit = unit;
  entry.stage = stage_;
  entry.plugin = plugin_;
  entry.plugin_version = version_;
  entry.reason = std::string(reason);
  entry.original = std::string(original);
  quarantine_(std::move(entry));
  quarantined_units_.push_back(unit);
}

bool SameUnit(const Provenance& a, const Provenance& b) {
  return a.file == b.file && a.page == b.page && a.row == b.row;
}

void QuarantineDossier(const Dossier& dossier, HostContext& ctx, const std::string& reason) {
  for (const Provenance& unit : dossier.units) ctx.Quarantine(unit, dossier.original, reason);
  ctx.TakeQuarantinedUnits();
}

namespace {

// Units the plugin quarantined itself before failing are already accounted
// for: take them out so the rest of the dossier is quarantined only once.
// Returns whether any unit left the dossier.
bool DropQuarantinedUnits(Dossier& dossier, HostContext& ctx) {
  bool dropped = false;
  for (const Provenance& unit : ctx.TakeQuarantinedUnits()) {
    auto it = std::find_if(dossier.units.begin(), dossier.units.end(),
                           [&](const Provenance& u) { return SameUnit(u, unit); });
    if (it != dossier.units.end()) {
      dossier.units.erase(it);
      dropped = true;
    }
  }
  return dropped;
}

}  // namespace

bool ApplyStage(PluginKind kind, Plugin& plugin, Dossier& dossier, HostContext& ctx) {
  std::string failure;
  try {
    if (kind == PluginKind::kTransform) {
      static_cast<Transform&>(plugin).Process(dossier, ctx);
    } else if (kind == PluginKind::kValidator) {
      auto& validator = static_cast<Validator&>(plugin);
      std::vector<Finding> findings;
      for (MemberRecord& record : dossier.records) {
        findings.clear();
        validator.Validate(record, findings, ctx);
        record.findings.insert(record.findings.end(), std::make_move_iterator(findings.begin()),
                               std::make_move_iterator(findings.end()));
      }
    }
  } catch (const Rejection& e) {
    failure = std::string("rejected: ") + e.what();
  } catch (const std::exception& e) {
    failure = std::string("plugin failed: ") + e.what();
  } catch (...) {
    failure = "plugin failed: unknown exception";
  }
  const bool dropped = DropQuarantinedUnits(dossier, ctx);
  if (!failure.empty()) {
    QuarantineDossier(dossier, ctx, failure);
    return false;
  }
  // The plugin quarantined every unit (all pages unreadable, say): nothing
  // is left to carry on.
  return !(dropped && dossier.units.empty());
}

bool PullSource(Source& source, const std::string& label, Dossier& out, HostContext& ctx) {
  out = Dossier();
  try {
    return source.Next(out, ctx);
  } catch (const std::exception& e) {
    Provenance unit;
    unit.file = label;
    ctx.Quarantine(unit, "", std::string("source failed, rest of this source skipped: ") + e.what());
    ctx.Log(LogLevel::kError, std::string("source failed: ") + e.what());
  } catch (...) {
    Provenance unit;
    unit.file = label;
    ctx.Quarantine(unit, "", "source failed with an unknown exception");
  }
  return false;
}

}  // namespace hoso::internal
