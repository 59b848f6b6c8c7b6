// The record rules of party_rules: each looks at one member record and says
// what is wrong with it, never what the values are (findings reach logs and
// reports; the values stay in the handbook).
#pragma once

#include <regex>
#include <string>
#include <vector>

#include "hoso/record.h"
#include "partial_date.h"

namespace hoso::party_rules {

struct RuleInfo {
  const char* id;
  Severity severity;  // default; the pipeline file may change it
  const char* field;  // the field a finding names; "" when it varies
  const char* summary;
};

// Every rule this plugin can emit, for --help and docs/rules.md.
const std::vector<RuleInfo>& RuleCatalogue();

struct RuleSettings {
  PartialDate today;
  int admission_min_age = 18;
  int probation_months = 12;
  int probation_tolerance_months = 2;
  std::regex card_number;  // party_card_number must match it whole
  bool check_card_number = true;
  std::vector<std::string> disabled;  // rule ids not run
};

void CheckDates(const MemberRecord& record, const RuleSettings& settings,
                std::vector<Finding>& findings);
void CheckPartyCard(const MemberRecord& record, const RuleSettings& settings,
                    std::vector<Finding>& findings);
void CheckName(const MemberRecord& record, const RuleSettings& settings,
               std::vector<Finding>& findings);

}  // namespace hoso::party_rules
