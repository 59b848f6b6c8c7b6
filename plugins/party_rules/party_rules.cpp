// Validator plugin: the rules of the Party's records — dates in order and in
// the past, admission at 18 or older, a probation of about twelve months, a
// party card number of the expected form, names without digits or leftover
// legacy bytes. Rule ids, default severities and examples: docs/rules.md.
#include <chrono>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include "hoso/plugin.h"
#include "partial_date.h"
#include "rules.h"

namespace hoso::party_rules {
namespace {

PartialDate Today(const std::string& option) {
  if (!option.empty()) {
    const std::optional<PartialDate> date = ParsePartialDate(option);
    if (!date || date->day == 0) {
      throw std::invalid_argument("today: '" + option + "' is not a date of the form YYYY-MM-DD");
    }
    return *date;
  }
  const std::chrono::year_month_day ymd{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  return PartialDate{static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
                     static_cast<int>(unsigned(ymd.day()))};
}

RuleSettings SettingsFrom(const Options& options) {
  RuleSettings settings;
  settings.today = Today(options.String("today"));
  settings.admission_min_age = static_cast<int>(options.Int("admission_min_age"));
  settings.probation_months = static_cast<int>(options.Int("probation_months"));
  settings.probation_tolerance_months = static_cast<int>(options.Int("probation_tolerance_months"));
  const std::string pattern = options.String("card_number_pattern");
  settings.check_card_number = !pattern.empty();
  if (settings.check_card_number) {
    try {
      settings.card_number = std::regex(pattern, std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      throw std::invalid_argument("card_number_pattern: '" + pattern +
                                  "' is not a regular expression: " + e.what());
    }
  }
  for (const std::string& id : options.List("disable")) {
    bool known = false;
    for (const RuleInfo& rule : RuleCatalogue()) known = known || id == rule.id;
    if (!known) {
      std::string ids;
      for (const RuleInfo& rule : RuleCatalogue()) ids += std::string(ids.empty() ? "" : ", ") + rule.id;
      throw std::invalid_argument("disable: no rule '" + id + "' in party_rules; its rules: " + ids);
    }
    settings.disabled.push_back(id);
  }
  return settings;
}

class PartyRules : public Validator {
 public:
  explicit PartyRules(const Options& options) : settings_(SettingsFrom(options)) {}

  void Validate(const MemberRecord& record, std::vector<Finding>& findings, Context& ctx) override {
    (void)ctx;
    CheckDates(record, settings_, findings);
    CheckPartyCard(record, settings_, findings);
    CheckName(record, settings_, findings);
  }

 private:
  RuleSettings settings_;
};

constexpr OptionSpec kOptions[] = {
    {.name = "today",
     .type = OptionType::kString,
     .default_value = "''",
     .help = "the day dates may not pass, YYYY-MM-DD; empty: the day of the run (UTC)"},
    {.name = "admission_min_age",
     .type = OptionType::kInt,
     .default_value = "18",
     .help = "youngest age at admission the Party's charter allows",
     .min = 0,
     .max = 100},
    {.name = "probation_months",
     .type = OptionType::kInt,
     .default_value = "12",
     .help = "months from admission to the official date",
     .min = 0,
     .max = 120},
    {.name = "probation_tolerance_months",
     .type = OptionType::kInt,
     .default_value = "2",
     .help = "how far the probation may differ from probation_months before it is reported",
     .min = 0,
     .max = 120},
    {.name = "card_number_pattern",
     .type = OptionType::kString,
     .default_value = "'[0-9]{2}\\.[0-9]{6}'",
     .help = "regular expression (ECMAScript) a party card number must match whole; empty: not checked"},
    {.name = "disable",
     .type = OptionType::kStringList,
     .default_value = "[]",
     .help = "rule ids of this plugin not to run"},
};

}  // namespace
}  // namespace hoso::party_rules

HOSO_PLUGIN(hoso::MakeDescriptor<hoso::party_rules::PartyRules>(
    hoso::PluginKind::kValidator, "party_rules", "1.0.0",
    "Party record rules: date order and range, admission age, probation, card number, names",
    hoso::party_rules::kOptions));
