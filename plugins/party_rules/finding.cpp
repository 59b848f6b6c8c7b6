#include "finding.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "rules.h"

namespace hoso::party_rules {

void Report(const RuleSettings& settings, std::vector<Finding>& findings, const char* rule_id,
            std::string field, std::string message, std::string fix) {
  if (std::find(settings.disabled.begin(), settings.disabled.end(), rule_id) !=
      settings.disabled.end()) {
    return;
  }
  for (const RuleInfo& rule : RuleCatalogue()) {
    if (std::strcmp(rule.id, rule_id) != 0) continue;
    findings.push_back(Finding{.rule_id = rule_id,
                               .severity = rule.severity,
                               .field = std::move(field),
                               .message = std::move(message),
                               .suggested_fix = std::move(fix)});
    return;
  }
  throw std::logic_error(std::string("rule ") + rule_id + " is not in the catalogue");
}

}  // namespace hoso::party_rules
