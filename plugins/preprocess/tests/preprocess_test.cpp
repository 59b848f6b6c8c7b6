#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "hoso/harness.h"
#include "test_pages.h"

namespace preprocess_test {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::AnyOf;
using ::testing::Each;
using ::testing::HasSubstr;

// libgomp (loaded with Tesseract by the OCR plugin some tests use) reads
// this once, when it is loaded; the host sets it the same way.
const bool kOmpLimited = [] { return setenv("OMP_THREAD_LIMIT", "1", 1) == 0; }();

const std::string kPreprocess = std::string(HOSO_PLUGIN_DIR) + "/preprocess.so";
const std::string kOcr = std::string(HOSO_PLUGIN_DIR) + "/ocr_tesseract.so";

// A member form's worth of Vietnamese lines: capitals with stacked marks,
// dots below, horns.
const std::vector<std::string> kFormLines = {
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "SƠ YẾU LÝ LỊCH ĐẢNG VIÊN",
    "Họ và tên: Nguyễn Văn Hùng",
    "Ngày sinh: 14/09/1975     Giới tính: Nam",
    "Quê quán: xã Thạch Hạ, thành phố Hà Tĩnh, tỉnh Hà Tĩnh",
    "Dân tộc: Kinh     Tôn giáo: Không",
    "Ngày vào Đảng: 03/02/2001",
    "Ngày chính thức: 03/02/2002",
    "Trình độ học vấn: 12/12",
    "Lý luận chính trị: Trung cấp",
    "Nghề nghiệp: Giáo viên",
    "Chi bộ: Trường THPT Nguyễn Du",
};

class PreprocessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(kOmpLimited);
    if (std::string why = RenderUnavailable(); !why.empty()) GTEST_SKIP() << why;
    dir_ = TestDir();
  }

  // Rendered once and shared by the tests, which only read it. ctest runs
  // every test in a process of its own, maybe in parallel: the name carries
  // the content, and the file appears whole or not at all.
  static fs::path FormPage(int dpi = 300) {
    std::string key = std::to_string(dpi);
    for (const std::string& line : kFormLines) key += "\n" + line;
    const fs::path png = fs::path(HOSO_TEST_TMP) /
                         ("form-" + std::to_string(dpi) + "-" +
                          std::to_string(std::hash<std::string>()(key) % 1000000) + ".png");
    if (!fs::exists(png)) {
      fs::path partial = png;
      partial += "." + std::to_string(getpid()) + ".png";
      RenderText(partial, dpi, 6.5, 4.6, 12, kFormLines);
      fs::rename(partial, png);
    }
    return png;
  }

  // Runs preprocess with `options` on one undecoded page of `file`.
  std::vector<hoso::Dossier> Run(const fs::path& file, const std::string& options = "",
                                 int dpi = 300, int page_index = 0,
                                 const std::string& format = "") {
    hoso::Harness h(kPreprocess, options, dir_);
    std::vector<hoso::Dossier> out = h.Run({DossierOfPage(file, page_index, dpi, format)});
    quarantined_ = h.quarantined();
    return out;
  }

  static const hoso::Page& OnlyPage(const std::vector<hoso::Dossier>& out) {
    if (out.size() != 1 || out[0].pages.size() != 1) throw std::runtime_error("expected one page");
    return out[0].pages[0];
  }

  fs::path dir_;
  std::vector<hoso::QuarantineEntry> quarantined_;
};

// Suites are named after the plugin so `ctest -R preprocess` selects them.
using preprocess = PreprocessTest;

TEST_F(preprocess, DecodesAndBinarizesToGray1WithStepTimes) {
  const fs::path png = FormPage();
  const auto out = Run(png, "output: binary");
  ASSERT_TRUE(quarantined_.empty());
  const hoso::Page& page = OnlyPage(out);
  PixPtr source = ReadPix(png);
  EXPECT_EQ(page.image_format, "gray1");
  EXPECT_EQ(page.width, pixGetWidth(source.get()));
  EXPECT_EQ(page.height, pixGetHeight(source.get()));
  EXPECT_EQ(page.dpi, 300);
  ASSERT_EQ(page.image.size(), static_cast<size_t>(page.width) * page.height);
  EXPECT_THAT(page.image, Each(AnyOf(0, 255)));
  for (const char* step :
       {"decode", "gray", "upscale", "orientation", "deskew", "background", "binarize", "despeckle",
        "leaders", "border", "coverage", "output", "preprocess"}) {
    EXPECT_TRUE(page.attributes.contains(std::string("t_") + step + "_ms")) << step;
  }
  EXPECT_EQ(page.attributes.at("orientation_degrees"), "0");
  EXPECT_EQ(page.attributes.at("deskew_degrees"), "0.00");
  // Binarization keeps the ink where it was.
  PixPtr binary = PixOfPage(page);
  EXPECT_NEAR(InkFraction(binary.get()), InkFraction(source.get()), 0.01);
}

TEST_F(preprocess, HandsOcrTheGrayOfTheInkOnWhitePaperByDefault) {
  const fs::path png = FormPage();
  const auto out = Run(png);
  const hoso::Page& page = OnlyPage(out);
  EXPECT_EQ(page.image_format, "gray8");
  EXPECT_TRUE(page.attributes.contains("t_ink_gray_ms"));
  // Paper is pure white; glyph edges keep their shades of gray.
  int white = 0;
  int mid_gray = 0;
  for (unsigned char v : page.image) {
    white += v == 255;
    mid_gray += v > 40 && v < 215;
  }
  EXPECT_GT(white, static_cast<int>(page.image.size() * 9 / 10));
  EXPECT_GT(mid_gray, 1000);
  PixPtr source = ReadPix(png);
  PixPtr result = PixOfPage(page);
  EXPECT_NEAR(InkFraction(result.get()), InkFraction(source.get()), 0.01);
}

TEST_F(preprocess, EstimatesTextLinesAndArea) {
  const auto out = Run(FormPage());
  const hoso::Page& page = OnlyPage(out);
  EXPECT_EQ(page.attributes.at("text_lines_estimate"), std::to_string(kFormLines.size()));
  const double area = std::stod(page.attributes.at("text_area"));
  EXPECT_GT(area, 0.05);
  EXPECT_LT(area, 0.5);
}

TEST_F(preprocess, KeepsGray8WhenBinarizeIsOff) {
  const auto out = Run(FormPage(), "binarize: false\nbackground: false");
  const hoso::Page& page = OnlyPage(out);
  EXPECT_EQ(page.image_format, "gray8");
  EXPECT_FALSE(page.attributes.contains("t_binarize_ms"));
  EXPECT_FALSE(page.attributes.contains("t_background_ms"));
  // Anti-aliased glyph edges are still there.
  int mid_gray = 0;
  for (unsigned char v : page.image) mid_gray += v > 30 && v < 220;
  EXPECT_GT(mid_gray, 1000);
}

TEST_F(preprocess, DeskewsAPageRotatedByTwoAndAHalfDegrees) {
  PixPtr upright = ReadPix(FormPage());
  constexpr float kDegrees = 2.5f;
  PixPtr skewed(pixRotate(upright.get(), kDegrees * 3.14159265f / 180, L_ROTATE_AREA_MAP,
                          L_BRING_IN_WHITE, 0, 0));
  const fs::path file = dir_ / "skewed.png";
  WritePix(file, skewed.get(), IFF_PNG);
  ASSERT_GT(std::fabs(MeasuredSkew(skewed.get())), 2.0f);

  const auto out = Run(file);
  const hoso::Page& page = OnlyPage(out);
  EXPECT_NEAR(std::fabs(std::stof(page.attributes.at("deskew_degrees"))), kDegrees, 0.3);
  PixPtr level = PixOfPage(page);
  EXPECT_LT(std::fabs(MeasuredSkew(level.get())), 0.3f);
  EXPECT_EQ(page.attributes.at("text_lines_estimate"), std::to_string(kFormLines.size()));
}

TEST_F(preprocess, LeavesSkewAloneWhenDeskewIsOff) {
  PixPtr upright = ReadPix(FormPage());
  PixPtr skewed(pixRotate(upright.get(), 2.5f * 3.14159265f / 180, L_ROTATE_AREA_MAP,
                          L_BRING_IN_WHITE, 0, 0));
  const fs::path file = dir_ / "skewed.png";
  WritePix(file, skewed.get(), IFF_PNG);
  const auto out = Run(file, "deskew: false");
  const hoso::Page& page = OnlyPage(out);
  EXPECT_FALSE(page.attributes.contains("deskew_degrees"));
  PixPtr result = PixOfPage(page);
  EXPECT_GT(std::fabs(MeasuredSkew(result.get())), 2.0f);
}

TEST_F(preprocess, UpscalesA150DpiScanTo300) {
  const fs::path low = FormPage(150);
  PixPtr source = ReadPix(low);
  const auto out = Run(low, "", 150);
  const hoso::Page& page = OnlyPage(out);
  EXPECT_EQ(page.dpi, 300);
  EXPECT_EQ(page.attributes.at("upscaled_from_dpi"), "150");
  EXPECT_NEAR(page.width, 2 * pixGetWidth(source.get()), 1);
  EXPECT_NEAR(page.height, 2 * pixGetHeight(source.get()), 1);
}

TEST_F(preprocess, TakesResolutionFromTheFileWhenTheSourceGaveNone) {
  const auto out = Run(FormPage(150), "", /*dpi=*/0);
  EXPECT_EQ(OnlyPage(out).dpi, 300);
}

TEST_F(preprocess, DoesNotUpscaleWhenOff) {
  const fs::path low = FormPage(150);
  PixPtr source = ReadPix(low);
  const auto out = Run(low, "upscale: false", 150);
  const hoso::Page& page = OnlyPage(out);
  EXPECT_EQ(page.dpi, 150);
  EXPECT_EQ(page.width, pixGetWidth(source.get()));
}

TEST_F(preprocess, TurnsAnUpsideDownPageUpright) {
  PixPtr upright = ReadPix(FormPage());
  PixPtr down(pixRotate180(nullptr, upright.get()));
  const fs::path file = dir_ / "down.png";
  WritePix(file, down.get(), IFF_PNG);
  const auto out = Run(file, "binarize: false\nbackground: false");
  const hoso::Page& page = OnlyPage(out);
  EXPECT_EQ(page.attributes.at("orientation_degrees"), "180");
  // Back where it was: the first line's ink is at the top again.
  PixPtr result = PixOfPage(page);
  BOX* top = boxCreate(0, 0, page.width, page.height / 6);
  EXPECT_GT(InkFraction(result.get(), top), 0.01);
  boxDestroy(&top);
}

TEST_F(preprocess, TurnsASidewaysPageUpright) {
  PixPtr upright = ReadPix(FormPage());
  for (int quads : {1, 3}) {
    PixPtr sideways(pixRotateOrth(upright.get(), quads));
    const fs::path file = dir_ / ("sideways-" + std::to_string(quads) + ".png");
    WritePix(file, sideways.get(), IFF_PNG);
    const auto out = Run(file);
    const hoso::Page& page = OnlyPage(out);
    EXPECT_EQ(page.attributes.at("orientation_degrees"), std::to_string(90 * (4 - quads)))
        << "turned " << 90 * quads << " clockwise";
    EXPECT_EQ(page.width, pixGetWidth(upright.get()));
    EXPECT_EQ(page.height, pixGetHeight(upright.get()));
  }
}

TEST_F(preprocess, NormalizesAnUnevenlyLitPage) {
  PixPtr page = ReadPix(FormPage());
  // Light falling off to the right, down to a gray darker than a fixed
  // threshold would call paper.
  const int w = pixGetWidth(page.get());
  for (int y = 0; y < pixGetHeight(page.get()); ++y) {
    l_uint32* line = pixGetData(page.get()) + y * pixGetWpl(page.get());
    for (int x = 0; x < w; ++x) {
      const int v = static_cast<int>(GET_DATA_BYTE(line, x));
      SET_DATA_BYTE(line, x, v * (255 - 170 * x / w) / 255);
    }
  }
  const fs::path file = dir_ / "uneven.png";
  WritePix(file, page.get(), IFF_PNG);
  ASSERT_GT(InkFraction(page.get()), 0.2);  // a plain threshold would blacken a third

  const auto out = Run(file);
  const hoso::Page& result = OnlyPage(out);
  PixPtr binary = PixOfPage(result);
  EXPECT_LT(InkFraction(binary.get()), 0.08);
  EXPECT_EQ(result.attributes.at("text_lines_estimate"), std::to_string(kFormLines.size()));
}

TEST_F(preprocess, RemovesADarkScanBorder) {
  PixPtr page = ReadPix(FormPage());
  const int h = pixGetHeight(page.get());
  // The scanner lid's shadow down the left edge.
  BOX* shadow = boxCreate(0, 0, 60, h);
  pixSetInRectArbitrary(page.get(), shadow, 25);
  boxDestroy(&shadow);
  const fs::path file = dir_ / "border.png";
  WritePix(file, page.get(), IFF_PNG);

  const auto with = Run(file);
  PixPtr cleaned = PixOfPage(OnlyPage(with));
  BOX* band = boxCreate(0, 0, 70, h);
  EXPECT_LT(InkFraction(cleaned.get(), band), 0.001);
  EXPECT_NE(OnlyPage(with).attributes.at("border_regions_removed"), "0");

  const auto without = Run(file, "border: false");
  PixPtr kept = PixOfPage(OnlyPage(without));
  EXPECT_GT(InkFraction(kept.get(), band), 0.01);
  boxDestroy(&band);
}

// Recognized text of one preprocessed page.
std::string OcrText(const hoso::Page& page) {
  hoso::Harness ocr(kOcr, "psm: 7");
  hoso::Dossier dossier;
  dossier.id = "ocr";
  dossier.units.push_back(page.origin);
  dossier.pages.push_back(page);
  const auto out = ocr.Run({dossier});
  if (out.size() != 1 || out[0].pages.size() != 1) return "<no page>";
  return out[0].pages[0].text;
}

TEST_F(preprocess, RemovesSpecklesButKeepsToneMarks) {
  const std::string kName = "Nguyễn Thị Hoà";
  const fs::path clean_file = RenderText(dir_ / "name.png", 300, 3.2, 1.0, 14, {kName});
  PixPtr noisy = ReadPix(clean_file);
  // 2x2 specks all over the paper, as dust on the platen leaves them; apart
  // from each other and from the letters, or they would be part of them.
  std::mt19937 random(7);
  const int w = pixGetWidth(noisy.get());
  const int h = pixGetHeight(noisy.get());
  constexpr int kSpecks = 300;
  PixPtr taken(pixConvertTo1(noisy.get(), 200));
  for (int placed = 0; placed < kSpecks;) {
    const int x = 4 + static_cast<int>(random() % (w - 10));
    const int y = 4 + static_cast<int>(random() % (h - 10));
    BOX* around = boxCreate(x - 3, y - 3, 8, 8);
    l_int32 busy = 0;
    PixPtr area(pixClipRectangle(taken.get(), around, nullptr));
    pixZero(area.get(), &busy);
    if (busy) {
      BOX* speck = boxCreate(x, y, 2, 2);
      pixSetInRectArbitrary(noisy.get(), speck, 0);
      pixSetInRectArbitrary(taken.get(), around, 1);
      boxDestroy(&speck);
      ++placed;
    }
    boxDestroy(&around);
  }
  const fs::path noisy_file = dir_ / "name-specks.png";
  WritePix(noisy_file, noisy.get(), IFF_PNG);

  const auto clean = Run(clean_file);
  const auto despeckled = Run(noisy_file);
  const auto kept = Run(noisy_file, "despeckle: false");
  const hoso::Page& despeckled_page = OnlyPage(despeckled);
  EXPECT_GT(std::stoi(despeckled_page.attributes.at("speckles_removed")), kSpecks * 8 / 10);

  // The specks are gone: what is left is the clean page's ink.
  PixPtr clean_pix = PixOfPage(OnlyPage(clean));
  PixPtr despeckled_pix = PixOfPage(despeckled_page);
  PixPtr kept_pix = PixOfPage(OnlyPage(kept));
  EXPECT_NEAR(InkFraction(despeckled_pix.get()), InkFraction(clean_pix.get()), 0.0005);
  EXPECT_GT(InkFraction(kept_pix.get()), InkFraction(clean_pix.get()) + 0.002);

  // And the marks on the name survived: it reads the same as the clean page.
  EXPECT_EQ(OcrText(OnlyPage(clean)), kName);
  EXPECT_EQ(OcrText(despeckled_page), kName);
}

TEST_F(preprocess, RemovesGreyDottedLeadersButKeepsTheDotsBelowLetters) {
  // make-scans prints leaders at gray 140-190; the darker, the more solid
  // Sauvola makes them. Dots below (ạ, ị, ọ, ộ) sit on the leaders' line,
  // as dark as the text.
  constexpr int kTone = 150;
  const std::vector<std::string> kLines = {"Họ và tên: Nguyễn Thị Hoà",
                                           "Quê quán: xã Thạch Hạ, tỉnh Hà Tĩnh",
                                           "Chi bộ: Trường THPT Nguyễn Du"};
  const fs::path file = RenderText(dir_ / "leaders.png", 300, 6.5, 1.6, 12, kLines, kTone);
  const auto cleaned = Run(file, "output: binary");
  const auto kept = Run(file, "leaders: false\noutput: binary");
  const hoso::Page& page = OnlyPage(cleaned);
  // About 150 dots a line, less those under letters.
  EXPECT_GT(std::stoi(page.attributes.at("leader_dots_removed")), 250);
  EXPECT_TRUE(page.attributes.contains("t_leaders_ms"));
  EXPECT_FALSE(OnlyPage(kept).attributes.contains("leader_dots_removed"));

  // Right of the text there were only leaders: Sauvola makes them solid
  // ink, and the step takes every one of them.
  BOX* right = boxCreate(static_cast<int>(4.6 * 300), 0, static_cast<int>(1.5 * 300), page.height);
  PixPtr cleaned_pix = PixOfPage(page);
  PixPtr kept_pix = PixOfPage(OnlyPage(kept));
  EXPECT_EQ(InkFraction(cleaned_pix.get(), right), 0.0);
  EXPECT_GT(InkFraction(kept_pix.get(), right), 0.001);
  boxDestroy(&right);

  // Under the typed text too, without taking the marks: each line reads
  // as printed, with no run of periods after it.
  for (size_t i = 0; i < kLines.size(); ++i) {
    const fs::path line = RenderText(dir_ / ("line" + std::to_string(i) + ".png"), 300, 6.5, 0.7,
                                     12, {kLines[i]}, kTone);
    EXPECT_EQ(OcrText(OnlyPage(Run(line))), kLines[i]);
  }
}

TEST_F(preprocess, QuarantinesATruncatedFileNamingFileAndPage) {
  PixPtr page = ReadPix(FormPage());
  for (const auto& [name, format] :
       std::vector<std::pair<std::string, int>>{{"cut.tif", IFF_TIFF_G4}, {"cut.png", IFF_PNG}}) {
    const fs::path file = dir_ / name;
    PixPtr binary(pixConvertTo1(page.get(), 128));
    WritePix(file, format == IFF_PNG ? page.get() : binary.get(), format);
    fs::resize_file(file, fs::file_size(file) / 2);

    const auto out = Run(file);
    // Its only page quarantined: the emptied dossier goes no further.
    EXPECT_TRUE(out.empty());
    ASSERT_EQ(quarantined_.size(), 1u);
    EXPECT_EQ(quarantined_[0].unit.file, file.string());
    EXPECT_EQ(quarantined_[0].unit.page, 0);
    EXPECT_THAT(quarantined_[0].reason,
                AllOf(HasSubstr(file.string() + " page 1"), HasSubstr("cannot decode")));
  }
}

TEST_F(preprocess, QuarantinesOnlyTheBadPageOfADossier) {
  const fs::path good = FormPage();
  const fs::path missing = dir_ / "missing.tif";
  hoso::Dossier dossier = DossierOfPage(good, 0, 300, "png");
  hoso::Dossier other = DossierOfPage(missing, 3, 300, "tiff");
  dossier.units.push_back(other.units[0]);
  dossier.pages.push_back(other.pages[0]);
  hoso::Harness h(kPreprocess, "", dir_);
  const auto out = h.Run({dossier});
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].pages.size(), 1u);
  EXPECT_EQ(out[0].pages[0].origin.file, good.string());
  ASSERT_EQ(out[0].units.size(), 1u);
  ASSERT_EQ(h.quarantined().size(), 1u);
  EXPECT_THAT(h.quarantined()[0].reason, HasSubstr("missing.tif page 4: cannot decode"));
}

TEST_F(preprocess, ReadsTheRequestedPageOfAMultiPageTiff) {
  PixPtr first = ReadPix(FormPage());
  PixPtr second(pixScale(first.get(), 0.5f, 0.5f));
  const fs::path file = dir_ / "two.tif";
  ASSERT_EQ(pixWriteTiff(file.c_str(), first.get(), IFF_TIFF_ZIP, "w"), 0);
  ASSERT_EQ(pixWriteTiff(file.c_str(), second.get(), IFF_TIFF_ZIP, "a"), 0);
  const auto out = Run(file, "upscale: false", 300, 1, "tiff");
  EXPECT_EQ(OnlyPage(out).width, pixGetWidth(second.get()));

  Run(file, "", 300, 2, "tiff");
  ASSERT_EQ(quarantined_.size(), 1u);
  EXPECT_THAT(quarantined_[0].reason, HasSubstr("two.tif page 3: cannot decode"));
}

TEST_F(preprocess, RendersPdfPagesAtThePageDpi) {
  PixPtr page = ReadPix(FormPage());
  const fs::path file = dir_ / "form.pdf";
  // Leptonica embeds the image at its resolution: 6.5 x 4.6 in.
  ASSERT_EQ(pixWrite(file.c_str(), page.get(), IFF_LPDF), 0);
  const auto out = Run(file, "binarize: false", 200, 0, "pdf");
  const hoso::Page& result = OnlyPage(out);
  EXPECT_EQ(result.attributes.count("upscaled_from_dpi"), 0u) << "200 is not below min_dpi";
  EXPECT_NEAR(result.width, 6.5 * 200, 2);
  EXPECT_NEAR(result.height, 4.6 * 200, 2);
  EXPECT_EQ(result.dpi, 200);

  Run(file, "", 300, 1, "pdf");
  ASSERT_EQ(quarantined_.size(), 1u);
  EXPECT_THAT(quarantined_[0].reason,
              HasSubstr("form.pdf page 2: cannot decode (PDF has 1 pages)"));
}

TEST_F(preprocess, WritesEveryIntermediateImageToDebugDir) {
  const fs::path debug = dir_ / "debug";
  PixPtr upright = ReadPix(FormPage());
  PixPtr skewed(pixRotate(upright.get(), 0.04f, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0));
  const fs::path file = dir_ / "scan.png";
  WritePix(file, skewed.get(), IFF_PNG);
  Run(file, "debug_dir: debug");
  for (const char* step : {"gray", "deskew", "background", "binarize", "despeckle", "border"}) {
    EXPECT_TRUE(fs::exists(debug / (std::string("scan-p1-") + step + ".png"))) << step;
  }
}

TEST_F(preprocess, RefusesATargetBelowTheMinimum) {
  EXPECT_THROW(hoso::Harness(kPreprocess, "min_dpi: 250\ntarget_dpi: 200"), std::exception);
}

}  // namespace
}  // namespace preprocess_test

namespace preprocess_test {
namespace {

// Pages from fixtures/scans (scripts/make-scans), with what was done to
// them in truth/ and manifest.json. Skipped while the fixtures are absent.
class preprocess_fixture_scans : public PreprocessTest {
 protected:
  void SetUp() override {
    PreprocessTest::SetUp();
    if (IsSkipped()) return;
    root_ = fs::path(HOSO_SOURCE_DIR) / "fixtures/scans";
    if (!fs::exists(root_ / "manifest.json")) GTEST_SKIP() << "no fixtures/scans";
  }

  nlohmann::json Truth(const std::string& id) {
    std::ifstream in(root_ / "truth" / (id + ".json"));
    return nlohmann::json::parse(in);
  }

  // The page as preprocess leaves it, read from `file` under fixtures/scans.
  hoso::Page Preprocessed(const std::string& file, int index, const std::string& options = "") {
    hoso::Harness h(kPreprocess, options, root_);
    hoso::Dossier dossier = DossierOfPage(file, index, 0, "tiff");
    auto out = h.Run({dossier});
    if (out.size() != 1 || out[0].pages.size() != 1) throw std::runtime_error(file + " failed");
    return out[0].pages[0];
  }

  fs::path root_;
};

TEST_F(preprocess_fixture_scans, StraightensUpscalesAndCountsLinesOfHeavilyDegradedPages) {
  for (const auto& [id, index] :
       std::vector<std::pair<std::string, int>>{{"scan-3-00001", 0}, {"scan-3-00002", 1}}) {
    SCOPED_TRACE(id + " page " + std::to_string(index + 1));
    const nlohmann::json page_truth = Truth(id)["pages"][index];
    const nlohmann::json& heavy = page_truth["degraded"]["heavy"];
    double rotated = 0;
    for (const nlohmann::json& op : heavy["recipe"]) {
      if (op["op"] == "rotate") rotated = op["degrees"].get<double>();
    }
    const hoso::Page page = Preprocessed("degraded-heavy/" + id + ".tif", index);
    EXPECT_NEAR(std::stod(page.attributes.at("deskew_degrees")), rotated, 0.3);
    EXPECT_EQ(page.attributes.at("orientation_degrees"), "0");
    EXPECT_EQ(page.dpi, 300);
    if (heavy["dpi"].get<int>() < 200) {
      EXPECT_EQ(page.attributes.at("upscaled_from_dpi"), std::to_string(heavy["dpi"].get<int>()));
      EXPECT_EQ(page.width, 2 * heavy["width"].get<int>());
    }
    const std::string text = page_truth["text"];
    const int truth_lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    EXPECT_NEAR(std::stoi(page.attributes.at("text_lines_estimate")), truth_lines, 2);
    EXPECT_GT(std::stoi(page.attributes.at("speckles_removed")), 20);
  }
}

TEST_F(preprocess_fixture_scans, TurnsAnUpsideDownScanUpright) {
  PixPtr page(pixReadTiff((root_ / "degraded-mild/scan-3-00002.tif").c_str(), 1));
  ASSERT_TRUE(page);
  PixPtr down(pixRotate180(nullptr, page.get()));
  const fs::path file = dir_ / "down.tif";
  WritePix(file, down.get(), IFF_TIFF_ZIP);
  hoso::Harness h(kPreprocess, "", dir_);
  const auto out = h.Run({DossierOfPage(file, 0, 300, "tiff")});
  EXPECT_EQ(OnlyPage(out).attributes.at("orientation_degrees"), "180");
}

}  // namespace
}  // namespace preprocess_test
