#include "encoding_repair.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

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

// The legacy bytes of every field in the test corpus (fields.tsv's `bytes`).
std::vector<std::string> CorpusBytes() {
  std::vector<std::string> out;
  std::ifstream in(NORMALIZE_TEST_DATA "/fields.tsv");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.starts_with("id\t")) continue;
    // The sixth column: bytes in hex, space-separated.
    size_t start = 0;
    for (int column = 0; column < 5 && start != std::string::npos; ++column) {
      start = line.find('\t', start);
      if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos) continue;
    const std::string hex = line.substr(start, line.find('\t', start) - start);
    std::string bytes;
    for (size_t i = 0; i + 1 < hex.size(); i += 3) {
      bytes.push_back(static_cast<char>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    }
    out.push_back(bytes);
  }
  return out;
}

void ExpectSameAsWhole(std::string_view bytes) {
  const std::string value = Misread(bytes);
  const RepairedText whole = RepairEncodingWhole(value);
  const RepairedText got = RepairEncoding(value);
  EXPECT_EQ(got.outcome, whole.outcome) << value;
  EXPECT_EQ(got.encoding, whole.encoding) << value;
  EXPECT_EQ(got.text, whole.text) << value;
}

// Legacy readings are weighed a space-separated piece at a time, from a memo
// of pieces; the answer must be the one decoding and scoring every reading
// whole gives: corpus fields in every encoding, cut, spliced, spaced out,
// in capitals, with control bytes, and random bytes.
TEST(RepairEncoding, PiecesGiveWhatWholeReadingsGive) {
  const std::vector<std::string> corpus = CorpusBytes();
  ASSERT_GT(corpus.size(), 1000u);
  uint64_t state = 20251128;
  auto next = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(state >> 33);
  };
  for (size_t i = 0; i < corpus.size(); ++i) {
    const std::string& bytes = corpus[i];
    ExpectSameAsWhole(bytes);
    for (size_t cut = 1; cut < bytes.size(); cut += 3) ExpectSameAsWhole(bytes.substr(0, cut));
    const std::string& other = corpus[next() % corpus.size()];
    ExpectSameAsWhole(bytes.substr(0, bytes.size() / 2) + other.substr(other.size() / 2));
    std::string spaced = "  ";
    std::string joined;
    std::string upper;
    std::string control;
    for (const char c : bytes) {
      spaced += c == ' ' ? std::string("   ") : std::string(1, c);
      if (c != ' ') joined += c;
      upper += c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
      control += c == ' ' && next() % 2 == 0 ? std::string(" \x81") : std::string(1, c);
    }
    for (const std::string& variant : {spaced + " ", joined, upper, control}) {
      ExpectSameAsWhole(variant);
    }
  }
  // Bytes drawn from letters, spaces, punctuation, VISCII's C0 capitals and
  // the high half, in pieces short and long.
  const std::string alphabet = "aeiouynghtdAENGD ,.-'()\x02\x05\x14";
  for (int n = 0; n < 20000; ++n) {
    std::string bytes;
    const size_t length = 1 + next() % 40;
    for (size_t k = 0; k < length; ++k) {
      bytes += next() % 2 == 0 ? alphabet[next() % alphabet.size()]
                               : static_cast<char>(0x80 + next() % 0x80);
    }
    ExpectSameAsWhole(bytes);
  }
}

}  // namespace
}  // namespace hoso::normalize_vi
