// Inputs found by fuzzing (fuzz/, `scripts/fuzz image`; docs/reliability.md,
// "Fuzzing"), kept as the bytes that broke the plugin.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/harness.h"
#include "test_files.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kPlugin = std::string(HOSO_PLUGIN_DIR) + "/scan_source.so";

fs::path TestDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir =
      fs::path(HOSO_TEST_TMP) / (std::string(info->test_suite_name()) + "." + info->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// crashes/image/crash-3990001d1a73c5d4e468ffb5c1cf09d9376a0ece: a G4 TIFF of
// 160 x 80 pixels (a seed, mutated) whose directory ends with a second
// ImageWidth entry, out of order, saying 2. libtiff takes the first and
// decodes 160 x 80; the structure walk took the last and announced 2 x 80,
// so max_pixels checked a page 80 times smaller than the one decoded.
constexpr std::string_view kRepeatedWidthTiff(
    "\x49\x49\x2a\x00\xc6\x00\x00\x00\x26\xa1\x90\x0d\x5f\xff\xff\xff\xff\xff\xff\xff\xff\xff"
    "\xf2\x1a\x70\x40\xf0\x22\x30\xe4\x09\xe0\x3e\x92\x08\xa7\x5f\x11\xac\x81\x13\x52\x56\x4e"
    "\xcb\xf2\x2d\x08\xf8\x84\x38\x20\xcf\x04\xa0\xf8\x7e\x5b\x0e\xdb\x69\x18\x9b\x36\x83\x46"
    "\x20\xd1\x7c\x10\x4c\xab\xbf\x69\xe6\x1b\x5e\x92\x77\x0e\x95\xfe\xed\xb4\xd5\x7f\x77\xab"
    "\xfe\xe3\x8f\x7f\xfd\xa2\xeb\x7d\x0e\xab\xfc\x8e\x9f\xfa\x07\xfc\xba\x7f\x15\xff\xb7\xc7"
    "\xb0\xba\xbd\xbf\x2e\xe6\x37\xff\xb7\xcc\x3f\x5a\xfb\x1e\xfb\x7f\xfc\x7f\xf5\x17\xbd\xfe"
    "\xff\xef\xff\xa2\xe7\xf7\xff\x4b\xf7\xfe\x2b\xbd\xd8\xd4\x24\xc5\x6a\x9b\xa7\x7a\x09\x35"
    "\x4d\xc3\x09\x08\x41\xa4\xd3\xb7\xd3\x58\x88\x88\x88\x88\x88\x88\x8b\x90\x3c\x33\x5f\xf1"
    "\xff\xfc\x86\x41\x0f\x82\x0b\x38\xfb\x11\xed\x61\x3c\x18\x23\x8f\xe3\x8f\xff\x00\x10\x01"
    "\x0c\x00\x00\x01\x03\x00\x01\x00\x00\x00\xa0\x00\x00\x00\x01\x01\x03\x00\x01\x00\x00\x00"
    "\x50\x00\x00\x00\x02\x01\x03\x00\x01\x00\x00\x00\x01\x00\x00\x00\x03\x01\x03\x00\x01\x00"
    "\x00\x00\x04\x00\x00\x00\x06\x01\x03\x00\x01\x00\x00\x00\x01\x00\x00\x00\x11\x01\x04\x00"
    "\x01\x00\x00\x00\x08\x00\x00\x00\x16\x01\x03\x00\x01\x00\x00\x00\x50\x00\x00\x00\x17\x01"
    "\x04\x00\x01\x00\x00\x00\xbe\x00\x00\x00\x1a\x01\x05\x00\x01\x00\x00\x00\x5c\x01\x00\x00"
    "\x1b\x01\x05\x00\x01\x00\x00\x00\x64\x01\x00\x00\x1c\x01\x03\x00\x01\x00\x00\x00\x01\x00"
    "\x00\x28\x00\x01\x03\x00\x01\x00\x00\x00\x02\x00\x00\x00\x00\x00\x00\x00\x2c\x01\x00\x00"
    "\x01\x00\x00\x00\x2c\x01\x00\x00\x01\x00\x00\x00",
    364);

TEST(scan_source_fuzz, RepeatedTiffTagCountsAsLibtiffReadsIt) {
  const fs::path dir = TestDir();
  scan_test::WriteBytes(dir / "repeat.tif", kRepeatedWidthTiff);

  hoso::Harness source(kPlugin, "{path: repeat.tif}", dir);
  const std::vector<hoso::Dossier> dossiers = source.ReadAll();
  ASSERT_EQ(dossiers.size(), 1u);
  ASSERT_EQ(dossiers[0].pages.size(), 1u);
  EXPECT_EQ(dossiers[0].pages[0].width, 160);
  EXPECT_EQ(dossiers[0].pages[0].height, 80);

  // What the decoder makes of it, for the record: the announced size is the
  // decoded one.
  PIX* pix = pixReadTiff((dir / "repeat.tif").c_str(), 0);
  ASSERT_NE(pix, nullptr);
  EXPECT_EQ(pixGetWidth(pix), 160);
  pixDestroy(&pix);
}

TEST(scan_source_fuzz, RepeatedTiffTagCannotSlipPastMaxPixels) {
  const fs::path dir = TestDir();
  scan_test::WriteBytes(dir / "repeat.tif", kRepeatedWidthTiff);

  // 2 x 80 would pass, 160 x 80 does not.
  hoso::Harness source(kPlugin, "{path: repeat.tif, max_pixels: 1000}", dir);
  EXPECT_TRUE(source.ReadAll().empty());
  ASSERT_EQ(source.quarantined().size(), 1u);
  EXPECT_THAT(source.quarantined()[0].reason, HasSubstr("160 x 80 pixels exceeds max_pixels 1000"));
}

}  // namespace
