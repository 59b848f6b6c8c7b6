#include "rules.h"

namespace hoso::party_rules {

const std::vector<RuleInfo>& RuleCatalogue() {
  static const std::vector<RuleInfo> rules = {
      {"vn.dates.future", Severity::kError, "",
       "a birth, admission or official date after the day of the run"},
      {"vn.dates.order", Severity::kError, "",
       "birth before admission, admission on or before the official date"},
      {"vn.dates.birth_range", Severity::kWarning, "birth_date", "birth year before 1900"},
      {"vn.party.admission_before_founding", Severity::kError, "admission_date",
       "admission before the Party was founded (1930-02-03)"},
      {"vn.party.admission_age", Severity::kError, "admission_date",
       "younger than admission_min_age (18) on the admission date"},
      {"vn.party.probation_length", Severity::kWarning, "official_date",
       "official date not probation_months (12) after admission, within the tolerance"},
      {"vn.party.official_without_admission", Severity::kWarning, "admission_date",
       "an official date but no admission date"},
      {"vn.party.card_number_format", Severity::kWarning, "party_card_number",
       "party card number not of the form card_number_pattern"},
      {"vn.name.digits", Severity::kError, "full_name", "digits in the name"},
      {"vn.name.mojibake", Severity::kError, "full_name",
       "characters legacy encodings leave behind (§, ¸, Ç, control characters, U+FFFD, "
       "combining marks)"},
  };
  return rules;
}

}  // namespace hoso::party_rules
