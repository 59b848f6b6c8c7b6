#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "hoso/harness.h"

namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// libgomp, loaded with Tesseract, reads this once when it is loaded: set
// before any Harness loads the plugin, as the host does.
const bool kOmpLimited = [] { return setenv("OMP_THREAD_LIMIT", "1", 1) == 0; }();

const std::string kOcr = std::string(HOSO_PLUGIN_DIR) + "/ocr_tesseract.so";
const std::string kPreprocess = std::string(HOSO_PLUGIN_DIR) + "/preprocess.so";
const std::string kNameLine = "Họ và tên: Nguyễn Văn Hùng";  // NFC in this file

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

struct PixDeleter {
  void operator()(PIX* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Why pages cannot be rendered here, or "".
std::string RenderUnavailable() {
  static const std::string reason = [] {
    if (!fs::exists("/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf")) {
      return std::string("Noto Serif is missing (fonts-noto-core)");
    }
    if (std::system("/usr/bin/python3 -c 'import PIL' >/dev/null 2>&1") != 0) {
      return std::string("Pillow is missing (python3-pil)");
    }
    return std::string();
  }();
  return reason;
}

// Lines of Noto Serif on white, as an 8-bit PNG that records its dpi.
fs::path Render(const fs::path& png, double width_in, double height_in, double points,
                const std::vector<std::string>& lines, int dpi = 300) {
  std::string command =
      "/usr/bin/python3 " + ShellQuote(std::string(OCR_TEST_DIR) + "/render_text.py") + " " +
      ShellQuote(png.string()) + " " + std::to_string(dpi) + " " + std::to_string(width_in) + " " +
      std::to_string(height_in) + " " + std::to_string(points);
  for (const std::string& line : lines) command += " " + ShellQuote(line);
  if (std::system(command.c_str()) != 0) throw std::runtime_error("cannot render " + png.string());
  return png;
}

hoso::Page UndecodedPage(const fs::path& file, int index = 0) {
  hoso::Page page;
  page.origin.file = file.string();
  page.origin.page = index;
  page.dpi = 300;
  page.source_format = file.extension() == ".pdf" ? "pdf" : "png";
  return page;
}

// The page as a preprocess stage leaves it: raw gray8, or gray1 0/255.
hoso::Page RawPage(const fs::path& png, bool binary) {
  PixPtr pix(pixRead(png.c_str()));
  hoso::Page page = UndecodedPage(png);
  page.width = pixGetWidth(pix.get());
  page.height = pixGetHeight(pix.get());
  page.image_format = binary ? "gray1" : "gray8";
  for (int y = 0; y < page.height; ++y) {
    for (int x = 0; x < page.width; ++x) {
      l_uint32 v = 0;
      pixGetPixel(pix.get(), x, y, &v);
      page.image.push_back(binary ? (v < 128 ? 0 : 255) : static_cast<unsigned char>(v));
    }
  }
  return page;
}

hoso::Dossier DossierOf(std::vector<hoso::Page> pages, std::string id = "d1") {
  hoso::Dossier dossier;
  dossier.id = std::move(id);
  for (const hoso::Page& page : pages) dossier.units.push_back(page.origin);
  dossier.pages = std::move(pages);
  return dossier;
}

bool HasCombiningMarks(const std::string& utf8) {
  // U+0300..U+036F are 0xCC 0x80.. 0xCD 0xAF in UTF-8.
  for (size_t i = 0; i + 1 < utf8.size(); ++i) {
    const auto a = static_cast<unsigned char>(utf8[i]);
    const auto b = static_cast<unsigned char>(utf8[i + 1]);
    if ((a == 0xCC && b >= 0x80) || (a == 0xCD && b <= 0xAF)) return true;
  }
  return false;
}

// Code points of UTF-8 text, lines with runs of spaces collapsed and blank
// lines dropped, as scripts/make_scans/ocr_check.py normalizes before its CER.
std::u32string NormalizedCodePoints(const std::string& utf8) {
  std::u32string out;
  std::u32string line;
  bool space = false;
  auto end_line = [&] {
    while (!line.empty() && line.back() == U' ') line.pop_back();
    if (line.empty()) return;
    if (!out.empty()) out += U'\n';
    out += line;
    line.clear();
  };
  for (size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    const int length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = length == 1 ? c : c & (0x3F >> (length - 1));
    for (int k = 1; k < length && i + k < utf8.size(); ++k) cp = (cp << 6) | (utf8[i + k] & 0x3F);
    i += length;
    if (cp == U'\n') {
      end_line();
      space = false;
    } else if (cp == U' ' || cp == U'\t' || cp == U'\r') {
      space = !line.empty();
    } else {
      if (space) line += U' ';
      space = false;
      line += cp;
    }
  }
  end_line();
  return out;
}

// Character error rate of `got` against `truth`: Levenshtein distance over
// normalized code points / truth length. Reading order counts.
double Cer(const std::string& got, const std::string& truth) {
  const std::u32string a = NormalizedCodePoints(got);
  const std::u32string b = NormalizedCodePoints(truth);
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return b.empty() ? 0 : static_cast<double>(row[b.size()]) / static_cast<double>(b.size());
}

class OcrTesseractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(kOmpLimited);
    if (std::string why = RenderUnavailable(); !why.empty()) GTEST_SKIP() << why;
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(HOSO_TEST_TMP) / info->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }

  fs::path NameLine() { return Render(dir_ / "name.png", 5.2, 0.8, 12, {kNameLine}); }

  fs::path dir_;
};

// Suites are named after the plugin so `ctest -R ocr_tesseract` selects them.
using ocr_tesseract = OcrTesseractTest;

TEST_F(ocr_tesseract, ReadsAVietnameseLineInNfcWithWordsAndLines) {
  const fs::path png = NameLine();
  hoso::Harness ocr(kOcr, "psm: 3", dir_);
  const auto out = ocr.Run({DossierOf({UndecodedPage(png)})});
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].pages.size(), 1u);
  const hoso::Page& page = out[0].pages[0];

  EXPECT_EQ(page.text, kNameLine);
  EXPECT_FALSE(HasCombiningMarks(page.text));
  ASSERT_EQ(page.words.size(), 6u);
  EXPECT_EQ(page.words[4].text, "Văn");
  for (const hoso::Word& word : page.words) {
    EXPECT_GE(word.confidence, 0.0f);
    EXPECT_LE(word.confidence, 1.0f);
    EXPECT_GE(word.box.x, 0);
    EXPECT_GE(word.box.y, 0);
    EXPECT_GT(word.box.w, 0);
    EXPECT_GT(word.box.h, 0);
    EXPECT_LE(word.box.x + word.box.w, page.width);
    EXPECT_LE(word.box.y + word.box.h, page.height);
  }
  ASSERT_EQ(page.lines.size(), 1u);
  EXPECT_EQ(page.lines[0].text, kNameLine);
  EXPECT_EQ(page.lines[0].first_word, 0);
  EXPECT_EQ(page.lines[0].word_count, 6);
  EXPECT_GT(page.lines[0].confidence, 0.7f);
  EXPECT_GT(page.mean_confidence, 0.7);
  EXPECT_LE(page.mean_confidence, 1.0);
  EXPECT_TRUE(page.attributes.contains("t_ocr_ms"));
  EXPECT_TRUE(page.attributes.contains("t_recognize_ms"));
  EXPECT_FALSE(page.attributes.contains("findings"));
  // Decoded here, the page got its size; the pixels are not kept.
  EXPECT_EQ(page.width, static_cast<int>(5.2 * 300));
  EXPECT_THAT(page.image, IsEmpty());
  EXPECT_TRUE(ocr.quarantined().empty());
}

TEST_F(ocr_tesseract, ReadsRawGray8AndGray1Pages) {
  const fs::path png = NameLine();
  hoso::Harness ocr(kOcr, "keep_image: true", dir_);
  // One engine, several pages and dossiers in a row.
  const auto out = ocr.Run(
      {DossierOf({RawPage(png, false)}, "gray8"), DossierOf({RawPage(png, true)}, "gray1")});
  ASSERT_EQ(out.size(), 2u);
  for (const hoso::Dossier& dossier : out) {
    ASSERT_EQ(dossier.pages.size(), 1u) << dossier.id;
    EXPECT_EQ(dossier.pages[0].text, kNameLine) << dossier.id;
    EXPECT_EQ(dossier.pages[0].image_format, dossier.id) << "keep_image keeps the pixels";
    EXPECT_FALSE(dossier.pages[0].image.empty());
  }
}

TEST_F(ocr_tesseract, FlagsALowConfidencePage) {
  // Text drowned in blotches: Tesseract still finds "words", badly.
  PixPtr page(pixRead(NameLine().c_str()));
  std::mt19937 random(11);
  const int w = pixGetWidth(page.get());
  const int h = pixGetHeight(page.get());
  for (int i = 0; i < 400; ++i) {
    BOX* blot = boxCreate(static_cast<int>(random() % w), static_cast<int>(random() % h),
                          4 + static_cast<int>(random() % 14), 4 + static_cast<int>(random() % 24));
    pixSetInRectArbitrary(page.get(), blot, 0);
    boxDestroy(&blot);
  }
  const fs::path noisy = dir_ / "noise.png";
  ASSERT_EQ(pixWrite(noisy.c_str(), page.get(), IFF_PNG), 0);

  hoso::Dossier with_record = DossierOf({UndecodedPage(noisy)}, "with");
  with_record.records.emplace_back();
  hoso::Harness ocr(kOcr, "", dir_);
  const auto out = ocr.Run({with_record, DossierOf({UndecodedPage(noisy)}, "without")});
  ASSERT_EQ(out.size(), 2u);
  const hoso::Page& flagged = out[0].pages.at(0);
  ASSERT_FALSE(flagged.words.empty());
  EXPECT_LT(flagged.mean_confidence, 0.7);
  ASSERT_EQ(out[0].records.at(0).findings.size(), 1u);
  const hoso::Finding& finding = out[0].records[0].findings[0];
  EXPECT_EQ(finding.rule_id, "ocr.low_confidence");
  EXPECT_EQ(finding.severity, hoso::Severity::kWarning);
  EXPECT_EQ(finding.field, "");
  EXPECT_THAT(finding.message,
              AllOf(HasSubstr("noise.png page 1: mean confidence 0."), HasSubstr(" below 0.70")));
  EXPECT_EQ(finding.suggested_fix, "rescan or review");
  EXPECT_EQ(flagged.attributes.at("findings"), "ocr.low_confidence");
  EXPECT_FALSE(flagged.attributes.contains("warnings")) << "the record carries it";

  // No record yet: the page keeps the message for field extraction.
  const hoso::Page& unowned = out[1].pages.at(0);
  EXPECT_EQ(unowned.attributes.at("findings"), "ocr.low_confidence");
  EXPECT_THAT(unowned.attributes.at("warnings"), HasSubstr("mean confidence"));
}

TEST_F(ocr_tesseract, FlagsAPageWhoseLayoutDroppedText) {
  hoso::Page page = RawPage(NameLine(), true);
  page.attributes["text_lines_estimate"] = "5";  // as preprocess would say of a fuller page
  hoso::Page fine = RawPage(NameLine(), true);
  fine.attributes["text_lines_estimate"] = "1";
  hoso::Harness ocr(kOcr, "", dir_);
  const auto out = ocr.Run({DossierOf({page, fine})});
  ASSERT_EQ(out.at(0).pages.size(), 2u);
  const hoso::Page& dropped = out[0].pages[0];
  EXPECT_EQ(dropped.attributes.at("text_lines_recognized"), "1");
  EXPECT_EQ(dropped.attributes.at("findings"), "ocr.layout_dropped_text");
  EXPECT_THAT(
      dropped.attributes.at("warnings"),
      AllOf(HasSubstr("layout dropped text"), HasSubstr("1 text lines recognized of about 5")));
  EXPECT_FALSE(out[0].pages[1].attributes.contains("findings"));
}

TEST_F(ocr_tesseract, AStraightenedSkewedPageKeepsAllItsLines) {
  PixPtr upright(pixRead(Render(dir_ / "form.png", 6.5, 4.6, 12, kFormLines).c_str()));
  PixPtr skewed(pixRotate(upright.get(), 2.5f * 3.14159265f / 180, L_ROTATE_AREA_MAP,
                          L_BRING_IN_WHITE, 0, 0));
  const fs::path file = dir_ / "skewed.png";
  ASSERT_EQ(pixWrite(file.c_str(), skewed.get(), IFF_PNG), 0);
  hoso::Harness preprocess(kPreprocess, "", dir_);
  hoso::Harness ocr(kOcr, "", dir_);
  const auto out = ocr.Run(preprocess.Run({DossierOf({UndecodedPage(file)})}));
  ASSERT_EQ(out.at(0).pages.size(), 1u);
  const hoso::Page& page = out[0].pages[0];
  EXPECT_EQ(page.attributes.at("text_lines_estimate"), std::to_string(kFormLines.size()));
  EXPECT_FALSE(page.attributes.contains("findings")) << page.attributes.at("findings");
  EXPECT_THAT(page.text, HasSubstr(kNameLine));
  EXPECT_THAT(page.text, HasSubstr("Chi bộ: Trường THPT Nguyễn Du"));
}

TEST_F(ocr_tesseract, QuarantinesAPageThatMissesItsDeadline) {
  const fs::path full = Render(dir_ / "full.png", 8.27, 11.69, 12, kFormLines);
  hoso::Page page = UndecodedPage(full);
  hoso::Harness ocr(kOcr, "page_deadline_ms: 1", dir_);
  const auto start = std::chrono::steady_clock::now();
  const auto out = ocr.Run({DossierOf({page, UndecodedPage(NameLine())})});
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(seconds, 10);
  ASSERT_EQ(ocr.quarantined().size(), 2u);  // 1 ms is too short for the small page too
  EXPECT_EQ(ocr.quarantined()[0].unit.file, full.string());
  EXPECT_THAT(ocr.quarantined()[0].reason,
              AllOf(HasSubstr(full.string() + " page 1"), HasSubstr("page_deadline_ms (1 ms)")));
  // Every page quarantined: the emptied dossier goes no further.
  EXPECT_THAT(out, IsEmpty());
}

TEST_F(ocr_tesseract, QuarantinesPagesItCannotRead) {
  const fs::path cut = dir_ / "cut.png";
  fs::copy_file(NameLine(), cut);
  fs::resize_file(cut, fs::file_size(cut) / 2);
  const fs::path pdf = dir_ / "scan.pdf";
  std::ofstream(pdf) << "%PDF-1.4\n";
  hoso::Harness ocr(kOcr, "", dir_);
  const auto out = ocr.Run({DossierOf({UndecodedPage(cut), UndecodedPage(pdf)})});
  ASSERT_EQ(ocr.quarantined().size(), 2u);
  EXPECT_THAT(ocr.quarantined()[0].reason, HasSubstr("cut.png page 1: cannot decode"));
  EXPECT_THAT(ocr.quarantined()[1].reason,
              HasSubstr("scan.pdf page 1: cannot decode (PDF pages need the preprocess stage"));
  EXPECT_THAT(out, IsEmpty());  // nothing left of the dossier
}

TEST_F(ocr_tesseract, WritesHocrPerDossier) {
  hoso::Harness ocr(kOcr, "hocr_dir: hocr", dir_);
  const fs::path png = NameLine();
  ocr.Run({DossierOf({UndecodedPage(png), RawPage(png, true)}, "members/7")});
  const fs::path file = dir_ / "hocr" / "members_7.hocr";
  ASSERT_TRUE(fs::exists(file));
  std::stringstream text;
  text << std::ifstream(file).rdbuf();
  EXPECT_THAT(text.str(),
              AllOf(HasSubstr("<title>members/7</title>"), HasSubstr("class='ocr_page'"),
                    HasSubstr("class='ocrx_word'"), HasSubstr("Nguyễn"), HasSubstr("</html>")));
  // Two pages, each with ids of its own.
  EXPECT_THAT(text.str(), AllOf(HasSubstr("id='page_1'"), HasSubstr("id='page_2'")));
}

TEST_F(ocr_tesseract, WritesASearchablePdfPerDossier) {
  hoso::Harness ocr(kOcr, "pdf_dir: pdf", dir_);
  const fs::path png = NameLine();
  const auto out = ocr.Run({DossierOf({UndecodedPage(png), RawPage(png, false)}, "members/7")});
  ASSERT_EQ(out.size(), 1u);
  ASSERT_EQ(out[0].pages.size(), 2u);
  const fs::path file = dir_ / "pdf" / "members_7.pdf";
  ASSERT_TRUE(fs::exists(file));
  // Written through a temporary file, which is gone.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "pdf")) files += entry.exists();
  EXPECT_EQ(files, 1);

  // poppler finds the recognized words in the text layer of both pages, on
  // pages the size of the 300-dpi image.
  std::unique_ptr<poppler::document> pdf(poppler::document::load_from_file(file.string()));
  ASSERT_NE(pdf, nullptr);
  ASSERT_EQ(pdf->pages(), 2);
  PixPtr image(pixRead(png.c_str()));
  for (int i = 0; i < 2; ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    ASSERT_NE(page, nullptr);
    const poppler::byte_array utf8 = page->text().to_utf8();
    const std::string text(utf8.begin(), utf8.end());
    EXPECT_THAT(text, AllOf(HasSubstr("Nguyễn"), HasSubstr("Hùng"))) << "page " << i + 1;
    const poppler::rectf box = page->page_rect();
    EXPECT_NEAR(box.width(), pixGetWidth(image.get()) * 72.0 / 300, 1.0);
    EXPECT_NEAR(box.height(), pixGetHeight(image.get()) * 72.0 / 300, 1.0);
  }
}

TEST_F(ocr_tesseract, WritesNoPdfForADossierWithoutReadablePages) {
  hoso::Harness ocr(kOcr, "pdf_dir: pdf", dir_);
  ocr.Run({DossierOf({UndecodedPage(dir_ / "missing.png")}, "lost")});
  EXPECT_EQ(ocr.quarantined().size(), 1u);
  EXPECT_FALSE(fs::exists(dir_ / "pdf" / "lost.pdf"));
  if (fs::exists(dir_ / "pdf")) {
    EXPECT_TRUE(fs::is_empty(dir_ / "pdf"));
  }
}

TEST_F(ocr_tesseract, RefusesALanguageItCannotLoad) {
  try {
    hoso::Harness ocr(kOcr, "lang: xyz", dir_);
    FAIL() << "loaded a language that does not exist";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("language 'xyz'"));
  }
}

TEST_F(ocr_tesseract, RefusesAPageSegmentationModeOutOfRange) {
  EXPECT_THROW(hoso::Harness(kOcr, "psm: 14", dir_), hoso::LoadError);
}

}  // namespace

namespace {

// Where a full A4 page's time goes, step by step:
//   ocr_tesseract_test --gtest_also_run_disabled_tests --gtest_filter='*Benchmark*'
// CPU seconds are printed next to wall seconds: on a busy machine the wall
// clock also counts time spent waiting for a core.
TEST_F(ocr_tesseract, DISABLED_BenchmarkFullPage) {
  std::vector<std::string> lines;
  for (int i = 0; i < 3; ++i) lines.insert(lines.end(), kFormLines.begin(), kFormLines.end());
  PixPtr upright(pixRead(Render(dir_ / "a4.png", 8.27, 11.69, 11, lines).c_str()));
  PixPtr skewed(pixRotate(upright.get(), 1.5f * 3.14159265f / 180, L_ROTATE_AREA_MAP,
                          L_BRING_IN_WHITE, 0, 0));
  const fs::path file = dir_ / "a4-skewed.png";
  ASSERT_EQ(pixWrite(file.c_str(), skewed.get(), IFF_PNG), 0);
  std::vector<hoso::Page> pages = {UndecodedPage(file)};
  const fs::path fixture =
      fs::path(HOSO_SOURCE_DIR) / "fixtures/scans/degraded-heavy/scan-3-00002.tif";
  if (fs::exists(fixture)) {
    hoso::Page page = UndecodedPage(fixture, 1);
    page.source_format = "tiff";
    pages.push_back(page);
  }
  hoso::Harness preprocess(kPreprocess, "", dir_);
  hoso::Harness ocr(kOcr, "", dir_);
  auto cpu = [] { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };
  auto wall = [] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  };
  for (const hoso::Page& input : pages) {
    for (int run = 0; run < 3; ++run) {
      const double w0 = wall(), c0 = cpu();
      auto cleaned = preprocess.Run({DossierOf({input})});
      const double w1 = wall(), c1 = cpu();
      const auto out = ocr.Run(cleaned);
      const double w2 = wall(), c2 = cpu();
      const hoso::Page& page = out.at(0).pages.at(0);
      std::printf(
          "%s run %d: preprocess %.2f s wall %.2f s cpu, ocr %.2f s wall %.2f s cpu, "
          "%zu lines, %zu words, confidence %.2f\n",
          fs::path(input.origin.file).filename().c_str(), run, w1 - w0, c1 - c0, w2 - w1, c2 - c1,
          page.lines.size(), page.words.size(), page.mean_confidence);
      if (run == 2) {
        for (const auto& [key, value] : page.attributes) {
          std::printf("  %s = %s\n", key.c_str(), value.c_str());
        }
      }
    }
  }
}

}  // namespace
namespace {

// Pages from fixtures/scans (scripts/make-scans) through preprocess and OCR,
// checked against truth/. Skipped while the fixtures are absent.
TEST_F(ocr_tesseract, ReadsFixtureScansWholeAndInNfc) {
  const fs::path root = fs::path(HOSO_SOURCE_DIR) / "fixtures/scans";
  if (!fs::exists(root / "manifest.json")) GTEST_SKIP() << "no fixtures/scans";
  hoso::Harness preprocess(kPreprocess, "", root);
  hoso::Harness ocr(kOcr, "", root);
  auto read = [&](const std::string& file, int index) {
    hoso::Page page;
    page.origin.file = file;
    page.origin.page = index;
    page.source_format = "tiff";
    const auto out = ocr.Run(preprocess.Run({DossierOf({page})}));
    if (out.size() != 1 || out[0].pages.size() != 1) throw std::runtime_error(file + " failed");
    return out[0].pages[0];
  };
  auto truth = [&](const std::string& id, int index) {
    std::ifstream in(root / "truth" / (id + ".json"));
    return nlohmann::json::parse(in)["pages"][index];
  };

  // Heavily degraded (skew -2.4 degrees, 150-dpi rescan, speckles, JPEG):
  // the printed field values come back, in NFC.
  const hoso::Page heavy = read("degraded-heavy/scan-3-00002.tif", 1);
  const nlohmann::json heavy_truth = truth("scan-3-00002", 1);
  int found = 0;
  int fields = 0;
  for (const nlohmann::json& field : heavy_truth["fields"]) {
    const std::string printed = field["printed"];
    ++fields;
    found += heavy.text.find(printed) != std::string::npos;
  }
  EXPECT_GE(found * 10, fields * 8) << found << " of " << fields << " fields read";
  EXPECT_FALSE(HasCombiningMarks(heavy.text));
  EXPECT_GT(heavy.mean_confidence, 0.8);
  EXPECT_FALSE(heavy.attributes.contains("findings")) << heavy.attributes.at("findings");

  // The clean standard member sheet has grey dotted leaders ("Họ và tên
  // khai sinh: ......", leader_tone 167). preprocess takes them out, so
  // psm 3 reads every line at once (no psm-6 re-read) and no value ends
  // in a run of periods.
  const hoso::Page clean = read("clean/scan-3-00001.tif", 0);
  const nlohmann::json clean_truth = truth("scan-3-00001", 0);
  EXPECT_GT(std::stoi(clean.attributes.at("leader_dots_removed")), 200);
  EXPECT_GT(clean.mean_confidence, 0.8);
  const std::string text = clean_truth["text"];
  const int truth_lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
  EXPECT_NEAR(std::stoi(clean.attributes.at("text_lines_estimate")), truth_lines, 2);
  EXPECT_FALSE(clean.attributes.contains("layout_retry_psm"));
  EXPECT_GE(std::stod(clean.attributes.at("text_lines_ratio")), 0.9);
  EXPECT_FALSE(clean.attributes.contains("findings"));
  EXPECT_THAT(clean.text, Not(HasSubstr("..")));
  EXPECT_LT(Cer(clean.text, text), 0.01) << clean.text;
}

TEST_F(ocr_tesseract, ReadsSideBySideBlocksAlongTheirPrintedLines) {
  const fs::path root = fs::path(HOSO_SOURCE_DIR) / "fixtures/scans";
  if (!fs::exists(root / "manifest.json")) GTEST_SKIP() << "no fixtures/scans";
  // The member sheet's header is two blocks side by side (the party
  // committee left, the Party's name right), and so is its foot (the
  // cell's confirmation left, the date and the member's signature right).
  hoso::Harness preprocess(kPreprocess, "", root);
  hoso::Page scan;
  scan.origin.file = "clean/scan-3-00001.tif";
  scan.origin.page = 0;
  scan.source_format = "tiff";
  const std::vector<hoso::Dossier> ready = preprocess.Run({DossierOf({scan})});
  auto read = [&](const std::string& options) {
    hoso::Harness ocr(kOcr, options, root);
    const auto out = ocr.Run(ready);
    if (out.size() != 1 || out[0].pages.size() != 1) throw std::runtime_error("not read");
    return out[0].pages[0];
  };
  const std::string kHeader = "ĐẢNG BỘ TỈNH HOÀ BÌNH ĐẢNG CỘNG SẢN VIỆT NAM";
  const std::string kFoot = "XÁC NHẬN CỦA CHI ỦY NGƯỜI KHAI";

  // Tesseract's order reads a block to its end before the next.
  const hoso::Page blocks = read("text_order: tesseract");
  EXPECT_THAT(blocks.text, AllOf(Not(HasSubstr(kHeader)), Not(HasSubstr(kFoot))));

  // Rows: one line of text per printed line, as the truth has it.
  const hoso::Page rows = read("");
  EXPECT_THAT(rows.text, AllOf(HasSubstr(kHeader + "\n"), HasSubstr(kFoot + "\n")));
  ASSERT_EQ(rows.lines.size(), blocks.lines.size());
  ASSERT_EQ(rows.words.size(), blocks.words.size());
  // Lines come top to bottom (a row's lines share most of their height),
  // and each still names its own words.
  std::string joined;
  for (size_t i = 0; i < rows.lines.size(); ++i) {
    const hoso::Line& line = rows.lines[i];
    if (i > 0) {
      const hoso::Line& before = rows.lines[i - 1];
      const bool same_row = line.box.y < before.box.y + before.box.h / 2;
      EXPECT_TRUE(same_row ? line.box.x > before.box.x : line.box.y > before.box.y) << line.text;
      joined += same_row ? " " : "\n";
    }
    joined += line.text;
    std::string words;
    for (int w = line.first_word; w < line.first_word + line.word_count; ++w) {
      words += (words.empty() ? "" : " ") + rows.words.at(static_cast<size_t>(w)).text;
    }
    EXPECT_EQ(words, line.text);
  }
  EXPECT_EQ(joined, rows.text);
  const std::string truth = [&] {
    std::ifstream in(root / "truth/scan-3-00001.json");
    return nlohmann::json::parse(in)["pages"][0]["text"].get<std::string>();
  }();
  EXPECT_LT(Cer(rows.text, truth), Cer(blocks.text, truth) / 4);
}

TEST_F(ocr_tesseract, FlagsTheFixtureSheetWhoseLeadersMadeTheLayoutDropText) {
  const fs::path root = fs::path(HOSO_SOURCE_DIR) / "fixtures/scans";
  if (!fs::exists(root / "manifest.json")) GTEST_SKIP() << "no fixtures/scans";
  // The leaders left in and binarized to solid dots: Tesseract's automatic
  // layout (psm 3) takes the form body for a picture and reads under half
  // of the lines, with good confidence on what it reads. Word confidence
  // cannot tell; the line estimate can.
  hoso::Harness preprocess(kPreprocess, "leaders: false\noutput: binary", root);
  hoso::Page page;
  page.origin.file = "clean/scan-3-00001.tif";
  page.origin.page = 0;
  page.source_format = "tiff";
  const std::vector<hoso::Dossier> ready = preprocess.Run({DossierOf({page})});

  // psm 3 read 9 of 21 lines (Debian's Tesseract 5.3, vie); the retry as
  // one block (psm 6) reads them all, and the page is not flagged.
  hoso::Harness ocr(kOcr, "", root);
  const auto retried = ocr.Run(ready);
  ASSERT_EQ(retried.size(), 1u);
  EXPECT_EQ(retried[0].pages.at(0).attributes.at("layout_retry_kept"), "true");
  EXPECT_GE(std::stod(retried[0].pages.at(0).attributes.at("text_lines_ratio")), 0.9);
  EXPECT_FALSE(retried[0].pages.at(0).attributes.contains("findings"));

  // Without the retry the loss is flagged, though word confidence is good.
  hoso::Harness no_retry(kOcr, "retry_psm: 0", root);
  const auto out = no_retry.Run(ready);
  ASSERT_EQ(out.size(), 1u);
  const hoso::Page& dropped = out[0].pages.at(0);
  EXPECT_GT(dropped.mean_confidence, 0.7);
  EXPECT_LT(std::stod(dropped.attributes.at("text_lines_ratio")), 0.6);
  EXPECT_EQ(dropped.attributes.at("findings"), "ocr.layout_dropped_text");
  EXPECT_THAT(dropped.attributes.at("warnings"), HasSubstr("clean/scan-3-00001.tif page 1"));
}

}  // namespace
