// Test batch plugin: counts what reached the barrier into a side table, and
// can drop the first dossier with or without quarantining it.
#include "hoso/plugin.h"

namespace {

class TallyBatch : public hoso::Batch {
 public:
  explicit TallyBatch(const hoso::Options& o) : drop_(o.String("drop_first")) {}
  void Process(hoso::RecordSet& set, hoso::Context& ctx) override {
    if (drop_ != "no" && !set.dossiers.empty()) {
      if (drop_ == "quarantine") {
        for (const auto& unit : set.dossiers.front().units) ctx.Quarantine(unit, "", "dropped by tally_batch");
      }
      set.dossiers.erase(set.dossiers.begin());
    }
    hoso::SideTable table;
    table.name = "tally";
    table.columns = {"dossiers"};
    table.rows.push_back({hoso::Cell(static_cast<int64_t>(set.dossiers.size()))});
    set.tables.push_back(table);
  }

 private:
  std::string drop_;
};

constexpr hoso::OptionSpec kOptions[] = {
    {.name = "drop_first", .type = hoso::OptionType::kEnum, .default_value = "no",
     .help = "drop the first dossier", .choices = "no|quarantine|silently"},
};

}  // namespace

HOSO_PLUGIN(hoso::MakeDescriptor<TallyBatch>(hoso::PluginKind::kBatch, "tally_batch", "1.0.0",
                                             "Test batch plugin", kOptions));
