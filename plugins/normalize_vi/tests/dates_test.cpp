#include "dates.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace hoso::normalize_vi {
namespace {

constexpr std::string_view kUnparsed = "vn.date.unparsed";
constexpr std::string_view kImpossible = "vn.date.impossible";
constexpr std::string_view kAmbiguous = "vn.date.ambiguous_day_month";
constexpr std::string_view kTwoDigitYear = "vn.date.two_digit_year";

// Prints the input with the failure so a table row is easy to find.
void ExpectIso(std::string_view text, std::string_view iso) {
  SCOPED_TRACE(std::string(text));
  const ParsedDate date = ParseDate(text);
  EXPECT_EQ(date.iso, iso);
  EXPECT_EQ(date.rule_id, "");
  EXPECT_EQ(date.message, "");
}

void ExpectFinding(std::string_view text, std::string_view rule_id) {
  SCOPED_TRACE(std::string(text));
  const ParsedDate date = ParseDate(text);
  EXPECT_EQ(date.iso, "");
  EXPECT_EQ(date.rule_id, rule_id);
  EXPECT_FALSE(date.message.empty());
}

TEST(ParseDateTest, DayMonthYearWithEachSeparator) {
  ExpectIso("14/09/1975", "1975-09-14");
  ExpectIso("14-9-1975", "1975-09-14");
  ExpectIso("14.09.1975", "1975-09-14");
  ExpectIso("4/9/1975", "1975-09-04");
  ExpectIso("04/09/1975", "1975-09-04");
}

TEST(ParseDateTest, DayComesFirstWhenBothCouldBeMonths) {
  // Vietnamese write day/month/year: this is 5 September, not 9 May.
  ExpectIso("05/09/1975", "1975-09-05");
  ExpectIso("12/01/1980", "1980-01-12");
}

TEST(ParseDateTest, IsoOrder) {
  ExpectIso("1975-09-14", "1975-09-14");
  ExpectIso("1975/09/14", "1975-09-14");
  ExpectIso("1975.9.4", "1975-09-04");
  // Year-first is read as year-month-day even when both could be months.
  ExpectIso("1975-05-09", "1975-05-09");
}

TEST(ParseDateTest, VietnameseWords) {
  ExpectIso("ngày 14 tháng 9 năm 1975", "1975-09-14");
  ExpectIso("ngày 04 tháng 09 năm 1975", "1975-09-04");
  ExpectIso("Ngày 14 Tháng 9 Năm 1975", "1975-09-14");
  ExpectIso("NGÀY 14 THÁNG 9 NĂM 1975", "1975-09-14");
  ExpectIso("ngay 14 thang 9 nam 1975", "1975-09-14");
  ExpectIso("NGAY 14 THANG 9 NAM 1975", "1975-09-14");
  // ǎ (U+01CE) stood in for ă in legacy fonts.
  ExpectIso("ngày 14 tháng 9 n\u01CEm 1975", "1975-09-14");
  // Decomposed diacritics, from text that skipped NFC.
  ExpectIso("nga\u0300y 14 tha\u0301ng 9 na\u0306m 1975", "1975-09-14");
  ExpectIso("ngày 14 tháng 9, năm 1975", "1975-09-14");
  ExpectIso("ngày14tháng9năm1975", "1975-09-14");
}

TEST(ParseDateTest, VietnameseWordsWithNumericParts) {
  ExpectIso("ngày 14/9/1975", "1975-09-14");
  ExpectIso("14 tháng 9 năm 1975", "1975-09-14");
  ExpectIso("tháng 9/1975", "1975-09");
  ExpectIso("Tháng 09-1975", "1975-09");
  ExpectIso("tháng 9 năm 1975", "1975-09");
  ExpectIso("thang 9 nam 1975", "1975-09");
  ExpectIso("năm 1975", "1975");
}

TEST(ParseDateTest, MonthPrecision) {
  ExpectIso("09/1975", "1975-09");
  ExpectIso("9-1975", "1975-09");
  ExpectIso("9.1975", "1975-09");
  ExpectIso("1975-09", "1975-09");
}

TEST(ParseDateTest, YearPrecision) {
  ExpectIso("1975", "1975");
  ExpectIso("1890", "1890");
  ExpectIso("2100", "2100");
}

TEST(ParseDateTest, Whitespace) {
  ExpectIso("  14/09/1975  ", "1975-09-14");
  ExpectIso("\t14 / 09 / 1975\r\n", "1975-09-14");
  ExpectIso("ngày   14  tháng  9   năm  1975", "1975-09-14");
  ExpectIso("14\u00A0-\u00A09\u00A0-\u00A01975", "1975-09-14");  // no-break spaces
  ExpectIso(" 1975 ", "1975");
}

TEST(ParseDateTest, EnDashIsASeparator) { ExpectIso("14\u20139\u20131975", "1975-09-14"); }

TEST(ParseDateTest, LeapYears) {
  ExpectIso("29/02/1976", "1976-02-29");
  ExpectIso("29/02/2000", "2000-02-29");  // divisible by 400
  ExpectIso("ngày 29 tháng 2 năm 1980", "1980-02-29");
  ExpectFinding("29/02/1975", kImpossible);
  ExpectFinding("29/02/1900", kImpossible);  // divisible by 100, not by 400
  ExpectFinding("1900-02-29", kImpossible);
  ExpectFinding("30/02/2000", kImpossible);
}

TEST(ParseDateTest, MonthLengths) {
  ExpectIso("31/01/1975", "1975-01-31");
  ExpectIso("31/12/1975", "1975-12-31");
  ExpectIso("30/04/1975", "1975-04-30");
  ExpectFinding("31/04/1975", kImpossible);
  ExpectFinding("31/06/1975", kImpossible);
  ExpectFinding("31/09/1975", kImpossible);
  ExpectFinding("31/11/1975", kImpossible);
  ExpectFinding("31/02/1975", kImpossible);
  ExpectFinding("32/01/1975", kImpossible);
}

TEST(ParseDateTest, ImpossibleParts) {
  ExpectFinding("00/09/1975", kImpossible);
  ExpectFinding("14/00/1975", kImpossible);
  ExpectFinding("14/13/1975", kImpossible);  // day > 12 too, so not month-first
  ExpectFinding("13/1975", kImpossible);
  ExpectFinding("0/1975", kImpossible);
  ExpectFinding("tháng 13 năm 1975", kImpossible);
  ExpectFinding("ngày 32 tháng 1 năm 1975", kImpossible);
  // Keywords name the parts, so a month above 12 is impossible, not swapped.
  ExpectFinding("ngày 9 tháng 25 năm 1975", kImpossible);
}

TEST(ParseDateTest, YearOutsidePlausibleRange) {
  ExpectFinding("1889", kImpossible);
  ExpectFinding("2101", kImpossible);
  ExpectFinding("14/09/1889", kImpossible);
  ExpectFinding("09/2101", kImpossible);
  ExpectFinding("0000", kImpossible);
  ExpectFinding("năm 9999", kImpossible);
}

TEST(ParseDateTest, YearFirstWithMonthAboveTwelveIsImpossible) {
  // Year-first is only ever ISO order, never year-day-month.
  ExpectFinding("1975/14/09", kImpossible);
  ExpectFinding("1975-13", kImpossible);
}

TEST(ParseDateTest, MonthFirstIsNotGuessed) {
  ExpectFinding("09/25/1975", kAmbiguous);
  ExpectFinding("9-13-1975", kAmbiguous);
  ExpectFinding("12.31.1999", kAmbiguous);
}

TEST(ParseDateTest, TwoDigitYearsAreNotGuessed) {
  ExpectFinding("14/09/75", kTwoDigitYear);
  ExpectFinding("14-9-75", kTwoDigitYear);
  ExpectFinding("ngày 14 tháng 9 năm 75", kTwoDigitYear);
  ExpectFinding("tháng 9/75", kTwoDigitYear);
  ExpectFinding("năm 75", kTwoDigitYear);
}

TEST(ParseDateTest, Unparsed) {
  for (std::string_view text : {
           "",
           "   ",
           "không rõ",
           "N/A",
           "75",            // an age as likely as a year
           "09/75",         // month/year or day/month: cannot tell
           "14/09",         // no year
           "14 09 1975",    // no separators
           "14/09/1975/1",  // four numbers
           "14/09-1975",    // mixed separators
           "14//09/1975",
           "/14/09/1975",
           "14/09/1975/",
           "14/09/1975.",
           "14/09/197",    // three-digit year
           "14/09/19750",  // five digits
           "014/09/1975",
           "14/009/1975",
           "1/2/3",
           "19750914",  // compact forms are not read
           "14/09/1975 abc",
           "sinh 14/09/1975",
           "ngày",
           "ngày 14",
           "ngày 14 tháng 9",
           "tháng 9",
           "năm",
           "năm 1975 tháng 9",  // keywords out of order
           "tháng 9 ngày 14 năm 1975",
           "ngày 14 / tháng 9 năm 1975",
           "1975-09-14T00:00:00",
           "\xFF\xFE",                  // not UTF-8
           "Ngày 14 tháng 9 nằm 1975",  // "nằm" is another word
       }) {
    ExpectFinding(text, kUnparsed);
  }
}

TEST(ParseDateTest, MessagesNeverQuoteTheText) {
  for (std::string_view text : {"31/02/1975", "09/25/1975", "14/09/75", "xyz 1975", "1850",
                                "14/13/1975", "ngày 31 tháng 4 năm 1975"}) {
    SCOPED_TRACE(std::string(text));
    const ParsedDate date = ParseDate(text);
    ASSERT_FALSE(date.message.empty());
    for (std::string_view part : {"31", "02", "09", "25", "75", "13", "1850", "xyz", "1975"}) {
      EXPECT_EQ(date.message.find(part), std::string::npos) << part;
    }
  }
}

}  // namespace
}  // namespace hoso::normalize_vi
