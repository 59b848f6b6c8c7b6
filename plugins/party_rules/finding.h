// Findings of this plugin's rules, with the catalogue's default severity.
#pragma once

#include <string>
#include <vector>

#include "hoso/record.h"

namespace hoso::party_rules {

struct RuleSettings;

// Appends the finding unless the rule is disabled in `settings`.
void Report(const RuleSettings& settings, std::vector<Finding>& findings, const char* rule_id,
            std::string field, std::string message, std::string fix);

}  // namespace hoso::party_rules
