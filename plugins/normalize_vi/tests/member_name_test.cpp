#include "member_name.h"

#include <gtest/gtest.h>

#include "vietnamese_text.h"

namespace hoso::normalize_vi {
namespace {

std::u32string U32(std::string_view utf8) {
  std::u32string out;
  EXPECT_TRUE(DecodeUtf8(utf8, out));
  return out;
}

FamilyNames Listed() { return FamilyNames::Load(HOSO_MODELS_DIR "/names/family_names.txt"); }

TEST(MemberName, TidiesSpacesAndCase) {
  EXPECT_EQ(EncodeUtf8(TidySpaces(U32("  Nguyễn \t Văn\u00A0 Đức  "))), "Nguyễn Văn Đức");
  EXPECT_EQ(EncodeUtf8(TidySpaces(U32("Hà Nội , Việt Nam ( cũ )"))), "Hà Nội, Việt Nam (cũ)");
  EXPECT_EQ(EncodeUtf8(TitleCase(U32("NGUYỄN VĂN ĐỨC"))), "Nguyễn Văn Đức");
  EXPECT_EQ(EncodeUtf8(TitleCase(U32("h'hen niê"))), "H'Hen Niê");
  EXPECT_EQ(EncodeUtf8(TitleCase(U32("đặng thị ánh"))), "Đặng Thị Ánh");
  EXPECT_EQ(EncodeUtf8(TitleCase(U32("MÜLLER"))), "Müller");  // ICU for non-Vietnamese letters
}

TEST(MemberName, SplitsFamilyMiddleGiven) {
  const FamilyNames names = Listed();
  NameParts p = names.Split(U32("Nguyễn Văn Đức"));
  EXPECT_EQ(p.family, "Nguyễn");
  EXPECT_EQ(p.middle, "Văn");
  EXPECT_EQ(p.given, "Đức");
  EXPECT_TRUE(p.family_known);

  p = names.Split(U32("Tôn Thất Thuyết"));  // two-word family name
  EXPECT_EQ(p.family, "Tôn Thất");
  EXPECT_EQ(p.middle, "");
  EXPECT_EQ(p.given, "Thuyết");

  p = names.Split(U32("Âu Dương Thị Minh Châu"));
  EXPECT_EQ(p.family, "Âu Dương");
  EXPECT_EQ(p.middle, "Thị Minh");
  EXPECT_EQ(p.given, "Châu");

  p = names.Split(U32("Tôn Nữ"));  // the given name is never eaten by the family name
  EXPECT_EQ(p.family, "Tôn");
  EXPECT_EQ(p.given, "Nữ");

  p = names.Split(U32("Xyz Văn An"));
  EXPECT_EQ(p.family, "Xyz");
  EXPECT_FALSE(p.family_known);

  p = names.Split(U32("Nguyen Van Hung"));  // unaccented export
  EXPECT_EQ(p.family, "Nguyen");
  EXPECT_TRUE(p.family_known);
  EXPECT_FALSE(names.Split(U32("Lệ Văn Hùng")).family_known);  // accented must match exactly

  p = names.Split(U32("Đức"));
  EXPECT_EQ(p.family, "");
  EXPECT_EQ(p.given, "Đức");
}

TEST(MemberName, MatchKeysSeparateWhatTheyShould) {
  const MatchKeys a = MakeMatchKeys(U32("Nguyễn Thị Hoà"));
  const MatchKeys b = MakeMatchKeys(U32("NGUYỄN THỊ HÒA"));
  EXPECT_EQ(a.exact, "nguyễn thị hoà");
  EXPECT_NE(a.exact, b.exact);  // placement differs
  EXPECT_EQ(a.placement_free, b.placement_free);
  EXPECT_EQ(a.placement_free, "nguyên4 thi5 hoa1");
  EXPECT_EQ(a.ascii_folded, "nguyen thi hoa");

  // OCR confusions: shape marks and rn/m, but not tones.
  const MatchKeys ocr1 = MakeMatchKeys(U32("Trần Văn Hưng"));
  const MatchKeys ocr2 = MakeMatchKeys(U32("Trần Vân Hung"));
  EXPECT_EQ(ocr1.ocr_tolerant, ocr2.ocr_tolerant);
  EXPECT_NE(ocr1.placement_free, ocr2.placement_free);
  EXPECT_EQ(MakeMatchKeys(U32("Lê Thị Tâm")).ocr_tolerant,
            MakeMatchKeys(U32("Lê Thị Târn")).ocr_tolerant);
  EXPECT_NE(MakeMatchKeys(U32("Hùng")).ocr_tolerant, MakeMatchKeys(U32("Hưng")).ocr_tolerant);
  EXPECT_EQ(MakeMatchKeys(U32("Đào")).ascii_folded, "dao");
}

}  // namespace
}  // namespace hoso::normalize_vi
