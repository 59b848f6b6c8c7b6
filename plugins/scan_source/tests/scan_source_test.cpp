#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <leptonica/allheaders.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "hoso/harness.h"
#include "hoso/plugin.h"
#include "test_files.h"

namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using namespace scan_test;

const std::string kPlugin = std::string(HOSO_PLUGIN_DIR) + "/scan_source.so";

// A fresh directory per test, so files of one test never leak into another.
fs::path TestDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(HOSO_TEST_TMP) / info->name();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string Quoted(const fs::path& path) { return "'" + path.string() + "'"; }

struct Read {
  std::vector<hoso::Dossier> dossiers;
  std::vector<hoso::QuarantineEntry> quarantined;
  std::vector<std::string> log;
};

// Runs the source with `options` (YAML), the pipeline file taken to be in
// `base_dir`.
Read ReadWith(const fs::path& base_dir, const std::string& options) {
  hoso::Harness source(kPlugin, options, base_dir);
  Read read;
  read.dossiers = source.ReadAll();
  read.quarantined = source.quarantined();
  read.log = source.log();
  return read;
}

Read ReadDir(const fs::path& dir, const std::string& more_options = "") {
  return ReadWith(dir, "path: [" + Quoted(dir) + "]\n" + more_options);
}

std::vector<std::string> Ids(const Read& read) {
  std::vector<std::string> ids;
  for (const hoso::Dossier& d : read.dossiers) ids.push_back(d.id);
  return ids;
}

// "file page" of each page of a dossier, 1-based like Describe().
std::vector<std::string> PageNames(const hoso::Dossier& dossier) {
  std::vector<std::string> names;
  for (const hoso::Page& page : dossier.pages) names.push_back(page.origin.Describe());
  return names;
}

std::vector<std::string> UnitNames(const hoso::Dossier& dossier) {
  std::vector<std::string> names;
  for (const hoso::Provenance& unit : dossier.units) names.push_back(unit.Describe());
  return names;
}

// Quarantine entries by the unit they name ("bomb.tif page 1", "empty.png").
std::map<std::string, std::string> ReasonsByUnit(const Read& read) {
  std::map<std::string, std::string> reasons;
  for (const hoso::QuarantineEntry& e : read.quarantined) {
    EXPECT_TRUE(reasons.emplace(e.unit.Describe(), e.reason).second) << e.unit.Describe();
    EXPECT_EQ(e.original, "");
  }
  return reasons;
}

void ExpectPage(const hoso::Page& page, const std::string& file, int index, int width, int height,
                int dpi, const std::string& format) {
  SCOPED_TRACE(file + " page " + std::to_string(index + 1));
  EXPECT_EQ(page.origin.file, file);
  EXPECT_EQ(page.origin.page, index);
  EXPECT_EQ(page.width, width);
  EXPECT_EQ(page.height, height);
  EXPECT_EQ(page.dpi, dpi);
  EXPECT_EQ(page.source_format, format);
  // Nothing decoded: a later stage reads the file on a worker thread.
  EXPECT_TRUE(page.image.empty());
  EXPECT_EQ(page.image_format, "");
  EXPECT_EQ(page.mean_confidence, -1);
}

TEST(ScanSourceTest, ReadsEachFormatFromHeadersOnly) {
  const fs::path dir = TestDir();
  WriteImage(dir / "a.png", 300, 200, IFF_PNG, 300);
  WriteImage(dir / "b.jpg", 240, 160, IFF_JFIF_JPEG, 200);
  WriteMultipageTiff(dir / "c.tif", 3, 100, 140, 150);
  WriteBytes(dir / "d.pdf", HandPdf({.pages = {{}, {.rotate = 90}}}));

  Read read = ReadDir(dir);

  EXPECT_THAT(read.quarantined, IsEmpty());
  ASSERT_THAT(Ids(read), ElementsAre("a.png", "b.jpg", "c.tif", "d.pdf"));
  ASSERT_EQ(read.dossiers[0].pages.size(), 1u);
  ExpectPage(read.dossiers[0].pages[0], "a.png", 0, 300, 200, 300, "png");
  ASSERT_EQ(read.dossiers[1].pages.size(), 1u);
  ExpectPage(read.dossiers[1].pages[0], "b.jpg", 0, 240, 160, 200, "jpeg");
  ASSERT_EQ(read.dossiers[2].pages.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    ExpectPage(read.dossiers[2].pages[i], "c.tif", i, 100 + i, 140, 150, "tiff");
  }
  ASSERT_EQ(read.dossiers[3].pages.size(), 2u);
  // A4 at the default 300 dpi, as poppler rasterizes it; /Rotate 90 turns
  // the second page to landscape.
  ExpectPage(read.dossiers[3].pages[0], "d.pdf", 0, 2480, 3508, 300, "pdf");
  ExpectPage(read.dossiers[3].pages[1], "d.pdf", 1, 3508, 2480, 300, "pdf");

  for (const hoso::Dossier& d : read.dossiers) {
    EXPECT_EQ(UnitNames(d), PageNames(d)) << d.id;
    EXPECT_THAT(d.records, IsEmpty());
  }
}

TEST(ScanSourceTest, PdfDpiSetsTheRasterSize) {
  const fs::path dir = TestDir();
  WriteBytes(dir / "a4.pdf", HandPdf({.pages = {{}}}));

  Read read = ReadDir(dir, "pdf_dpi: 150");

  ASSERT_EQ(read.dossiers.size(), 1u);
  ExpectPage(read.dossiers[0].pages[0], "a4.pdf", 0, 1240, 1754, 150, "pdf");
}

TEST(ScanSourceTest, FolderModeMakesOneDossierPerFolderInPageOrder) {
  const fs::path dir = TestDir();
  WriteImage(dir / "HS-01" / "trang-10.png", 30, 40, IFF_PNG, 300);
  WriteImage(dir / "HS-01" / "trang-2.png", 30, 40, IFF_PNG, 300);
  WriteMultipageTiff(dir / "HS-01" / "trang-1.tif", 2, 30, 40, 300);
  WriteImage(dir / "HS-02" / "a.jpg", 30, 40, IFF_JFIF_JPEG, 300);
  WriteBytes(dir / "HS-02" / "ghi-chu.txt", "not a scan");
  WriteImage(dir / ".thumbs" / "a.png", 30, 40, IFF_PNG, 300);
  fs::create_directories(dir / "HS-03");

  Read read = ReadDir(dir, "dossier: folder");

  EXPECT_THAT(read.quarantined, IsEmpty());
  ASSERT_THAT(Ids(read), ElementsAre("HS-01", "HS-02"));
  EXPECT_THAT(PageNames(read.dossiers[0]),
              ElementsAre("HS-01/trang-1.tif page 1", "HS-01/trang-1.tif page 2",
                          "HS-01/trang-2.png page 1", "HS-01/trang-10.png page 1"));
  EXPECT_EQ(UnitNames(read.dossiers[0]), PageNames(read.dossiers[0]));
  EXPECT_THAT(PageNames(read.dossiers[1]), ElementsAre("HS-02/a.jpg page 1"));
}

TEST(ScanSourceTest, FolderNamedDirectlyIsOneDossier) {
  const fs::path dir = TestDir();
  WriteImage(dir / "HS-07" / "1.png", 30, 40, IFF_PNG, 300);
  WriteImage(dir / "HS-07" / "2.png", 30, 40, IFF_PNG, 300);

  Read read = ReadWith(dir, "path: [" + Quoted(dir / "HS-07") + "]\ndossier: folder");

  ASSERT_THAT(Ids(read), ElementsAre("HS-07"));
  EXPECT_EQ(read.dossiers[0].pages.size(), 2u);
}

TEST(ScanSourceTest, PatternsMatchAtAnyDepthAndExtensionsIgnoreCase) {
  const fs::path dir = TestDir();
  WriteImage(dir / "a" / "x.TIF", 30, 40, IFF_TIFF_ZIP, 300);
  WriteImage(dir / "a" / "b" / "y.tif", 30, 40, IFF_TIFF_ZIP, 300);
  WriteImage(dir / "a" / "b" / "z.png", 30, 40, IFF_PNG, 300);
  WriteImage(dir / "c.tif", 30, 40, IFF_TIFF_ZIP, 300);

  // Case-insensitive like the extensions: archives copied from Windows mix
  // .TIF and .tif, and a pattern silently skipping half of them loses
  // dossiers without a trace.
  EXPECT_THAT(Ids(ReadWith(dir, "path: [" + Quoted(dir / "**" / "*.tif") + "]")),
              ElementsAre("a/b/y.tif", "a/x.TIF", "c.tif"));
  EXPECT_THAT(Ids(ReadWith(dir, "path: [" + Quoted(dir / "*" / "b" / "?.tif") + "]")),
              ElementsAre("a/b/y.tif"));
  EXPECT_THAT(Ids(ReadWith(dir, "path: [" + Quoted(dir / "a" / "*") + "]")),
              ElementsAre("b/y.tif", "b/z.png", "x.TIF"));
  EXPECT_THAT(Ids(ReadDir(dir)), ElementsAre("a/b/y.tif", "a/b/z.png", "a/x.TIF", "c.tif"));
  EXPECT_THAT(Ids(ReadDir(dir, "extensions: [.PNG]")), ElementsAre("a/b/z.png"));
}

TEST(ScanSourceTest, RelativeEntriesResolveAgainstThePipelineFolder) {
  const fs::path dir = TestDir();
  WriteImage(dir / "scans" / "x.png", 30, 40, IFF_PNG, 300);

  Read read = ReadWith(dir, "path: scans");

  ASSERT_THAT(Ids(read), ElementsAre("x.png"));
  EXPECT_EQ(read.dossiers[0].pages[0].origin.file, "scans/x.png");
}

TEST(ScanSourceTest, PipelineFolderIsTakenLiterallyInPatterns) {
  const fs::path dir = TestDir() / "[2019] *";
  WriteImage(dir / "scans" / "x.png", 30, 40, IFF_PNG, 300);

  Read read = ReadWith(dir, "path: ['scans/*.png']");

  ASSERT_THAT(Ids(read), ElementsAre("x.png"));
  EXPECT_EQ(read.dossiers[0].pages[0].origin.file, "scans/x.png");
}

TEST(ScanSourceTest, SameNameUnderTwoRootsGetsDistinctIds) {
  const fs::path dir = TestDir();
  WriteImage(dir / "a" / "x.png", 30, 40, IFF_PNG, 300);
  WriteImage(dir / "b" / "x.png", 30, 40, IFF_PNG, 300);

  Read read = ReadWith(dir, "path: [a, b, a/x.png]");

  EXPECT_THAT(Ids(read), ElementsAre("x.png", "x.png (2)"));
}

TEST(ScanSourceTest, MissingInputsAreQuarantinedAndEmptyPatternsLogged) {
  const fs::path dir = TestDir();
  WriteImage(dir / "x.png", 30, 40, IFF_PNG, 300);

  Read read = ReadWith(dir, "path: [x.png, missing.tif, 'nothing/*.tif']");

  EXPECT_THAT(Ids(read), ElementsAre("x.png"));
  EXPECT_EQ(ReasonsByUnit(read),
            (std::map<std::string, std::string>{{"missing.tif", "missing.tif: not found"}}));
  EXPECT_THAT(read.log, testing::Contains(AllOf(StartsWith("warning"),
                                                HasSubstr("'nothing/*.tif' matches no file"))));
}

TEST(ScanSourceTest, BadFilesAreQuarantinedWhileGoodOnesComeThrough) {
  const fs::path dir = TestDir();
  WriteImage(dir / "good.png", 300, 200, IFF_PNG, 300);
  WriteBytes(dir / "empty.png", "");
  WriteBytes(dir / "text.png", "Danh sách đảng viên chi bộ, not a picture\n");
  CutInHalf(WriteImage(dir / "half.png", 300, 200, IFF_PNG, 300));
  CutInHalf(WriteImage(dir / "half.jpg", 300, 200, IFF_JFIF_JPEG, 300));
  WriteBytes(dir / "half.tif", HandTiff({{.width = 200, .height = 100}}));
  CutInHalf(dir / "half.tif");
  CutInHalf(WriteImage(dir / "written-half.tif", 300, 200, IFF_TIFF, 300));
  WriteBytes(
      dir / "bomb.tif",
      HandTiff({{.width = 4, .height = 4, .claimed_width = 40000, .claimed_height = 40000}}));
  WriteBytes(dir / "many.pdf", HandPdf({.pages = {{}}, .claimed_count = 5000, .xref_size = 6000}));
  WriteBytes(dir / "locked.pdf", HandPdf({.pages = {{}}, .locked = true}));
  WriteBytes(dir / "half.pdf", HandPdf({.pages = {{}, {}}}));
  CutInHalf(dir / "half.pdf");

  testing::internal::CaptureStderr();
  Read read = ReadDir(dir);
  const std::string stderr_text = testing::internal::GetCapturedStderr();

  EXPECT_THAT(Ids(read), ElementsAre("good.png"));
  std::map<std::string, std::string> reasons = ReasonsByUnit(read);
  EXPECT_EQ(reasons.size(), 10u);
  EXPECT_EQ(reasons["empty.png"], "empty.png: empty file (0 bytes)");
  EXPECT_EQ(reasons["text.png"], "text.png: unknown format: not a TIFF, PNG, JPEG or PDF file");
  EXPECT_THAT(reasons["half.png"], StartsWith("half.png: truncated: PNG"));
  EXPECT_THAT(reasons["half.jpg"], StartsWith("half.jpg: truncated: JPEG"));
  EXPECT_THAT(reasons["half.tif page 1"], StartsWith("half.tif page 1: truncated: strip 1 of 1"));
  EXPECT_THAT(reasons["written-half.tif"], StartsWith("written-half.tif: truncated"));
  EXPECT_EQ(reasons["bomb.tif page 1"],
            "bomb.tif page 1: 40000 x 40000 pixels exceeds max_pixels 200000000");
  EXPECT_EQ(reasons["many.pdf"], "many.pdf: PDF has 5000 pages, more than max_pages 2000");
  EXPECT_EQ(reasons["locked.pdf"], "locked.pdf: encrypted PDF needs a password");
  EXPECT_THAT(reasons["half.pdf"], StartsWith("half.pdf: truncated: PDF"));
  // The libraries stay quiet; quarantine is where problems are reported.
  EXPECT_EQ(stderr_text, "");
}

TEST(ScanSourceTest, OneBadPageOfAMultipageTiffIsQuarantinedAlone) {
  const fs::path dir = TestDir();
  WriteBytes(dir / "scan.tif",
             HandTiff({{.width = 50, .height = 40},
                       {.width = 4, .height = 4, .claimed_width = 40000, .claimed_height = 40000},
                       {.width = 60, .height = 40, .dpi = 200}}));

  Read read = ReadDir(dir);

  ASSERT_THAT(Ids(read), ElementsAre("scan.tif"));
  const hoso::Dossier& d = read.dossiers[0];
  ASSERT_EQ(d.pages.size(), 2u);
  ExpectPage(d.pages[0], "scan.tif", 0, 50, 40, 300, "tiff");
  ExpectPage(d.pages[1], "scan.tif", 2, 60, 40, 200, "tiff");
  EXPECT_THAT(UnitNames(d), ElementsAre("scan.tif page 1", "scan.tif page 3"));
  ASSERT_EQ(read.quarantined.size(), 1u);
  EXPECT_EQ(read.quarantined[0].unit.file, "scan.tif");
  EXPECT_EQ(read.quarantined[0].unit.page, 1);
  EXPECT_EQ(read.quarantined[0].reason,
            "scan.tif page 2: 40000 x 40000 pixels exceeds max_pixels 200000000");
}

// Our own directory walk must read every TIFF layout libtiff reads.
TEST(ScanSourceTest, ReadsBigEndianAndBigTiff) {
  const fs::path dir = TestDir();
  const std::vector<TiffPageSpec> pages = {
      {.width = 50, .height = 40, .dpi = 200},
      {.width = 4, .height = 4, .claimed_width = 40000, .claimed_height = 40000},
      {.width = 60, .height = 30, .dpi = 400}};
  WriteBytes(dir / "big-endian.tif", HandTiff(pages, TiffFlavor::kBigEndian));
  WriteBytes(dir / "bigtiff.tif", HandTiff(pages, TiffFlavor::kBigTiff));
  CutInHalf(WriteBytes(dir / "cut-bigtiff.tif", HandTiff({pages[0]}, TiffFlavor::kBigTiff)));

  Read read = ReadDir(dir);

  ASSERT_THAT(Ids(read), ElementsAre("big-endian.tif", "bigtiff.tif"));
  for (const hoso::Dossier& d : read.dossiers) {
    ASSERT_EQ(d.pages.size(), 2u);
    ExpectPage(d.pages[0], d.id, 0, 50, 40, 200, "tiff");
    ExpectPage(d.pages[1], d.id, 2, 60, 30, 400, "tiff");
  }
  std::map<std::string, std::string> reasons = ReasonsByUnit(read);
  EXPECT_EQ(reasons.size(), 3u);
  EXPECT_THAT(reasons["big-endian.tif page 2"], HasSubstr("40000 x 40000 pixels"));
  EXPECT_THAT(reasons["bigtiff.tif page 2"], HasSubstr("40000 x 40000 pixels"));
  EXPECT_THAT(reasons["cut-bigtiff.tif page 1"],
              StartsWith("cut-bigtiff.tif page 1: truncated: strip 1 of 1"));
}

// libtiff decodes the pages later and reads directories in sequence: a
// directory it rejects hides every page after it, however sound they look.
TEST(ScanSourceTest, PagesLibtiffCannotReachAreQuarantined) {
  const fs::path dir = TestDir();
  WriteBytes(dir / "scan.tif", HandTiff({{.width = 50, .height = 40},
                                         {.width = 50, .height = 40, .samples_per_pixel = 0},
                                         {.width = 50, .height = 40}}));

  testing::internal::CaptureStderr();
  Read read = ReadDir(dir);
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");

  ASSERT_THAT(Ids(read), ElementsAre("scan.tif"));
  EXPECT_THAT(PageNames(read.dossiers[0]), ElementsAre("scan.tif page 1"));
  EXPECT_EQ(ReasonsByUnit(read),
            (std::map<std::string, std::string>{
                {"scan.tif page 2",
                 "scan.tif page 2: unreadable TIFF directory (libtiff stops after page 1)"},
                {"scan.tif page 3",
                 "scan.tif page 3: unreadable TIFF directory (libtiff stops after page 1)"}}));
}

TEST(ScanSourceTest, TruncatedMultipageTiffKeepsThePagesBeforeTheCut) {
  const fs::path dir = TestDir();
  CutInHalf(WriteMultipageTiff(dir / "scan.tif", 6, 200, 300, 300));

  Read read = ReadDir(dir);

  ASSERT_EQ(read.dossiers.size(), 1u);
  const hoso::Dossier& d = read.dossiers[0];
  ASSERT_GE(d.pages.size(), 1u);
  ASSERT_LT(d.pages.size(), 6u);
  for (size_t i = 0; i < d.pages.size(); ++i) EXPECT_EQ(d.pages[i].origin.page, int(i));
  ASSERT_GE(read.quarantined.size(), 1u);
  for (const hoso::QuarantineEntry& e : read.quarantined) {
    EXPECT_EQ(e.unit.file, "scan.tif");
    EXPECT_GE(e.unit.page, int(d.pages.size()));
    EXPECT_THAT(e.reason, AllOf(StartsWith(e.unit.Describe() + ": "), HasSubstr("truncated")));
  }
}

TEST(ScanSourceTest, MaxPagesRefusesWholeFiles) {
  const fs::path dir = TestDir();
  WriteMultipageTiff(dir / "a.tif", 3, 30, 40, 300);
  WriteBytes(dir / "b.pdf", HandPdf({.pages = {{}, {}, {}}}));
  WriteMultipageTiff(dir / "c.tif", 2, 30, 40, 300);

  Read read = ReadDir(dir, "max_pages: 2");

  EXPECT_THAT(Ids(read), ElementsAre("c.tif"));
  EXPECT_EQ(ReasonsByUnit(read), (std::map<std::string, std::string>{
                                     {"a.tif", "a.tif: more than 2 pages (max_pages 2)"},
                                     {"b.pdf", "b.pdf: PDF has 3 pages, more than max_pages 2"}}));
}

TEST(ScanSourceTest, PdfClaimingMorePagesThanItsTreeHoldsKeepsTheRealOnes) {
  const fs::path dir = TestDir();
  WriteBytes(dir / "short.pdf", HandPdf({.pages = {{}, {}}, .claimed_count = 4, .xref_size = 10}));

  Read read = ReadDir(dir);

  ASSERT_THAT(Ids(read), ElementsAre("short.pdf"));
  EXPECT_THAT(PageNames(read.dossiers[0]), ElementsAre("short.pdf page 1", "short.pdf page 2"));
  EXPECT_EQ(ReasonsByUnit(read),
            (std::map<std::string, std::string>{
                {"short.pdf page 3",
                 "short.pdf page 3: PDF claims 4 pages but its page tree ends after 2"}}));
}

TEST(ScanSourceTest, MaxPixelsAppliesToEveryFormat) {
  const fs::path dir = TestDir();
  WriteImage(dir / "big.png", 200, 100, IFF_PNG, 300);
  WriteImage(dir / "big.jpg", 200, 100, IFF_JFIF_JPEG, 300);
  WriteBytes(dir / "big.pdf", HandPdf({.pages = {{.width = 200 * 72.0 / 300, .height = 72}}}));
  WriteImage(dir / "small.png", 100, 100, IFF_PNG, 300);

  Read read = ReadDir(dir, "max_pixels: 10000");

  EXPECT_THAT(Ids(read), ElementsAre("small.png"));
  EXPECT_EQ(ReasonsByUnit(read),
            (std::map<std::string, std::string>{
                {"big.jpg page 1", "big.jpg page 1: 200 x 100 pixels exceeds max_pixels 10000"},
                {"big.pdf page 1", "big.pdf page 1: 200 x 300 pixels exceeds max_pixels 10000"},
                {"big.png page 1", "big.png page 1: 200 x 100 pixels exceeds max_pixels 10000"}}));
}

TEST(ScanSourceTest, FolderWhosePagesAreAllRefusedMakesNoDossier) {
  const fs::path dir = TestDir();
  WriteBytes(dir / "HS-01" / "empty.png", "");
  WriteBytes(
      dir / "HS-01" / "bomb.tif",
      HandTiff({{.width = 4, .height = 4, .claimed_width = 40000, .claimed_height = 40000}}));
  WriteImage(dir / "HS-02" / "1.png", 30, 40, IFF_PNG, 300);

  Read read = ReadDir(dir, "dossier: folder");

  EXPECT_THAT(Ids(read), ElementsAre("HS-02"));
  EXPECT_EQ(read.quarantined.size(), 2u);
}

TEST(ScanSourceTest, SizeHintCountsPagesOnceInputsAreListed) {
  const fs::path dir = TestDir();
  WriteImage(dir / "a.png", 30, 40, IFF_PNG, 300);
  WriteMultipageTiff(dir / "b.tif", 3, 30, 40, 300);
  WriteBytes(dir / "c.pdf", HandPdf({.pages = {{}, {}}}));
  WriteBytes(dir / "d.png", "");

  // The harness does not expose SizeHint(), so the plugin is created from
  // its descriptor with options filled in the way the host would.
  hoso::Harness harness(kPlugin, "path: [" + Quoted(dir) + "]", dir);
  hoso::Options options;
  options.Set("path", std::vector<std::string>{dir.string()});
  options.Set("dossier", std::string("file"));
  options.Set("pdf_dpi", int64_t{300});
  options.Set("max_pixels", int64_t{200000000});
  options.Set("max_pages", int64_t{2000});
  options.Set("extensions", std::vector<std::string>{"png", "tif", "pdf"});
  std::unique_ptr<hoso::Plugin> plugin(harness.descriptor().create(options));
  EXPECT_EQ(static_cast<hoso::Source&>(*plugin).SizeHint(), 1 + 3 + 2 + 1);

  // Relative entries need the pipeline folder, which only Next() brings.
  options.Set("path", std::vector<std::string>{"."});
  plugin.reset(harness.descriptor().create(options));
  EXPECT_EQ(static_cast<hoso::Source&>(*plugin).SizeHint(), -1);
}

TEST(ScanSourceTest, OptionsAreChecked) {
  const fs::path dir = TestDir();
  EXPECT_THROW(hoso::Harness(kPlugin, "{}", dir), hoso::LoadError);
  EXPECT_THROW(hoso::Harness(kPlugin, "path: []", dir), hoso::LoadError);
  EXPECT_THROW(hoso::Harness(kPlugin, "path: [x]\npdf_dpi: 50", dir), hoso::LoadError);
  EXPECT_THROW(hoso::Harness(kPlugin, "path: [x]\ndossier: box", dir), hoso::LoadError);
  EXPECT_THROW(hoso::Harness(kPlugin, "path: [x]\nmax_pages: 0", dir), hoso::LoadError);
}

// Tens of thousands of pages must not take quadratic time: leptonica's
// per-page header read would need about 100 s for this file.
TEST(ScanSourceTest, LongTiffIsDescribedInLinearTime) {
  const fs::path dir = TestDir();
  WriteBytes(dir / "long.tif",
             HandTiff(std::vector<TiffPageSpec>(2000, {.width = 16, .height = 16})));

  const auto start = std::chrono::steady_clock::now();
  Read read = ReadDir(dir);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  ASSERT_EQ(read.dossiers.size(), 1u);
  EXPECT_EQ(read.dossiers[0].pages.size(), 2000u);
  EXPECT_THAT(read.quarantined, IsEmpty());
  EXPECT_LT(seconds, 5.0);
}

}  // namespace
