#include "text.h"

#include <gtest/gtest.h>

namespace hoso::internal {
namespace {

TEST(Text, Base64MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foo"), "Zm9v");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64(std::string("\xff\x00\xfe", 3)), "/wD+");
}

TEST(Text, FindsFirstInvalidUtf8Byte) {
  EXPECT_EQ(FirstInvalidUtf8("Nguyễn Văn Đức"), std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8("ab\xff" "cd"), 2u);
  EXPECT_EQ(FirstInvalidUtf8("\xc3"), 0u);               // truncated sequence
  EXPECT_EQ(FirstInvalidUtf8("x\xc0\xaf"), 1u);          // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("\xed\xa0\x80"), 0u);       // surrogate
  // TCVN3 bytes read as they are: not UTF-8.
  EXPECT_EQ(FirstInvalidUtf8("Nguy\xd4n V\xa8n"), 4u);
}

// A plugin's exception text reaches the console: one line, bounded, still
// UTF-8 where it is cut.
TEST(Text, OneLineFlattensControlCharactersAndCutsLongText) {
  EXPECT_EQ(OneLine("index out of range\n  at Validate\r\n"), "index out of range   at Validate  ");
  EXPECT_EQ(OneLine(std::string("a\0b\tc\x7f", 6)), "a b c ");
  EXPECT_EQ(OneLine("Nguyễn Văn Đức"), "Nguyễn Văn Đức");
  EXPECT_EQ(OneLine(std::string(5000, 'x')), std::string(1000, 'x') + "... (5000 bytes)");
  // "ễ" is 3 bytes at offsets 4..6: a cut at 5 or 6 drops it, at 7 keeps it.
  EXPECT_EQ(OneLine("Nguyễn", 5), "Nguy... (8 bytes)");
  EXPECT_EQ(OneLine("Nguyễn", 6), "Nguy... (8 bytes)");
  EXPECT_EQ(OneLine("Nguyễn", 7), "Nguyễ... (8 bytes)");
  std::string long_name;
  for (int i = 0; i < 1000; ++i) long_name += "ễ";
  EXPECT_EQ(FirstInvalidUtf8(OneLine(long_name)), std::string_view::npos);
}

TEST(Text, SuggestsCloseNamesOnly) {
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(ClosestMatch("delimeter", {"delimiter", "path", "columns"}), "delimiter");
  EXPECT_EQ(ClosestMatch("zzz", {"delimiter", "path"}), "");
}

TEST(Text, IdentifiersAreLowercaseAscii) {
  EXPECT_TRUE(IsIdentifier("csv_source"));
  EXPECT_FALSE(IsIdentifier("CsvSource"));
  EXPECT_FALSE(IsIdentifier("9lives"));
  EXPECT_FALSE(IsIdentifier(""));
  EXPECT_FALSE(IsIdentifier(std::string(65, 'a')));
}

}  // namespace
}  // namespace hoso::internal
