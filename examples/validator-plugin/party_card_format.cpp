// Example validator: a party card number ("36.012345") has `digits` digits.
#include <algorithm>
#include <string>
#include <vector>

#include <hoso/plugin.h>

class PartyCardFormat : public hoso::Validator {
 public:
  explicit PartyCardFormat(const hoso::Options& o)
      : digits_(o.Int("digits")),
        severity_(o.String("severity") == "error" ? hoso::Severity::kError : hoso::Severity::kWarning) {}

  void Validate(const hoso::MemberRecord& r, std::vector<hoso::Finding>& out, hoso::Context&) override {
    if (r.party_card_number.empty()) return;  // absence is required_fields' business
    std::string s = r.party_card_number.value;
    std::erase_if(s, [](char c) { return c == '.' || c == ' ' || c == '-'; });  // separators
    if (std::ranges::all_of(s, [](char c) { return c >= '0' && c <= '9'; }) && std::ssize(s) == digits_) return;
    out.push_back({.rule_id = "vn.party.card_format", .severity = severity_, .field = "party_card_number",
                   .message = "party card number does not have " + std::to_string(digits_) + " digits",
                   .suggested_fix = "re-read the number from the party card or the admission decision"});
  }

 private:
  int64_t digits_;
  hoso::Severity severity_;
};

constexpr hoso::OptionSpec kOptions[] = {
    {.name = "digits", .type = hoso::OptionType::kInt, .default_value = "8", .help = "digits in a card number",
     .min = 4, .max = 20},
    {.name = "severity", .type = hoso::OptionType::kEnum, .default_value = "warning", .choices = "warning|error"}};

HOSO_PLUGIN(hoso::MakeDescriptor<PartyCardFormat>(hoso::PluginKind::kValidator, "party_card_format", "1.0.0",
                                                  "Checks the digit count of party card numbers", kOptions));
