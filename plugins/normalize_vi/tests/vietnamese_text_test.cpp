#include "vietnamese_text.h"

#include <gtest/gtest.h>

#include "tone_style.h"

namespace hoso::normalize_vi {
namespace {

std::u32string U32(std::string_view utf8) {
  std::u32string out;
  EXPECT_TRUE(DecodeUtf8(utf8, out)) << utf8;
  return out;
}

TEST(Letters, EveryVietnameseLetterRoundTrips) {
  const std::u32string all = U32(
      "aàáảãạăằắẳẵặâầấẩẫậđeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ");
  ASSERT_EQ(all.size(), 73u);  // 12 vowels in 6 tones, and đ
  for (char32_t c : all) {
    const Letter lower = ClassifyLetter(c);
    ASSERT_NE(lower.base, 0u) << static_cast<uint32_t>(c);
    EXPECT_FALSE(lower.upper);
    EXPECT_EQ(ComposeLetter(lower.base, lower.tone, false), c);
    const char32_t upper = ComposeLetter(lower.base, lower.tone, true);
    EXPECT_NE(upper, c);
    const Letter back = ClassifyLetter(upper);
    EXPECT_TRUE(back.upper);
    EXPECT_EQ(back.base, lower.base);
    EXPECT_EQ(back.tone, lower.tone);
  }
  EXPECT_EQ(ClassifyLetter(U'ễ').tone, Tone::kTilde);
  EXPECT_EQ(ClassifyLetter(U'ễ').base, U'ê');
  EXPECT_EQ(ClassifyLetter(U'Đ').base, U'đ');
  EXPECT_EQ(ClassifyLetter(U'ü').base, 0u);  // not Vietnamese
  EXPECT_EQ(ClassifyLetter(U'7').base, 0u);
}

TEST(Syllables, AcceptsWellFormedSyllablesInEveryCasePattern) {
  for (const char* word : {"nguyễn", "Nguyễn", "NGUYỄN", "văn", "đức", "thị", "hoà", "hòa", "thuỷ",
                           "thủy", "khuya", "khuỷu", "giữa", "gì", "quốc", "quý", "ngoẹo", "rượu",
                           "hưng", "yêu", "ánh", "a", "ông", "huỳnh", "nghiêng", "trường", "Hà",
                           "Nội", "xã", "huyện"}) {
    EXPECT_TRUE(IsVietnameseSyllable(U32(word))) << word;
  }
}

TEST(Syllables, RejectsMojibakeAndForeignWords) {
  for (const char* word : {"NguyÔn", "nguyeãn", "vaên", "ñöùc", "lª", "thÞ", "hoaøng", "müller",
                           "nguyễnn", "cac", "các̀", "ksor", "xyz", "vănn", "đứcc", "thiết5"}) {
    EXPECT_FALSE(IsVietnameseSyllable(U32(word))) << word;
  }
  // A stop ending takes only sắc or nặng.
  EXPECT_TRUE(IsVietnameseSyllable(U32("học")));
  EXPECT_FALSE(IsVietnameseSyllable(U32("hỏc")));
  EXPECT_FALSE(IsVietnameseSyllable(U32("hoc")));
}

TEST(Utf8, RejectsMalformedInput) {
  std::u32string out;
  EXPECT_FALSE(DecodeUtf8("\xC3", out));           // truncated
  EXPECT_FALSE(DecodeUtf8("\xC0\xAF", out));       // overlong
  EXPECT_FALSE(DecodeUtf8("\xED\xA0\x80", out));   // surrogate
  EXPECT_FALSE(DecodeUtf8("a\x80", out));          // lone continuation
  ASSERT_TRUE(DecodeUtf8("Đức ✓ 𝄞", out));
  EXPECT_EQ(EncodeUtf8(out), "Đức ✓ 𝄞");
}

TEST(ToneStyle, MovesTonesOnlyWhereTheStylesDiffer) {
  auto styled = [](std::string_view text, ToneStyle style) {
    return EncodeUtf8(ApplyToneStyle(U32(text), style));
  };
  EXPECT_EQ(styled("Hòa Thủy khỏe", ToneStyle::kNew), "Hoà Thuỷ khoẻ");
  EXPECT_EQ(styled("Hoà Thuỷ khoẻ", ToneStyle::kOld), "Hòa Thủy khỏe");
  // With a final consonant, or a shape mark, both styles agree.
  EXPECT_EQ(styled("Hoàng Toán Huỳnh Quyết", ToneStyle::kOld), "Hoàng Toán Huỳnh Quyết");
  EXPECT_EQ(styled("Hoàng Toán Huỳnh Quyết", ToneStyle::kNew), "Hoàng Toán Huỳnh Quyết");
  // qu- and gi- keep the tone off their u and i.
  EXPECT_EQ(styled("Quý Giàu Quà Giữa", ToneStyle::kNew), "Quý Giàu Quà Giữa");
  EXPECT_EQ(styled("HÒA", ToneStyle::kNew), "HOÀ");
  // Words that are not Vietnamese syllables are left alone.
  EXPECT_EQ(styled("José Müller", ToneStyle::kNew), "José Müller");
}

TEST(ToneStyle, PlacementFreeKeyIgnoresPlacementOnly) {
  auto key = [](std::string_view word) {
    std::string out;
    AppendPlacementFree(U32(word), out);
    return out;
  };
  EXPECT_EQ(key("hoà"), key("Hòa"));
  EXPECT_EQ(key("thuỷ"), key("THỦY"));
  EXPECT_EQ(key("Nguyễn"), "nguyên4");
  EXPECT_NE(key("hoà"), key("hoá"));
  EXPECT_NE(key("hoà"), key("hoa"));
}

}  // namespace
}  // namespace hoso::normalize_vi
