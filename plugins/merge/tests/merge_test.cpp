// Golden records through the built plugin.
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

const std::string kPlugin = std::string(HOSO_PLUGIN_DIR) + "/merge.so";

hoso::Field F(std::string value, double confidence = 1.0, int64_t row = 1) {
  hoso::Field f;
  f.value = value;
  f.raw = std::move(value);
  f.confidence = confidence;
  f.provenance.file = "x.csv";
  f.provenance.row = row;
  return f;
}

hoso::Dossier Record(const std::string& source, const std::string& id, const std::string& member) {
  hoso::Dossier d;
  d.id = source + "#" + id;
  hoso::Provenance unit;
  unit.file = source + ".csv";
  d.units.push_back(unit);
  hoso::MemberRecord& r = d.records.emplace_back();
  r.source = source;
  r.id = id;
  r.member_id = member;
  return d;
}

hoso::RecordSet Merge(hoso::RecordSet set, const std::string& options = "") {
  hoso::Harness merge(kPlugin, options);
  return merge.RunBatch(std::move(set));
}

// Three records of member A (one a year-only date), one of B.
hoso::RecordSet Sample() {
  hoso::RecordSet set;
  set.dossiers.push_back(Record("export_2019", "HS-1", "HS-1"));
  set.dossiers.push_back(Record("legacy_vni", "LV-7", "HS-1"));
  set.dossiers.push_back(Record("export_2019", "HS-2", ""));
  set.dossiers.push_back(Record("ocr_dossiers", "OC-3", "HS-1"));
  auto& a1 = set.dossiers[0].records[0];
  a1.full_name = F("Nguyễn Văn Hùng", 1.0, 1);
  a1.family_name = F("Nguyễn");
  a1.given_name = F("Hùng");
  a1.birth_date = F("1975-09-14", 0.9);
  a1.party_unit = F("Chi bộ Khu dân cư số 3");
  a1.unit_codes["hometown.province"] = "36";
  a1.hometown = F("Hải Vân, Hải Hậu, Nam Định");
  auto& a2 = set.dossiers[1].records[0];
  a2.full_name = F("Nguyễn Văn Hùng", 0.7, 7);
  a2.birth_date = F("1975-04-09", 0.95);  // day and month swapped in the old database
  a2.party_unit = F("Chi bộ Tổ dân phố 5");
  auto& b = set.dossiers[2].records[0];
  b.full_name = F("Trần Thị Thu Hương");
  auto& a3 = set.dossiers[3].records[0];
  a3.full_name = F("Nguyễn Văn Hưng", 0.6, 3);  // OCR
  a3.birth_date = F("1975", 1.0);
  return set;
}

TEST(Merge, OneGoldenRecordBeforeTheMembersFirstRecord) {
  const hoso::RecordSet out = Merge(Sample());
  ASSERT_EQ(out.dossiers.size(), 4u);
  ASSERT_EQ(out.dossiers[0].records.size(), 2u);
  const hoso::MemberRecord& golden = out.dossiers[0].records[0];
  EXPECT_TRUE(golden.golden);
  EXPECT_EQ(golden.id, "HS-1");
  EXPECT_EQ(golden.member_id, "HS-1");
  EXPECT_EQ(out.dossiers[0].records[1].id, "HS-1");
  // B has one record: it is its own member, nothing added.
  EXPECT_EQ(out.dossiers[2].records.size(), 1u);
  EXPECT_FALSE(out.dossiers[2].records[0].golden);

  // Full name: two records agree, but highest confidence alone decides.
  EXPECT_EQ(golden.full_name.value, "Nguyễn Văn Hùng");
  EXPECT_EQ(golden.full_name.provenance.row, 1);
  EXPECT_EQ(golden.family_name.value, "Nguyễn");
  EXPECT_EQ(golden.origins.at("family_name").rule, "with full_name");
  const hoso::FieldOrigin& name = golden.origins.at("full_name");
  EXPECT_EQ(name.record_id, "HS-1");
  EXPECT_EQ(name.records_agreeing, 2);
  ASSERT_EQ(name.alternatives.size(), 1u);
  EXPECT_EQ(name.alternatives[0].value, "Nguyễn Văn Hưng");
  EXPECT_EQ(name.alternatives[0].record_id, "OC-3");

  // Birth date: the year-only date (confidence 1.0) is inside 1975-09-14
  // (0.9), so the two are one group, which beats the swapped date (0.95).
  EXPECT_EQ(golden.birth_date.value, "1975-09-14");
  EXPECT_EQ(golden.origins.at("birth_date").records_agreeing, 2);
  EXPECT_EQ(golden.unit_codes.at("hometown.province"), "36");

  std::vector<std::string> findings;
  for (const hoso::Finding& f : golden.findings) findings.push_back(f.rule_id + "@" + f.field);
  EXPECT_THAT(findings, ElementsAre("merge.disagreement@full_name", "merge.disagreement@birth_date",
                                    "merge.disagreement@party_unit"));
  EXPECT_EQ(golden.findings[1].message,
            "the member's records hold 2 different values; kept the one from export_2019/HS-1 "
            "(highest_confidence, 2 of 3 records agree); the others from legacy_vni/LV-7 (1 record)");
  // Findings never quote values.
  for (const hoso::Finding& f : golden.findings) {
    EXPECT_THAT(f.message, ::testing::Not(HasSubstr("Nguyễn")));
    EXPECT_THAT(f.message, ::testing::Not(HasSubstr("1975")));
  }
}

TEST(Merge, RulesPerFieldAndSourcePriority) {
  const hoso::RecordSet out =
      Merge(Sample(),
            "field_rules: {birth_date: source_priority, party_unit: most_recent, full_name: most_common}\n"
            "source_priority: [legacy_vni, export_2019]\n"
            "source_dates: {export_2019: 2019-06-30, legacy_vni: '1998'}\n");
  const hoso::MemberRecord& golden = out.dossiers[0].records[0];
  EXPECT_EQ(golden.birth_date.value, "1975-04-09");
  EXPECT_EQ(golden.origins.at("birth_date").rule, "source_priority");
  EXPECT_EQ(golden.party_unit.value, "Chi bộ Khu dân cư số 3");  // the 2019 export is newer
  EXPECT_EQ(golden.full_name.value, "Nguyễn Văn Hùng");          // 2 records against 1

  const hoso::RecordSet complete = Merge(Sample(), "default_rule: most_complete");
  EXPECT_EQ(complete.dossiers[0].records[0].party_unit.value, "Chi bộ Khu dân cư số 3");
}

TEST(Merge, AgreeingRecordsMakeNoFinding) {
  hoso::RecordSet set;
  set.dossiers.push_back(Record("a", "1", "1"));
  set.dossiers.push_back(Record("b", "2", "1"));
  set.dossiers[0].records[0].birth_date = F("1980");
  set.dossiers[1].records[0].birth_date = F("1980-03");
  set.dossiers[0].records[0].extra["chi_bo"] = F("Chi bộ 1");
  const hoso::RecordSet out = Merge(std::move(set));
  const hoso::MemberRecord& golden = out.dossiers[0].records[0];
  EXPECT_EQ(golden.birth_date.value, "1980-03");  // the more precise date
  EXPECT_EQ(golden.extra.at("chi_bo").value, "Chi bộ 1");
  EXPECT_EQ(golden.origins.at("extra.chi_bo").record_id, "1");
  EXPECT_THAT(golden.findings, IsEmpty());
}

TEST(Merge, RefusesBadOptionsNamingThem) {
  auto error = [](const std::string& options) -> std::string {
    try {
      Merge(hoso::RecordSet{}, options);
    } catch (const std::exception& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_THAT(error("field_rules: {birthdate: most_recent}"), HasSubstr("'birthdate'"));
  EXPECT_THAT(error("field_rules: {birth_date: newest}"), HasSubstr("unknown rule 'newest'"));
  EXPECT_THAT(error("source_dates: {a: 'June 2019'}"), HasSubstr("source_dates.a"));
}

}  // namespace

namespace {

TEST(Merge, SameValueInAPoorerFormIsNoDisagreement) {
  hoso::RecordSet set;
  set.dossiers.push_back(Record("legacy_ascii", "LG1", "M"));
  set.dossiers.push_back(Record("export_2019", "HS1", "M"));
  set.dossiers.push_back(Record("ocr", "OC1", "M"));
  auto& ascii = set.dossiers[0].records[0];
  auto& modern = set.dossiers[1].records[0];
  auto& ocr = set.dossiers[2].records[0];
  ascii.full_name = F("Nguyen Van Hung", 1.0);
  modern.full_name = F("Nguyễn Văn Hùng", 0.9);
  ascii.national_id = F("162034571");      // the old ID card
  modern.national_id = F("036075012345");  // the citizen ID that replaced it
  ascii.hometown = F("Hai Van, Hai Hau, Nam Dinh");
  ascii.unit_codes = {{"hometown.province", "36"}};
  modern.hometown = F("Xã Hải Vân, Huyện Hải Hậu, Tỉnh Nam Định");
  modern.unit_codes = {{"hometown.province", "36"}, {"hometown.commune", "13900"}};
  ocr.hometown = F("Hải Vân, Hải Hậu, Nam Định");  // not resolved: text only
  const hoso::RecordSet out = Merge(std::move(set));
  const hoso::MemberRecord& golden = out.dossiers[0].records[0];
  EXPECT_EQ(golden.full_name.value, "Nguyễn Văn Hùng");  // marks beat confidence
  EXPECT_EQ(golden.origins.at("full_name").records_agreeing, 2);
  EXPECT_EQ(golden.national_id.value, "036075012345");
  EXPECT_EQ(golden.hometown.value, "Xã Hải Vân, Huyện Hải Hậu, Tỉnh Nam Định");
  EXPECT_EQ(golden.unit_codes.at("hometown.commune"), "13900");
  // The OCR'd hometown has marks and no codes: it cannot be shown to be the
  // same place, so it stays an alternative.
  std::vector<std::string> fields;
  for (const hoso::Finding& f : golden.findings) fields.push_back(f.field);
  EXPECT_THAT(fields, ElementsAre("hometown"));
}

TEST(Merge, TwoNamesThatFoldAlikeStillDisagree) {
  hoso::RecordSet set;
  set.dossiers.push_back(Record("a", "1", "M"));
  set.dossiers.push_back(Record("b", "2", "M"));
  set.dossiers[0].records[0].full_name = F("Nguyễn Văn Hùng");
  set.dossiers[1].records[0].full_name = F("Nguyễn Văn Hưng");
  set.dossiers[0].records[0].national_id = F("036075012345");
  set.dossiers[1].records[0].national_id = F("036075012346");
  const hoso::RecordSet out = Merge(std::move(set));
  std::vector<std::string> fields;
  for (const hoso::Finding& f : out.dossiers[0].records[0].findings) fields.push_back(f.field);
  EXPECT_THAT(fields, ElementsAre("full_name", "national_id"));
}

}  // namespace
