// Batch plugin: cross-record rules on members, after deduplication. One
// citizen ID or party card number belongs to one person; found on two
// members, either deduplication missed a match or one number is wrong.
#include <string>

#include "hoso/plugin.h"
#include "shared_values.h"

namespace hoso::member_conflicts {
namespace {

constexpr SharedValueRule kRules[] = {
    {"vn.members.shared_national_id", &MemberRecord::national_id, "national_id",
     "national ID number"},
    {"vn.members.shared_card_number", &MemberRecord::party_card_number, "party_card_number",
     "party card number"},
};

class MemberConflicts : public Batch {
 public:
  explicit MemberConflicts(const Options& options)
      : national_id_(options.Bool("national_id")), card_number_(options.Bool("card_number")) {}

  void Process(RecordSet& set, Context& ctx) override {
    // Counts only: the values are personal data.
    if (national_id_) {
      const size_t n = FlagSharedValues(set, kRules[0], Severity::kError);
      ctx.Log(LogLevel::kInfo, std::to_string(n) + " national ID numbers on more than one member");
    }
    if (card_number_) {
      const size_t n = FlagSharedValues(set, kRules[1], Severity::kError);
      ctx.Log(LogLevel::kInfo, std::to_string(n) + " party card numbers on more than one member");
    }
  }

 private:
  bool national_id_;
  bool card_number_;
};

constexpr OptionSpec kOptions[] = {
    {.name = "national_id",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "report a national ID number found on more than one member (vn.members.shared_national_id)"},
    {.name = "card_number",
     .type = OptionType::kBool,
     .default_value = "true",
     .help = "report a party card number found on more than one member (vn.members.shared_card_number)"},
};

}  // namespace
}  // namespace hoso::member_conflicts

HOSO_PLUGIN(hoso::MakeDescriptor<hoso::member_conflicts::MemberConflicts>(
    hoso::PluginKind::kBatch, "member_conflicts", "1.0.0",
    "Cross-record rules after deduplication: one ID or party card number on two members",
    hoso::member_conflicts::kOptions));
