#include "field_normalizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "member_name.h"
#include "tone_style.h"
#include "vietnamese_text.h"

namespace hoso::normalize_vi {
namespace {

FamilyNames Listed() { return FamilyNames::Load(HOSO_MODELS_DIR "/names/family_names.txt"); }

// Legacy bytes as a source hands them over: each byte read as Windows-1252.
std::string Cp1252(std::string_view bytes) {
  std::string out;
  for (unsigned char b : bytes) {
    if (b < 0x80) {
      out.push_back(static_cast<char>(b));
    } else {
      AppendUtf8(out, b == 0xA8 ? U'\u00A8' : static_cast<char32_t>(b));
    }
  }
  return out;
}

struct Input {
  std::string value;
  FieldKind kind;
};

std::vector<Input> Inputs() {
  return {
      {"  NGUYỄN   văn ĐỨC ", FieldKind::kName},
      {"Nguy\xC3\xAA\xCC\x83n Th\xC3\xACj Hoa", FieldKind::kName},  // NFD-ish, odd letters
      {Cp1252("Nguy\xD4n V\xA8n Hoa"), FieldKind::kName},           // TCVN3
      {"Thanh Hòa", FieldKind::kPlace},
      {"Nguye^~n Va(n Thu?y", FieldKind::kName},  // VIQR
      {"001 085 012 345", FieldKind::kNationalId},
      {"ngày 14 tháng 9 năm 1975", FieldKind::kDate},
  };
}

TEST(FieldNormalizer, MemoGivesWhatWorkingItOutGives) {
  const FamilyNames names = Listed();
  FieldNormalizer cold(ToneStyle::kNew, true, &names, 0);
  FieldNormalizer memo(ToneStyle::kNew, true, &names, 4);
  for (int pass = 0; pass < 3; ++pass) {
    for (const Input& in : Inputs()) {
      const NormalizedField expected = cold.Normalize(in.value, in.kind, Encoding::kAuto);
      const NormalizedField& got = memo.Normalize(in.value, in.kind, Encoding::kAuto);
      EXPECT_EQ(got.value, expected.value) << in.value;
      EXPECT_EQ(got.outcome, expected.outcome) << in.value;
      EXPECT_EQ(got.encoding, expected.encoding) << in.value;
      if (in.kind == FieldKind::kName) {
        const NormalizedName cold_name = cold.Name(expected.value);
        const NormalizedName& name = memo.Name(expected.value);
        EXPECT_EQ(name.keys.placement_free, cold_name.keys.placement_free);
        EXPECT_EQ(name.parts.family, cold_name.parts.family);
        EXPECT_EQ(name.parts.given, cold_name.parts.given);
      }
    }
  }
  EXPECT_EQ(cold.lookups(), 0u);
  EXPECT_GT(memo.hits(), 0u);
}

TEST(FieldNormalizer, OneValueTwoKindsAreTwoEntries) {
  FieldNormalizer memo(ToneStyle::kNew, true, nullptr, 16);
  EXPECT_EQ(memo.Normalize("NGUYỄN HOÀ", FieldKind::kPlace, Encoding::kAuto).value, "NGUYỄN HOÀ");
  EXPECT_EQ(memo.Normalize("NGUYỄN HOÀ", FieldKind::kText, Encoding::kAuto).value, "NGUYỄN HOÀ");
  EXPECT_EQ(memo.Normalize("NGUYỄN HÒA", FieldKind::kPlace, Encoding::kAuto).value, "NGUYỄN HOÀ");
  EXPECT_EQ(memo.hits(), 0u);
  EXPECT_EQ(memo.Normalize("NGUYỄN HOÀ", FieldKind::kPlace, Encoding::kAuto).value, "NGUYỄN HOÀ");
  EXPECT_EQ(memo.hits(), 1u);
  // Names are worked out every time: mostly one per member, not worth a memo.
  EXPECT_EQ(memo.Normalize("NGUYỄN HOÀ", FieldKind::kName, Encoding::kAuto).value, "Nguyễn Hoà");
  EXPECT_EQ(memo.Normalize("NGUYỄN HOÀ", FieldKind::kName, Encoding::kAuto).value, "Nguyễn Hoà");
  EXPECT_EQ(memo.hits(), 1u);
}

TEST(FieldNormalizer, HintIsPartOfTheKey) {
  // VNI "Thò" is "Thị": a source known to be VNI decodes it, auto leaves it.
  FieldNormalizer memo(ToneStyle::kNew, true, nullptr, 16);
  EXPECT_EQ(memo.Normalize("Thò", FieldKind::kText, Encoding::kAuto).value, "Thò");
  EXPECT_EQ(memo.Normalize("Thò", FieldKind::kText, Encoding::kVni).value, "Thị");
}

TEST(FieldNormalizer, FullMemoStartsOver) {
  FieldNormalizer memo(ToneStyle::kNew, true, nullptr, 2);
  for (const char* v : {"Hà Nội", "Huế", "Đà Nẵng"})
    memo.Normalize(v, FieldKind::kPlace, Encoding::kAuto);
  // The third value cleared the memo: the first is worked out again.
  memo.Normalize("Hà Nội", FieldKind::kPlace, Encoding::kAuto);
  EXPECT_EQ(memo.hits(), 0u);
  memo.Normalize("Hà Nội", FieldKind::kPlace, Encoding::kAuto);
  EXPECT_EQ(memo.hits(), 1u);
}

// Clean fields are copied when every step would give them back as they are,
// decided on their bytes; the answer must be the steps' own, field by field.
TEST(FieldNormalizer, CleanFieldsGiveWhatTheStepsGive) {
  const FamilyNames names = Listed();
  const std::vector<std::string> values = {"Nguyễn Văn Đức",
                                           "Nguyễn Thị Hoà",
                                           "Nguyễn Thị Hòa",
                                           "NGUYỄN THỊ HOÀ",
                                           "nguyễn văn đức",
                                           "Hà Nội, Việt Nam (cũ)",
                                           "Hà Nội , Việt Nam",
                                           "Hà Nội,  Việt Nam",
                                           " Hà Nội",
                                           "Hà Nội ",
                                           "( Hà Nội)",
                                           "Thuỷ Khoẻ",
                                           "Thủy Khỏe",
                                           "Quý Thuý",
                                           "Quí",
                                           "H'Hen Niê",
                                           "Y-Moan Ênuôl",
                                           "Müller Đức",
                                           "Đức\u00A0Anh",
                                           "Đức\tAnh",
                                           "ngày 14 tháng 9 năm 1975",
                                           "Nguyen Van Duc",
                                           "Nguye^~n",
                                           "Lê Văn Tâm",
                                           "Xã Hoà Bình, Huyện Mai Châu",
                                           "Mc'Donald Hoà",
                                           "Hoà-Bình",
                                           "Thủy.Khỏe",
                                           "Hoàà",
                                           "Khoẻo",
                                           "nghiêng",
                                           "Ngoằn",
                                           "001 085 012 345",
                                           "Đức 😀 Anh",
                                           "Đức\xC3",
                                           "\xE1\xBB",
                                           "HOÀ BÌNH",
                                           "Hòa Bình"};
  for (const ToneStyle style : {ToneStyle::kNew, ToneStyle::kOld}) {
    for (const bool title : {true, false}) {
      FieldNormalizer normalizer(style, title, &names, 0);
      for (const std::string& value : values) {
        for (const FieldKind kind : {FieldKind::kName, FieldKind::kPlace, FieldKind::kNationalId}) {
          const RepairedText repaired = RepairEncoding(value, Encoding::kAuto);
          std::string expected = value;
          if (repaired.outcome != RepairOutcome::kAmbiguous &&
              repaired.outcome != RepairOutcome::kUnreadable) {
            std::u32string text;
            DecodeUtf8(repaired.text, text);
            text = TidySpaces(text);
            if (kind != FieldKind::kNationalId) {
              if (kind == FieldKind::kName && title) text = TitleCase(text);
              text = ApplyToneStyle(text, style);
            }
            expected = EncodeUtf8(text);
          }
          const NormalizedField& got = normalizer.Normalize(value, kind, Encoding::kAuto);
          EXPECT_EQ(got.value, expected) << value;
          EXPECT_EQ(got.outcome, repaired.outcome) << value;
        }
      }
    }
  }
}

// Names are keyed and split on their bytes when tidy and Vietnamese; the
// answer must be MakeMatchKeys' and Split's on the decoded name.
TEST(FieldNormalizer, NameKeysGiveWhatTheFunctionsGive) {
  const FamilyNames names = Listed();
  const std::vector<std::string> values = {"Nguyễn Văn Đức",
                                           "Tôn Thất Thuyết",
                                           "Âu Dương Thị Minh Châu",
                                           "Đức",
                                           "",
                                           "Nguyen Van Hung",
                                           "Lệ Văn Hùng",
                                           "NGUYỄN THỊ HOÀ",
                                           "Trần Văn Hưng Thịnh Vượng Phát Tài",
                                           "Xyz Văn An",
                                           " Nguyễn Văn",
                                           "Nguyễn  Văn",
                                           "Nguyễn Văn ",
                                           "Nguyễn\tVăn",
                                           "Müller Đức",
                                           "Lê Thị Târn",
                                           "Nguyễn (Văn) Đức",
                                           "Nguyễn ,Đức",
                                           "H'Hen Niê",
                                           "Tôn Nữ",
                                           "Âu Dương",
                                           "Đức\xC3",
                                           "Nguyễn 😀",
                                           "Phạm-Nguyễn Hoà"};
  for (const FamilyNames* list : {&names, static_cast<const FamilyNames*>(nullptr)}) {
    FieldNormalizer normalizer(ToneStyle::kNew, true, list, 0);
    for (const std::string& value : values) {
      std::u32string full;
      DecodeUtf8(value, full);
      const MatchKeys keys = MakeMatchKeys(full);
      const NameParts parts = list != nullptr ? list->Split(full) : NameParts{};
      const NormalizedName& got = normalizer.Name(value);
      EXPECT_EQ(got.keys.exact, keys.exact) << value;
      EXPECT_EQ(got.keys.placement_free, keys.placement_free) << value;
      EXPECT_EQ(got.keys.ascii_folded, keys.ascii_folded) << value;
      EXPECT_EQ(got.keys.ocr_tolerant, keys.ocr_tolerant) << value;
      EXPECT_EQ(got.parts.family, parts.family) << value;
      EXPECT_EQ(got.parts.middle, parts.middle) << value;
      EXPECT_EQ(got.parts.given, parts.given) << value;
      EXPECT_EQ(got.parts.family_known, parts.family_known) << value;
    }
  }
}

}  // namespace
}  // namespace hoso::normalize_vi
