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
