#include "encoding_repair.h"

#include <gtest/gtest.h>

#include <string>

#include "legacy_encodings.h"
#include "vietnamese_text.h"

namespace hoso::normalize_vi {
namespace {

// The Windows-1252 reading of raw bytes, as an old export shows them.
std::string Misread(std::string_view bytes) { return EncodeUtf8(ReadAsWindows1252(bytes)); }

struct Case {
  const char* bytes;
  Encoding encoding;
};

TEST(RepairEncoding, RepairsEachLegacyEncodingOfOneName) {
  // "Nguyễn Văn Đức" written by hand in each encoding's bytes.
  const Case cases[] = {
      {"Nguy\xD4n V\xA8n \xA7\xF8" "c", Encoding::kTcvn3},
      {"Nguye\xE3n Va\xEAn \xD1\xF6\xF9" "c", Encoding::kVni},
      {"Nguy\xEA\xDEn V\xE3n \xD0\xFD\xEC" "c", Encoding::kCp1258},
      {"Nguy\xE1\xBB\x85n V\xC4\x83n \xC4\x90\xE1\xBB\xA9" "c", Encoding::kUtf8Twice},
  };
  for (const Case& c : cases) {
    const RepairedText r = RepairEncoding(Misread(c.bytes));
    EXPECT_EQ(r.outcome, RepairOutcome::kRepaired) << EncodingName(c.encoding);
    EXPECT_EQ(r.encoding, c.encoding);
    EXPECT_EQ(r.text, "Nguyễn Văn Đức") << EncodingName(c.encoding);
  }
  const RepairedText viqr = RepairEncoding("Nguye^~n Va(n DDu+'c");
  EXPECT_EQ(viqr.encoding, Encoding::kViqr);
  EXPECT_EQ(viqr.text, "Nguyễn Văn Đức");
}

TEST(RepairEncoding, RestoresTcvn3CapitalsOnlyWhereTheWordOrFieldIsCapitals) {
  // ABC has no codes for accented capitals: Ễ and Ứ are written with the
  // lowercase codes under a capital font.
  EXPECT_EQ(RepairEncoding(Misread("NGUY\xD4N V\xA1N \xA7\xF8" "C")).text, "NGUYỄN VĂN ĐỨC");
  // Title case: the first letter of "Ánh" cannot be told from "ánh".
  EXPECT_EQ(RepairEncoding(Misread("Nguy\xD4n \xB8nh")).text, "Nguyễn ánh");
}

TEST(RepairEncoding, NeverChangesValidText) {
  for (const char* text : {"Nguyễn Văn Đức", "Hoà", "Hòa", "Thò", "Nguyen Van Duc", "José",
                           "Müller", "Ksor H'Bơi", "Y Moan Ênuôl", "Quận 1, TP. Hồ Chí Minh",
                           "Hà Nội", "Lê Hà", "12/09/1975", "Nguyen Van A.", "O'Brien"}) {
    const RepairedText r = RepairEncoding(text);
    EXPECT_EQ(r.outcome, RepairOutcome::kUnchanged) << text;
    EXPECT_EQ(r.text, text);
  }
}

TEST(RepairEncoding, LeavesMisreadUnicodeThatAlsoDecodes) {
  // OCR output: valid letters in impossible words. Read as TCVN3 bytes they
  // decode into Vietnamese too ("Lờ Quục", "Cụng", "Huộ"), which is no reason
  // to rewrite them.
  const RepairedText ocr = RepairEncoding("Lê Quôc Sinh");
  EXPECT_EQ(ocr.outcome, RepairOutcome::kAmbiguous);  // a known name would change
  EXPECT_EQ(ocr.text, "Lê Quôc Sinh");
  EXPECT_EQ(RepairEncoding("Phan Quang Cuòng").text, "Phan Quang Cuòng");
  EXPECT_EQ(RepairEncoding("TP. Hué").text, "TP. Hué");
  // Legacy text whose words happen to read as names is still repaired when
  // most of it is clearly bytes.
  EXPECT_EQ(RepairEncoding(Misread("Nguy\xD4n Quang V\xF2")).text, "Nguyễn Quang Vũ");
  EXPECT_EQ(RepairEncoding(Misread("LE\xC2 HO\xC0NG LA\xCANG")).text, "LÊ HỒNG LĂNG");
}

TEST(RepairEncoding, NormalizesUnicodeForms) {
  // NFD, and the marks in the order NFC cannot fix by itself.
  EXPECT_EQ(RepairEncoding("Nguye\xCC\x82\xCC\x83n").text, "Nguyễn");
  EXPECT_EQ(RepairEncoding("Nguye\xCC\x83\xCC\x82n").text, "Nguyễn");
  // Look-alikes of Đ.
  EXPECT_EQ(RepairEncoding("\xC3\x90\xE1\xBB\xA9" "c").text, "Đức");
  EXPECT_EQ(RepairEncoding("\xC6\x89\xE1\xBB\xA9" "c").text, "Đức");
  EXPECT_EQ(RepairEncoding("Nguye\xCC\x82\xCC\x83n").outcome, RepairOutcome::kRepaired);
  EXPECT_EQ(RepairEncoding("Nguye\xCC\x82\xCC\x83n").encoding, Encoding::kUnicode);
}

TEST(RepairEncoding, AHintDecodesEvenTextThatLooksValid) {
  // VNI's "Thị" reads as the valid word "Thò"; only the source's encoding
  // tells them apart.
  EXPECT_EQ(RepairEncoding(Misread("Th\xF2")).text, "Thò");
  EXPECT_EQ(RepairEncoding(Misread("Th\xF2"), Encoding::kVni).text, "Thị");
  // A hint never touches text no byte string could have produced.
  EXPECT_EQ(RepairEncoding("Nguyễn", Encoding::kVni).text, "Nguyễn");
}

TEST(RepairEncoding, ReportsWhatItCannotRead) {
  const RepairedText garbage = RepairEncoding("\xC2\x81\xC2\x8D\xC2\x90 x");
  EXPECT_EQ(garbage.outcome, RepairOutcome::kUnreadable);
  EXPECT_EQ(garbage.text, "\xC2\x81\xC2\x8D\xC2\x90 x");
  EXPECT_EQ(RepairEncoding("\xFF\xFE").outcome, RepairOutcome::kUnreadable);  // not UTF-8
}

TEST(RepairEncoding, ParsesEncodingNames) {
  EXPECT_EQ(ParseEncoding("tcvn3"), Encoding::kTcvn3);
  EXPECT_EQ(ParseEncoding("abc"), Encoding::kTcvn3);
  EXPECT_EQ(ParseEncoding("windows-1258"), Encoding::kCp1258);
  EXPECT_FALSE(ParseEncoding("latin1").has_value());
  for (Encoding e : {Encoding::kAuto, Encoding::kUnicode, Encoding::kTcvn3, Encoding::kVni,
                     Encoding::kViscii, Encoding::kCp1258, Encoding::kViqr, Encoding::kUtf8Twice}) {
    EXPECT_EQ(ParseEncoding(EncodingName(e)), e);
  }
}

}  // namespace
}  // namespace hoso::normalize_vi
