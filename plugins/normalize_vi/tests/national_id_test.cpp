#include "national_id.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace hoso::normalize_vi {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Hà Nội (001), male born in the 1900s (0), 1975 (75).
constexpr std::string_view kMale1975HaNoi = "001075012345";

std::vector<std::string> RulesOf(const NationalId& id) {
  std::vector<std::string> rules;
  for (const Finding& finding : id.findings) rules.push_back(finding.rule_id);
  return rules;
}

NationalId Parse(std::string_view text, std::string_view gender = "", int birth_year = 0) {
  return ParseNationalId(text, IdHolder{.gender = gender, .birth_year = birth_year});
}

TEST(ParseNationalIdTest, CleanCccd) {
  const NationalId id = Parse(kMale1975HaNoi, "Nam", 1975);
  EXPECT_EQ(id.kind, IdKind::kCccd);
  EXPECT_EQ(id.digits, kMale1975HaNoi);
  EXPECT_THAT(id.findings, IsEmpty());
}

TEST(ParseNationalIdTest, RemovesSpacesDotsAndDashes) {
  for (std::string_view text :
       {"001 075 012 345", "001.075.012.345", "001-075-012-345", " 001075012345 ",
        "001\u00A0075\u00A0012\u00A0345", "0 0-1.0 7 5 0 1 2 3 4 5\t"}) {
    SCOPED_TRACE(std::string(text));
    const NationalId id = Parse(text, "Nam", 1975);
    EXPECT_EQ(id.kind, IdKind::kCccd);
    EXPECT_EQ(id.digits, kMale1975HaNoi);
    EXPECT_THAT(id.findings, IsEmpty());
  }
}

TEST(ParseNationalIdTest, UnknownHolderSkipsCrossChecks) {
  // Female, 2000s, born 2003: nothing to compare with.
  const NationalId id = Parse("079303000001");
  EXPECT_EQ(id.kind, IdKind::kCccd);
  EXPECT_THAT(id.findings, IsEmpty());
}

TEST(ParseNationalIdTest, EveryProvinceCodeOfThe63IsKnown) {
  for (std::string_view code :
       {"001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
        "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
        "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
        "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
        "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096"}) {
    SCOPED_TRACE(std::string(code));
    EXPECT_THAT(Parse(std::string(code) + "075012345").findings, IsEmpty());
  }
}

TEST(ParseNationalIdTest, UnknownProvinceCode) {
  // Gaps in the numbering, codes past the last province, and a missing
  // leading zero.
  for (std::string_view code :
       {"000", "003", "009", "013", "028", "047", "097", "099", "100", "790"}) {
    SCOPED_TRACE(std::string(code));
    const NationalId id = Parse(std::string(code) + "075012345", "Nam", 1975);
    EXPECT_EQ(id.kind, IdKind::kCccd);
    ASSERT_THAT(RulesOf(id), ElementsAre("vn.id.cccd_province"));
    const Finding& f = id.findings[0];
    EXPECT_EQ(f.severity, Severity::kWarning);
    EXPECT_EQ(f.field, "national_id");
    EXPECT_FALSE(f.message.empty());
    EXPECT_FALSE(f.suggested_fix.empty());
  }
}

TEST(ParseNationalIdTest, GenderDigitMatches) {
  struct Case {
    std::string_view id;
    std::string_view gender;
    int birth_year;
  };
  for (const Case& c : {
           Case{"001075012345", "Nam", 1975},
           Case{"001175012345", "Nữ", 1975},
           Case{"001205012345", "Nam", 2005},
           Case{"001305012345", "Nữ", 2005},
           Case{"001175012345", "nữ", 1975},
           Case{"001175012345", "NỮ", 1975},
           Case{"001175012345", "nu", 1975},
           Case{"001175012345", "Nu", 1975},
           Case{"001175012345", "nu\u031B\u0303", 1975},  // decomposed ữ
           Case{"001075012345", "nam", 1975},
           Case{"001075012345", "NAM", 1975},
       }) {
    SCOPED_TRACE(std::string(c.id) + " " + std::string(c.gender));
    EXPECT_THAT(Parse(c.id, c.gender, c.birth_year).findings, IsEmpty());
  }
}

TEST(ParseNationalIdTest, GenderMismatch) {
  for (std::string_view gender : {"Nữ", "nu"}) {
    const NationalId id = Parse("001075012345", gender, 1975);
    ASSERT_THAT(RulesOf(id), ElementsAre("vn.id.cccd_gender"));
    EXPECT_EQ(id.findings[0].severity, Severity::kWarning);
    EXPECT_EQ(id.findings[0].field, "national_id");
    EXPECT_FALSE(id.findings[0].suggested_fix.empty());
  }
  EXPECT_THAT(RulesOf(Parse("001175012345", "Nam", 1975)), ElementsAre("vn.id.cccd_gender"));
  EXPECT_THAT(RulesOf(Parse("001205012345", "Nữ", 2005)), ElementsAre("vn.id.cccd_gender"));
  EXPECT_THAT(RulesOf(Parse("001305012345", "Nam", 2005)), ElementsAre("vn.id.cccd_gender"));
}

TEST(ParseNationalIdTest, UnrecognizedGenderIsNotCompared) {
  for (std::string_view gender : {"", "Khác", "x", "nam nữ", "female"}) {
    SCOPED_TRACE(std::string(gender));
    EXPECT_THAT(Parse("001175012345", gender, 1975).findings, IsEmpty());
    EXPECT_THAT(Parse("001075012345", gender, 1975).findings, IsEmpty());
  }
}

TEST(ParseNationalIdTest, BirthYearMismatch) {
  // Same two digits, wrong century: the century digit is what disagrees.
  EXPECT_THAT(RulesOf(Parse("001275012345", "Nam", 1975)),
              ElementsAre("vn.id.cccd_birth_year"));
  EXPECT_THAT(RulesOf(Parse("001075012345", "Nam", 1976)),
              ElementsAre("vn.id.cccd_birth_year"));
  EXPECT_THAT(RulesOf(Parse("001000012345", "Nam", 2000)),
              ElementsAre("vn.id.cccd_birth_year"));
  EXPECT_THAT(Parse("001200012345", "Nam", 2000).findings, IsEmpty());
  EXPECT_THAT(Parse("001499012345", "Nam", 2199).findings, IsEmpty());
  EXPECT_THAT(Parse("001599012345", "Nữ", 2199).findings, IsEmpty());
  const NationalId id = Parse("001075012345", "Nam", 1957);
  ASSERT_EQ(id.findings.size(), 1u);
  EXPECT_EQ(id.findings[0].severity, Severity::kWarning);
  EXPECT_EQ(id.findings[0].field, "national_id");
  EXPECT_FALSE(id.findings[0].suggested_fix.empty());
}

TEST(ParseNationalIdTest, ChecksAreIndependent) {
  EXPECT_THAT(
      RulesOf(Parse("003175012345", "Nam", 1980)),
      ElementsAre("vn.id.cccd_province", "vn.id.cccd_gender", "vn.id.cccd_birth_year"));
}

TEST(ParseNationalIdTest, Cmnd) {
  for (std::string_view text : {"012345678", "012 345 678", "012.345.678", "012-345-678"}) {
    SCOPED_TRACE(std::string(text));
    // No cross-checks: the old card encodes neither gender nor birth year.
    const NationalId id = Parse(text, "Nữ", 1950);
    EXPECT_EQ(id.kind, IdKind::kCmnd);
    EXPECT_EQ(id.digits, "012345678");
    EXPECT_THAT(id.findings, IsEmpty());
  }
}

TEST(ParseNationalIdTest, Malformed) {
  for (std::string_view text :
       {"1", "12345678", "0123456789", "01234567890", "0010750123456",
        "00107501234O",  // letter O for zero
        "001075012345A", "A12345678", "001/075/012345", "０12345678", "CMND 012345678", "+"}) {
    SCOPED_TRACE(std::string(text));
    const NationalId id = Parse(text, "Nam", 1975);
    EXPECT_EQ(id.kind, IdKind::kUnknown);
    ASSERT_THAT(RulesOf(id), ElementsAre("vn.id.malformed"));
    const Finding& f = id.findings[0];
    EXPECT_EQ(f.severity, Severity::kError);
    EXPECT_EQ(f.field, "national_id");
    EXPECT_FALSE(f.message.empty());
    EXPECT_FALSE(f.suggested_fix.empty());
  }
}

TEST(ParseNationalIdTest, MalformedKeepsWhatWasThere) {
  EXPECT_EQ(Parse("12-34 5.6").digits, "123456");
  EXPECT_EQ(Parse("AB 12").digits, "AB12");
}

TEST(ParseNationalIdTest, EmptyIsNotAFinding) {
  for (std::string_view text : {"", "   ", " - . "}) {
    const NationalId id = Parse(text, "Nam", 1975);
    EXPECT_EQ(id.kind, IdKind::kUnknown);
    EXPECT_EQ(id.digits, "");
    EXPECT_THAT(id.findings, IsEmpty());
  }
}

TEST(ParseNationalIdTest, MessagesNeverQuoteTheNumber) {
  for (const NationalId& id :
       {Parse("003175012345", "Nam", 1980), Parse("00107501234O", "Nam", 1975)}) {
    ASSERT_FALSE(id.findings.empty());
    for (const Finding& f : id.findings) {
      for (std::string_view part : {"003", "001", "175", "075", "012345", "1975", "1980", "Nam"}) {
        EXPECT_EQ(f.message.find(part), std::string::npos) << f.rule_id << " " << part;
        EXPECT_EQ(f.suggested_fix.find(part), std::string::npos) << f.rule_id << " " << part;
      }
    }
  }
}

}  // namespace
}  // namespace hoso::normalize_vi
