// Unit test of examples/validator-plugin with hoso::Harness; run it from the
// example's directory, after building the plugin into build/ there.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <hoso/harness.h>

namespace {

constexpr const char* kPlugin = "build/plugins/party_card_format.so";

hoso::Dossier OneMember(const std::string& card) {
  hoso::Dossier dossier;
  dossier.id = "test-1";
  hoso::MemberRecord& record = dossier.records.emplace_back();
  record.id = "test-1";
  record.full_name.value = "Nguyễn Văn An";
  record.party_card_number.value = card;
  return dossier;
}

TEST(PartyCardFormat, AcceptsTheConfiguredDigitCount) {
  hoso::Harness h(kPlugin, "digits: 8");
  std::vector<hoso::Dossier> out = h.Run({OneMember("36.012345"), OneMember("01004512")});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].records[0].findings.empty());
  EXPECT_TRUE(out[1].records[0].findings.empty());
  EXPECT_TRUE(h.quarantined().empty());
}

TEST(PartyCardFormat, FlagsAWrongDigitCountWithoutQuotingIt) {
  hoso::Harness h(kPlugin, "{digits: 8, severity: error}");
  std::vector<hoso::Dossier> out = h.Run({OneMember("79.0021")});
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].records[0].findings.size(), 1u);
  const hoso::Finding& f = out[0].records[0].findings[0];
  EXPECT_EQ(f.rule_id, "vn.party.card_format");
  EXPECT_EQ(f.severity, hoso::Severity::kError);
  EXPECT_EQ(f.field, "party_card_number");
  EXPECT_FALSE(f.suggested_fix.empty());
  EXPECT_EQ(f.message.find("0021"), std::string::npos);  // no personal data
  EXPECT_EQ(f.message.find("Nguyễn"), std::string::npos);
}

TEST(PartyCardFormat, DigitsOptionChangesTheRule) {
  hoso::Harness h(kPlugin, "digits: 6");
  std::vector<hoso::Dossier> out = h.Run({OneMember("79.0021"), OneMember("36.012345")});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].records[0].findings.empty());
  ASSERT_EQ(out[1].records[0].findings.size(), 1u);
  EXPECT_EQ(out[1].records[0].findings[0].severity, hoso::Severity::kWarning);  // the default
}

TEST(PartyCardFormat, OptionsAreValidatedAgainstTheTable) {
  EXPECT_THROW(hoso::Harness(kPlugin, "digits: 3"), hoso::LoadError);  // range 4..20
  EXPECT_THROW(hoso::Harness(kPlugin, "severity: fatal"), hoso::LoadError);
  EXPECT_THROW(hoso::Harness(kPlugin, "digit: 8"), hoso::LoadError);  // unknown option
}

TEST(PartyCardFormat, DescriptorIsWhatHosoPluginsShows) {
  hoso::Harness h(kPlugin);
  EXPECT_STREQ(h.descriptor().name, "party_card_format");
  EXPECT_EQ(h.descriptor().kind, hoso::PluginKind::kValidator);
  EXPECT_EQ(h.descriptor().option_count, 2u);
}

}  // namespace
