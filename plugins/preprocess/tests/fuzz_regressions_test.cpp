// Inputs found by fuzzing (fuzz/, `scripts/fuzz image`; docs/reliability.md,
// "Fuzzing"), kept as the bytes that broke the plugin and run the way a
// pipeline runs them: scan_source describes the file, preprocess decodes it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/harness.h"
#include "test_pages.h"

namespace preprocess_test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kPreprocess = std::string(HOSO_PLUGIN_DIR) + "/preprocess.so";
const std::string kScanSource = std::string(HOSO_PLUGIN_DIR) + "/scan_source.so";

// Every step that could be slow on a big page is off: these tests are about
// how big the page gets, not what the steps do to it.
constexpr char kOnlyUpscale[] =
    "{orientation: false, deskew: false, background: false, binarize: false, despeckle: false, "
    "leaders: false, border: false, coverage: false}";

fs::path WriteBytes(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

// crashes/image/oom-1af0fbbe58f07c5fabaa461a41f98fc3b2c6d231: a G4 TIFF of
// 160 x 80 pixels (a seed, mutated) whose XResolution is 0xC0C0C0C0 /
// 0xC0C0C0C0 with a ResolutionUnit TIFF does not define, so 1 dpi. Upscaling
// it to 300 dpi asked Leptonica for 48000 x 24000 pixels (2.3 GB in four
// buffers) and the fuzzer stopped at its 2 GB limit.
constexpr std::string_view kOneDpiTiff(
    "\x49\x49\x2a\x00\xc6\x00\x00\x00\x26\xa1\x90\x0d\x5f\xff\xff\xff\xff\xff\xff\xff\xff\xff"
    "\xf2\x1a\x70\x40\xf0\x22\x31\xe4\x09\xe0\x3e\x92\x08\xa7\x5f\x11\xac\x81\x13\x52\x56\x4e"
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
    "\x00\x00\x28\x01\x03\x00\x01\x00\x00\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0"
    "\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0"
    "\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0"
    "\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0"
    "\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0"
    "\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\xc0\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
    "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x00\x00\x00\x00"
    "\x00\x00\x2c\x01\x00\x00\x01\x00\x00\x00\x2c\x01\x00\x00\x01\x00\x00\x00",
    524);

TEST(preprocess_fuzz, PageClaimingOneDpiIsNotUpscaled) {
  const fs::path dir = TestDir();
  const fs::path file = WriteBytes(dir / "one-dpi.tif", kOneDpiTiff);

  hoso::Harness source(kScanSource, "{path: one-dpi.tif}", dir);
  std::vector<hoso::Dossier> dossiers = source.ReadAll();
  ASSERT_EQ(dossiers.size(), 1u);
  ASSERT_EQ(dossiers[0].pages.size(), 1u);
  EXPECT_EQ(dossiers[0].pages[0].dpi, 1) << "scan_source reports what the header says";

  hoso::Harness preprocess(kPreprocess, kOnlyUpscale, dir);
  const std::vector<hoso::Dossier> out = preprocess.Run(dossiers);
  ASSERT_TRUE(preprocess.quarantined().empty());
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].pages.size(), 1u);
  const hoso::Page& page = out[0].pages[0];
  EXPECT_EQ(page.width, 160);
  EXPECT_EQ(page.height, 80);
  EXPECT_FALSE(page.attributes.contains("upscaled_from_dpi"));
  EXPECT_THAT(page.attributes.at("upscale_refused"), HasSubstr("claimed 1 dpi"));
}

// The same bomb with a believable resolution: a 12-megapixel page that says
// 60 dpi would become 300 million pixels at 300 dpi.
TEST(preprocess_fuzz, UpscaledPageStaysUnderTheCeiling) {
  const fs::path dir = TestDir();
  PixPtr blank(pixCreate(4000, 3000, 8));
  pixSetAllArbitrary(blank.get(), 255);
  pixSetResolution(blank.get(), 60, 60);
  const fs::path file = dir / "sixty-dpi.png";
  WritePix(file, blank.get(), IFF_PNG);

  hoso::Harness preprocess(kPreprocess, kOnlyUpscale, dir);
  const std::vector<hoso::Dossier> out = preprocess.Run({DossierOfPage(file, 0, 60, "png")});
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].pages.size(), 1u);
  const hoso::Page& page = out[0].pages[0];
  EXPECT_EQ(page.width, 4000);
  EXPECT_EQ(page.height, 3000);
  EXPECT_THAT(page.attributes.at("upscale_refused"),
              HasSubstr("300 million pixels, more than 100"));

  // A page that stays under it is still upscaled: 1000 x 750 at 60 dpi is
  // 18.75 million pixels at 300.
  PixPtr small(pixCreate(1000, 750, 8));
  pixSetAllArbitrary(small.get(), 255);
  const fs::path small_file = dir / "small.png";
  WritePix(small_file, small.get(), IFF_PNG);
  const std::vector<hoso::Dossier> scaled =
      preprocess.Run({DossierOfPage(small_file, 0, 60, "png")});
  ASSERT_EQ(scaled.size(), 1u);
  EXPECT_EQ(scaled[0].pages[0].attributes.at("upscaled_from_dpi"), "60");
  EXPECT_EQ(scaled[0].pages[0].width, 5000);
}

}  // namespace
}  // namespace preprocess_test
