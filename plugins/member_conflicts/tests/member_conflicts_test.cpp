// Through the built plugin: shared numbers across members, not within one.
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

const std::string kPlugin = std::string(HOSO_PLUGIN_DIR) + "/member_conflicts.so";

hoso::Dossier Record(const std::string& id, const std::string& member, const std::string& cccd,
                     const std::string& card) {
  hoso::Dossier dossier;
  dossier.id = id;
  hoso::Provenance unit;
  unit.file = "members.csv";
  dossier.units.push_back(unit);
  hoso::MemberRecord& r = dossier.records.emplace_back();
  r.id = id;
  r.member_id = member;
  r.national_id.value = cccd;
  r.party_card_number.value = card;
  return dossier;
}

std::vector<std::string> FindingsOf(const hoso::RecordSet& set, size_t i) {
  std::vector<std::string> out;
  for (const hoso::Finding& f : set.dossiers[i].records[0].findings) out.push_back(f.rule_id + ": " + f.message);
  return out;
}

TEST(MemberConflicts, FlagsNumbersSharedByMembersNotByRecordsOfOneMember) {
  hoso::RecordSet set;
  set.dossiers.push_back(Record("A1", "A1", "036075012345", "36.012345"));
  set.dossiers.push_back(Record("A2", "A1", "036075012345", "36.012345"));  // same member: fine
  set.dossiers.push_back(Record("B1", "B1", "036075012345", "40.020871"));  // CCCD of A
  set.dossiers.push_back(Record("C1", "C1", "001190000001", "40.020871"));  // card of B
  set.dossiers.push_back(Record("D1", "D1", "", ""));
  hoso::Harness batch(kPlugin);
  const hoso::RecordSet out = batch.RunBatch(std::move(set));

  const std::string id_msg =
      "vn.members.shared_national_id: the same national ID number is on 1 other member";
  EXPECT_THAT(FindingsOf(out, 0), ElementsAre(id_msg + " (B1)"));
  EXPECT_THAT(FindingsOf(out, 1), ElementsAre(id_msg + " (B1)"));
  EXPECT_THAT(FindingsOf(out, 2),
              ElementsAre(id_msg + " (A1)",
                          "vn.members.shared_card_number: the same party card number is on 1 "
                          "other member (C1)"));
  EXPECT_THAT(FindingsOf(out, 3), ElementsAre("vn.members.shared_card_number: the same party "
                                              "card number is on 1 other member (B1)"));
  EXPECT_THAT(FindingsOf(out, 4), IsEmpty());
  EXPECT_EQ(out.dossiers[2].records[0].findings[0].severity, hoso::Severity::kError);
  // The log counts; it never quotes a number.
  EXPECT_THAT(batch.log(), ::testing::Contains(HasSubstr("1 national ID numbers on more than one member")));
  for (const std::string& line : batch.log()) EXPECT_THAT(line, ::testing::Not(HasSubstr("036075")));
}

TEST(MemberConflicts, NamesAFewMembersAndCountsTheRest) {
  hoso::RecordSet set;
  for (int i = 0; i < 6; ++i) {
    const std::string id = "M" + std::to_string(i);
    set.dossiers.push_back(Record(id, id, "", "36.000001"));
  }
  hoso::Harness batch(kPlugin, "national_id: false");
  const hoso::RecordSet out = batch.RunBatch(std::move(set));
  EXPECT_THAT(FindingsOf(out, 0), ElementsAre("vn.members.shared_card_number: the same party card "
                                              "number is on 5 other members (M1, M2, M3, …)"));
  EXPECT_THAT(FindingsOf(out, 3), ElementsAre("vn.members.shared_card_number: the same party card "
                                              "number is on 5 other members (M0, M1, M2, …)"));
}

}  // namespace
