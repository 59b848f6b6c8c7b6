// Test transform: takes a varying time per dossier (so workers finish out of
// order), fails or rejects chosen records, and tags the worker-independent
// result so output order can be checked.
#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "hoso/plugin.h"

namespace {

class JitterTransform : public hoso::Transform {
 public:
  explicit JitterTransform(const hoso::Options& o)
      : fail_(o.List("fail_ids")),
        reject_(o.List("reject_ids")),
        partial_(o.List("partial_ids")),
        all_units_(o.List("quarantine_all_ids")),
        sleep_us_(o.Int("sleep_us")) {}

  void Process(hoso::Dossier& dossier, hoso::Context& ctx) override {
    const size_t h = std::hash<std::string>{}(dossier.id);
    if (sleep_us_ > 0) std::this_thread::sleep_for(std::chrono::microseconds(h % sleep_us_));
    if (std::find(fail_.begin(), fail_.end(), dossier.id) != fail_.end()) {
      throw std::runtime_error("simulated failure");
    }
    if (std::find(all_units_.begin(), all_units_.end(), dossier.id) != all_units_.end()) {
      // Every page unreadable, say: all units quarantined, no exception.
      for (const auto& unit : dossier.units) ctx.Quarantine(unit, "", "unit unreadable");
      return;
    }
    if (std::find(partial_.begin(), partial_.end(), dossier.id) != partial_.end()) {
      // Quarantines one unit itself, then gives up on the dossier.
      ctx.Quarantine(dossier.units.front(), dossier.original, "first unit refused");
      throw hoso::Rejection("rest refused");
    }
    if (std::find(reject_.begin(), reject_.end(), dossier.id) != reject_.end()) {
      throw hoso::Rejection("simulated rejection");
    }
    for (hoso::MemberRecord& r : dossier.records) {
      r.extra["seen"].value = "yes";
      hoso::Finding f;
      f.rule_id = "test.seen";
      f.severity = hoso::Severity::kInfo;
      f.field = "full_name";
      f.message = "seen by jitter_transform";
      r.findings.push_back(f);
    }
  }

 private:
  std::vector<std::string> fail_, reject_, partial_, all_units_;
  int64_t sleep_us_;
};

constexpr hoso::OptionSpec kOptions[] = {
    {.name = "fail_ids", .type = hoso::OptionType::kStringList, .default_value = "[]", .help = "ids that throw"},
    {.name = "reject_ids", .type = hoso::OptionType::kStringList, .default_value = "[]", .help = "ids that are rejected"},
    {.name = "partial_ids", .type = hoso::OptionType::kStringList, .default_value = "[]", .help = "ids that quarantine a unit, then are rejected"},
    {.name = "quarantine_all_ids", .type = hoso::OptionType::kStringList, .default_value = "[]", .help = "ids whose units are all quarantined without an exception"},
    {.name = "sleep_us", .type = hoso::OptionType::kInt, .default_value = "0", .help = "max sleep per dossier", .min = 0, .max = 1000000},
    {.name = "mode", .type = hoso::OptionType::kEnum, .default_value = "fast", .help = "unused", .choices = "fast|slow"},
    {.name = "ratio", .type = hoso::OptionType::kDouble, .default_value = "0.5", .help = "unused", .min = 0, .max = 1},
};

}  // namespace

HOSO_PLUGIN(hoso::MakeDescriptor<JitterTransform>(hoso::PluginKind::kTransform, "jitter_transform",
                                                  "1.0.0", "Test transform with jitter", kOptions));
