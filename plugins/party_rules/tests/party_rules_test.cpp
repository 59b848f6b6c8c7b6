// Each rule once failing and once passing, through the built plugin.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hoso/harness.h"
#include "hoso/plugin.h"

namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::string kPlugin = std::string(HOSO_PLUGIN_DIR) + "/party_rules.so";
// A fixed day, so "future" means the same thing every time the test runs.
const std::string kToday = "today: '2026-11-27'\n";

hoso::Field MakeField(std::string value) {
  hoso::Field field;
  field.raw = value;
  field.value = std::move(value);
  return field;
}

// A member every rule accepts.
hoso::MemberRecord Member() {
  hoso::MemberRecord record;
  record.id = "HS-2019-0001";
  record.source = "members_2019";
  record.full_name = MakeField("Nguyễn Văn Hùng");
  record.birth_date = MakeField("1975-09-14");
  record.admission_date = MakeField("1998-02-03");
  record.official_date = MakeField("1999-02-03");
  record.party_card_number = MakeField("36.012345");
  return record;
}

std::vector<hoso::Finding> FindingsFor(hoso::MemberRecord record, const std::string& options = "") {
  hoso::Dossier dossier;
  dossier.id = record.id;
  hoso::Provenance unit;
  unit.file = "members_2019.csv";
  unit.row = 2;
  dossier.units.push_back(unit);
  dossier.records.push_back(std::move(record));
  hoso::Harness rules(kPlugin, kToday + options);
  std::vector<hoso::Dossier> out = rules.Run({std::move(dossier)});
  EXPECT_EQ(out.size(), 1u);
  if (out.empty() || out[0].records.empty()) return {};
  return out[0].records[0].findings;
}

std::vector<std::string> RulesOf(const std::vector<hoso::Finding>& findings) {
  std::vector<std::string> ids;
  for (const hoso::Finding& f : findings) ids.push_back(f.rule_id + "@" + f.field);
  return ids;
}

TEST(PartyRules, AcceptsAConsistentMember) { EXPECT_THAT(FindingsFor(Member()), IsEmpty()); }

TEST(PartyRules, DateAfterTheRunIsAnError) {
  hoso::MemberRecord r = Member();
  r.official_date = MakeField("2027-01");
  r.admission_date = MakeField("2026-01");
  const auto findings = FindingsFor(r);
  EXPECT_THAT(RulesOf(findings), ElementsAre("vn.dates.future@official_date"));
  EXPECT_EQ(findings[0].severity, hoso::Severity::kError);
  // The same month as today is not after it at month precision.
  r.official_date = MakeField("2026-11");
  r.admission_date = MakeField("2025-11");
  EXPECT_THAT(FindingsFor(r), IsEmpty());
}

TEST(PartyRules, DatesOutOfOrder) {
  hoso::MemberRecord r = Member();
  r.admission_date = MakeField("1999-03-01");  // after the official date
  EXPECT_THAT(RulesOf(FindingsFor(r)), ElementsAre("vn.dates.order@official_date"));
  r = Member();
  r.birth_date = MakeField("1998");  // the admission year: not after it
  r.admission_date = MakeField("1998-02-03");
  EXPECT_THAT(RulesOf(FindingsFor(r)),
              ElementsAre("vn.dates.order@admission_date", "vn.party.admission_age@admission_date"));
}

TEST(PartyRules, AdmissionAgeCountsBirthdays) {
  hoso::MemberRecord r = Member();
  r.birth_date = MakeField("1980-02-04");  // 18 the day after admission
  EXPECT_THAT(RulesOf(FindingsFor(r)), ElementsAre("vn.party.admission_age@admission_date"));
  r.birth_date = MakeField("1980-02-03");  // 18 that very day
  EXPECT_THAT(FindingsFor(r), IsEmpty());
  // Year only: 1980 -> 1998 may be 17 or 18, so nothing is said.
  r.birth_date = MakeField("1980");
  EXPECT_THAT(FindingsFor(r), IsEmpty());
  r.birth_date = MakeField("1981");  // 16 or 17: certainly too young
  EXPECT_THAT(RulesOf(FindingsFor(r)), ElementsAre("vn.party.admission_age@admission_date"));
  // The age is an option.
  EXPECT_THAT(FindingsFor(r, "admission_min_age: 16"), IsEmpty());
}

TEST(PartyRules, ProbationOfAboutTwelveMonths) {
  hoso::MemberRecord r = Member();
  r.official_date = MakeField("1999-06-03");  // 16 months
  const auto findings = FindingsFor(r);
  EXPECT_THAT(RulesOf(findings), ElementsAre("vn.party.probation_length@official_date"));
  EXPECT_THAT(findings[0].message, HasSubstr("16 months"));
  EXPECT_EQ(findings[0].severity, hoso::Severity::kWarning);
  EXPECT_THAT(FindingsFor(r, "probation_tolerance_months: 4"), IsEmpty());
  r.official_date = MakeField("1999-03-02");  // 12 full months, a day short of 13
  EXPECT_THAT(FindingsFor(r), IsEmpty());
  r.official_date = MakeField("1999");  // year only: nothing to measure
  EXPECT_THAT(FindingsFor(r), IsEmpty());
}

TEST(PartyRules, AdmissionBeforeThePartyExisted) {
  hoso::MemberRecord r = Member();
  r.birth_date = MakeField("1905");
  r.admission_date = MakeField("1929-05");
  r.official_date = MakeField("1930-05");
  EXPECT_THAT(RulesOf(FindingsFor(r)), ElementsAre("vn.party.admission_before_founding@admission_date"));
  r.birth_date = MakeField("1889");
  EXPECT_THAT(RulesOf(FindingsFor(r)), ElementsAre("vn.dates.birth_range@birth_date",
                                                   "vn.party.admission_before_founding@admission_date"));
}

TEST(PartyRules, OfficialDateWithoutAdmission) {
  hoso::MemberRecord r = Member();
  r.admission_date = hoso::Field{};
  EXPECT_THAT(RulesOf(FindingsFor(r)),
              ElementsAre("vn.party.official_without_admission@admission_date"));
  // An admission date normalize_vi could not read is its finding, not this one.
  r.admission_date.raw = "31/02/98";
  EXPECT_THAT(FindingsFor(r), IsEmpty());
}

TEST(PartyRules, CardNumberForm) {
  hoso::MemberRecord r = Member();
  r.party_card_number = MakeField("36.O12345");  // OCR's O for 0
  EXPECT_THAT(RulesOf(FindingsFor(r)), ElementsAre("vn.party.card_number_format@party_card_number"));
  EXPECT_THAT(FindingsFor(r, "card_number_pattern: '[0-9]{2}\\.[0-9O]{6}'"), IsEmpty());
  EXPECT_THAT(FindingsFor(r, "card_number_pattern: ''"), IsEmpty());
}

TEST(PartyRules, NamesWithDigitsOrLegacyBytes) {
  hoso::MemberRecord r = Member();
  r.full_name = MakeField("Nguyễn Văn Hùng 2");
  EXPECT_THAT(RulesOf(FindingsFor(r)), ElementsAre("vn.name.digits@full_name"));
  r.full_name = MakeField("Nguy\u00D4n V\u00A8n H\u00F1ng");  // TCVN3 read as Windows-1252
  const auto findings = FindingsFor(r);
  EXPECT_THAT(RulesOf(findings), ElementsAre("vn.name.mojibake@full_name"));
  // Findings never quote the value.
  EXPECT_THAT(findings[0].message, ::testing::Not(HasSubstr("Nguy")));
  r.full_name = MakeField("Nguye\u0302\u0303n Va\u0306n");  // NFD left over
  EXPECT_THAT(RulesOf(FindingsFor(r)), ElementsAre("vn.name.mojibake@full_name"));
  // Vietnamese letters from Latin-1 and the apostrophe of minority names are fine.
  r.full_name = MakeField("H\u2019Hen Ni\u00EA \u00C1nh");
  EXPECT_THAT(FindingsFor(r), IsEmpty());
}

TEST(PartyRules, DisabledRulesSayNothing) {
  hoso::MemberRecord r = Member();
  r.full_name = MakeField("Nguyễn Văn 2");
  EXPECT_THAT(FindingsFor(r, "disable: [vn.name.digits]"), IsEmpty());
}

TEST(PartyRules, RefusesBadOptionsNamingThem) {
  auto error = [](const std::string& options) -> std::string {
    try {
      hoso::Harness rules(kPlugin, options);
      rules.Run({});
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_THAT(error("disable: [vn.name.digit]"), HasSubstr("no rule 'vn.name.digit'"));
  EXPECT_THAT(error("card_number_pattern: '[0-9'"), HasSubstr("card_number_pattern"));
  EXPECT_THAT(error("today: '2026-02-30'"), HasSubstr("today"));
  EXPECT_THAT(error("admission_min_age: -1"), HasSubstr("admission_min_age"));
}

}  // namespace
