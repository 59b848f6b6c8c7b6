#include "field_normalizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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
  for (const char* v : {"Hà Nội", "Huế", "Đà Nẵng"}) memo.Normalize(v, FieldKind::kPlace, Encoding::kAuto);
  // The third value cleared the memo: the first is worked out again.
  memo.Normalize("Hà Nội", FieldKind::kPlace, Encoding::kAuto);
  EXPECT_EQ(memo.hits(), 0u);
  memo.Normalize("Hà Nội", FieldKind::kPlace, Encoding::kAuto);
  EXPECT_EQ(memo.hits(), 1u);
}

}  // namespace
}  // namespace hoso::normalize_vi
