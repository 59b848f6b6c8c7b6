// Test streaming batch plugin: remembers each dossier it observes (id and a
// digest of its records), checks that the second pass gives back exactly
// those, in order, and names each record's member by pairs of dossiers. It
// can drop the first dossier (quarantining it) and fail in any of its steps.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "hoso/plugin.h"

namespace {

std::string Digest(const hoso::Dossier& d) {
  std::string digest = d.id;
  for (const hoso::Provenance& unit : d.units) digest += "|" + unit.Describe();
  for (const hoso::MemberRecord& r : d.records) {
    digest += "|" + r.id + "/" + r.full_name.value + "/" + r.full_name.raw;
    for (const hoso::Finding& f : r.findings) digest += "/" + f.rule_id;
  }
  return digest;
}

class TwoPassBatch : public hoso::StreamingBatch {
 public:
  explicit TwoPassBatch(const hoso::Options& o)
      : drop_first_(o.Bool("drop_first")),
        expect_spill_(o.Bool("expect_spill")),
        fail_in_(o.String("fail_in")) {}

  void Observe(const hoso::Dossier& dossier, hoso::Context&) override {
    if (decided_) throw std::logic_error("observed after deciding");
    if (fail_in_ == "observe" && seen_.size() == 3) throw std::runtime_error("simulated observe failure");
    seen_.push_back(Digest(dossier));
  }

  void Decide(std::vector<hoso::SideTable>& tables, hoso::Context&) override {
    if (fail_in_ == "decide") throw std::runtime_error("simulated decide failure");
    // The host parks the batch in an unlinked file of its own while the
    // plugin decides; an in-memory batch would pass every other check here.
    if (expect_spill_ && !SpillFileOpen()) throw std::logic_error("no spill file is open while deciding");
    decided_ = true;
    hoso::SideTable table;
    table.name = "two_pass";
    table.columns = {"dossiers"};
    table.rows.push_back({hoso::Cell(static_cast<int64_t>(seen_.size()))});
    tables.push_back(table);
  }

  bool Apply(hoso::Dossier& dossier, hoso::Context& ctx) override {
    if (!decided_) throw std::logic_error("applied before deciding");
    if (fail_in_ == "apply" && applied_ == 3) throw std::runtime_error("simulated apply failure");
    if (applied_ >= seen_.size() || seen_[applied_] != Digest(dossier)) {
      throw std::logic_error("second pass differs from the first at dossier " +
                             std::to_string(applied_ + 1));
    }
    const size_t n = applied_++;
    if (drop_first_ && n == 0) {
      for (const hoso::Provenance& unit : dossier.units) ctx.Quarantine(unit, "", "dropped by two_pass_batch");
      return false;
    }
    for (hoso::MemberRecord& r : dossier.records) r.full_name.value += " m" + std::to_string(n / 2);
    return true;
  }

 private:
  static bool SpillFileOpen() {
    for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
      std::error_code ec;
      const std::string target = std::filesystem::read_symlink(fd.path(), ec).string();
      if (!ec && target.find(".hoso-batch-spill-") != std::string::npos &&
          target.ends_with(" (deleted)")) {
        return true;
      }
    }
    return false;
  }

  bool drop_first_;
  bool expect_spill_;
  std::string fail_in_;
  std::vector<std::string> seen_;
  size_t applied_ = 0;
  bool decided_ = false;
};

constexpr hoso::OptionSpec kOptions[] = {
    {.name = "drop_first", .type = hoso::OptionType::kBool, .default_value = "false",
     .help = "quarantine and drop the first dossier"},
    {.name = "expect_spill", .type = hoso::OptionType::kBool, .default_value = "false",
     .help = "fail unless the host holds an unlinked spill file while Decide runs"},
    {.name = "fail_in", .type = hoso::OptionType::kEnum, .default_value = "none",
     .help = "throw in this step", .choices = "none|observe|decide|apply"},
};

}  // namespace

HOSO_PLUGIN(hoso::MakeDescriptor<TwoPassBatch>(hoso::PluginKind::kBatch, "two_pass_batch", "1.0.0",
                                               "Test streaming batch plugin", kOptions));
