#include <regex>

#include "finding.h"
#include "rules.h"

namespace hoso::party_rules {

void CheckPartyCard(const MemberRecord& record, const RuleSettings& settings,
                    std::vector<Finding>& findings) {
  if (!settings.check_card_number || record.party_card_number.empty()) return;
  if (std::regex_match(record.party_card_number.value, settings.card_number)) return;
  Report(settings, findings, "vn.party.card_number_format", "party_card_number",
         "party card number is not of the configured form (card_number_pattern)",
         "re-read the number from the party card; OCR confuses 0/O and 1/l");
}

}  // namespace hoso::party_rules
