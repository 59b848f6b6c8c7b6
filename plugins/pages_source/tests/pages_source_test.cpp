#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/harness.h"
#include "hoso/plugin.h"

namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSource = std::string(HOSO_PLUGIN_DIR) + "/pages_source.so";
const std::string kSink = std::string(HOSO_PLUGIN_DIR) + "/pages_jsonl.so";

// A fresh directory per test, so files of one test never leak into another.
fs::path TestDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(HOSO_TEST_TMP) / info->name();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path WriteFile(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

std::string Quoted(const fs::path& path) { return "'" + path.string() + "'"; }

struct Read {
  std::vector<hoso::Dossier> dossiers;
  std::vector<hoso::QuarantineEntry> quarantined;
  std::vector<std::string> log;
};

Read ReadWith(const fs::path& dir, const std::string& options) {
  hoso::Harness source(kSource, options, dir);
  Read read;
  read.dossiers = source.ReadAll();
  read.quarantined = source.quarantined();
  read.log = source.log();
  return read;
}

std::vector<std::string> Ids(const std::vector<hoso::Dossier>& dossiers) {
  std::vector<std::string> ids;
  for (const hoso::Dossier& d : dossiers) ids.push_back(d.id);
  return ids;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// A page as OCR leaves it: lines ordered by rows of the form, words in the
// order Tesseract read them, so line 0 names words 2..3 and line 1 words 0..1.
hoso::Page OcrPage(const std::string& file, int index) {
  hoso::Page page;
  page.origin.file = file;
  page.origin.page = index;
  page.width = 2480;
  page.height = 3508;
  page.dpi = 300;
  page.mean_confidence = 0.8731;
  page.text = "Họ và tên: Nguyễn Văn Hùng\nSinh ngày 14/09/1975";
  page.words = {{"Sinh", {100, 400, 120, 50}, 0.91f},
                {"ngày", {240, 400, 130, 50}, 0.873f},
                {"Họ", {100, 200, 80, 60}, 0.96f},
                {"Hùng", {800, 200, 200, 60}, 0.612f}};
  page.lines = {{"Họ Hùng", {100, 200, 900, 60}, 0.9f, 2, 2},
                {"Sinh ngày", {100, 400, 270, 50}, 0.77f, 0, 2}};
  page.attributes = {{"deskew_degrees", "0.4"}, {"t_ocr_ms", "1234"}};
  return page;
}

hoso::Dossier ScannedDossier(const std::string& id, int pages) {
  hoso::Dossier d;
  d.id = id;
  for (int i = 0; i < pages; ++i) {
    d.pages.push_back(OcrPage("scans/" + id, i));
    d.units.push_back(d.pages.back().origin);
  }
  return d;
}

void ExpectSameBox(const hoso::Box& a, const hoso::Box& b) {
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.y, b.y);
  EXPECT_EQ(a.w, b.w);
  EXPECT_EQ(a.h, b.h);
}

void ExpectSamePage(const hoso::Page& got, const hoso::Page& want) {
  EXPECT_EQ(got.origin.file, want.origin.file);
  EXPECT_EQ(got.origin.page, want.origin.page);
  EXPECT_EQ(got.origin.row, -1);
  EXPECT_EQ(got.width, want.width);
  EXPECT_EQ(got.height, want.height);
  EXPECT_EQ(got.dpi, want.dpi);
  EXPECT_EQ(got.mean_confidence, want.mean_confidence);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.attributes, want.attributes);
  EXPECT_TRUE(got.image.empty());
  EXPECT_TRUE(got.image_format.empty());
  ASSERT_EQ(got.words.size(), want.words.size());
  for (size_t i = 0; i < want.words.size(); ++i) {
    EXPECT_EQ(got.words[i].text, want.words[i].text);
    ExpectSameBox(got.words[i].box, want.words[i].box);
    EXPECT_EQ(got.words[i].confidence, want.words[i].confidence);  // exact: floats round-trip
  }
  ASSERT_EQ(got.lines.size(), want.lines.size());
  for (size_t i = 0; i < want.lines.size(); ++i) {
    EXPECT_EQ(got.lines[i].text, want.lines[i].text);
    ExpectSameBox(got.lines[i].box, want.lines[i].box);
    EXPECT_EQ(got.lines[i].confidence, want.lines[i].confidence);
    EXPECT_EQ(got.lines[i].first_word, want.lines[i].first_word);
    EXPECT_EQ(got.lines[i].word_count, want.lines[i].word_count);
  }
}

TEST(PagesSource, ReadsBackWhatPagesJsonlWrote) {
  const fs::path dir = TestDir();
  std::vector<hoso::Dossier> written = {ScannedDossier("HS-01.tif", 3), ScannedDossier("HS-02", 1),
                                        ScannedDossier("HS-03.pdf", 2)};
  written[1].pages[0].mean_confidence = -1;  // not OCR'd: written as null
  written[1].pages[0].words.clear();
  written[1].pages[0].lines.clear();
  written[1].pages[0].attributes.clear();
  hoso::Harness sink(kSink, "path: out/pages.jsonl\nwords: true", dir);
  sink.Write(written);

  const Read read = ReadWith(dir, "path: out/pages.jsonl");
  EXPECT_TRUE(read.quarantined.empty());
  ASSERT_THAT(Ids(read.dossiers), ElementsAre("HS-01.tif", "HS-02", "HS-03.pdf"));
  for (size_t d = 0; d < written.size(); ++d) {
    const hoso::Dossier& got = read.dossiers[d];
    ASSERT_EQ(got.pages.size(), written[d].pages.size());
    for (size_t p = 0; p < got.pages.size(); ++p) ExpectSamePage(got.pages[p], written[d].pages[p]);
    ASSERT_EQ(got.units.size(), written[d].units.size());
    for (size_t u = 0; u < got.units.size(); ++u) {
      EXPECT_EQ(got.units[u].Describe(), written[d].units[u].Describe());
      EXPECT_EQ(got.units[u].row, -1);
    }
    EXPECT_TRUE(got.records.empty());
  }
  EXPECT_EQ(read.dossiers[0].units[2].Describe(), "scans/HS-01.tif page 3");

  // Written again, the pages give the same bytes: nothing was lost.
  hoso::Harness again(kSink, "path: out/again.jsonl\nwords: true", dir);
  again.Write(read.dossiers);
  std::ifstream a(dir / "out/pages.jsonl"), b(dir / "out/again.jsonl");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(a), {}),
            std::string(std::istreambuf_iterator<char>(b), {}));
}

constexpr std::string_view kPage1 =
    R"({"dossier":"HS-07","file":"scans/HS-07.tif","page":1,"width":100,"height":200,"dpi":300,)"
    R"("mean_confidence":0.9,"text":"a","attributes":{},"lines":[],"words":[]})";
constexpr std::string_view kPage2 =
    R"({"dossier":"HS-07","file":"scans/HS-07.tif","page":2,"width":100,"height":200,"dpi":300,)"
    R"("mean_confidence":0.9,"text":"b","attributes":{},"lines":[],"words":[]})";
constexpr std::string_view kOther =
    R"({"dossier":"HS-08","file":"scans/HS-08.tif","page":1,"width":100,"height":200,"dpi":300,)"
    R"("mean_confidence":null,"text":"","attributes":{},"lines":[],"words":[]})";

TEST(PagesSource, QuarantinesAMalformedLineWithItsNumberAndGoesOn) {
  const fs::path dir = TestDir();
  const std::string truncated =
      R"({"dossier":"HS-07","file":"scans/HS-07.tif","page":2,"text":"Nguy)";
  const std::string no_words =
      R"({"dossier":"HS-07","file":"x.tif","page":3,"width":1,"height":1,"dpi":1,"text":"Nguyễn"})";
  const std::string bad_index =
      R"({"dossier":"HS-07","file":"x.tif","page":3,"width":1,"height":1,"dpi":1,"text":"",)"
      R"("lines":[{"text":"","box":[0,0,1,1],"confidence":1,"first_word":0,"word_count":2}],)"
      R"("words":[{"text":"Văn","box":[0,0,1,1],"confidence":1}]})";
  WriteFile(dir / "pages.jsonl", Joined({std::string(kPage1), truncated, "", std::string(kPage2),
                                         no_words, "[1, 2]", bad_index, std::string(kOther)}));

  const Read read = ReadWith(dir, "path: pages.jsonl");
  // The quarantined lines end no dossier: the two good pages of HS-07 are one.
  ASSERT_THAT(Ids(read.dossiers), ElementsAre("HS-07", "HS-08"));
  EXPECT_EQ(read.dossiers[0].pages.size(), 2u);
  EXPECT_EQ(read.dossiers[1].pages[0].mean_confidence, -1);
  ASSERT_EQ(read.quarantined.size(), 4u);
  const std::vector<int64_t> rows = {2, 5, 6, 7};
  const std::vector<std::string> reasons = {
      "line 2: not JSON", "line 5: no \"words\" (write pages.jsonl with words: true)",
      "line 6: not a JSON object", "line 7: lines[0] names words past the end of \"words\""};
  for (size_t i = 0; i < rows.size(); ++i) {
    const hoso::QuarantineEntry& e = read.quarantined[i];
    EXPECT_EQ(e.unit.file, "pages.jsonl");
    EXPECT_EQ(e.unit.row, rows[i]);
    EXPECT_EQ(e.unit.page, -1);
    EXPECT_THAT(e.reason, HasSubstr(reasons[i]));
    EXPECT_THAT(e.reason, Not(HasSubstr("Nguy")));
    EXPECT_THAT(e.reason, Not(HasSubstr("Văn")));
  }
  EXPECT_EQ(read.quarantined[0].original, truncated);
  EXPECT_EQ(read.quarantined[1].original, no_words);
}

// pages_jsonl before lines said which words are theirs: a line's words are
// the consecutive words that spell it, or failing that the words whose
// centre its box holds.
TEST(PagesSource, GivesWordsBackToLinesInOlderFiles) {
  const fs::path dir = TestDir();
  const std::string in_order =
      R"({"dossier":"HS-1","file":"HS-1.tif","page":1,"width":2480,"height":3508,"dpi":300,)"
      R"("mean_confidence":0.8,"text":"Họ Hùng\nSinh ngày","attributes":{},)"
      R"("lines":[{"text":"Họ Hùng","box":[100,200,900,60],"confidence":0.9},)"
      R"({"text":"Sinh ngày","box":[100,400,270,50],"confidence":0.7}],)"
      R"("words":[{"text":"Sinh","box":[100,400,120,50],"confidence":0.9},)"
      R"({"text":"ngày","box":[240,400,130,50],"confidence":0.9},)"
      R"({"text":"Họ","box":[100,200,80,60],"confidence":0.9},)"
      R"({"text":"Hùng","box":[800,200,200,60],"confidence":0.9},)"
      R"({"text":"~","box":[2000,3000,10,10],"confidence":0.1}]})";
  // As Tesseract boxes them (from a real page): the leader of the name runs
  // far past its line's box, and the second line's box is 3 pixels high,
  // under words whose centres lie in the first line's box.
  const std::string loose_boxes =
      R"({"dossier":"HS-1","file":"HS-1.tif","page":2,"width":2480,"height":3508,"dpi":300,)"
      R"("mean_confidence":0.8,"text":"","attributes":{},)"
      R"("lines":[{"text":"ĐẢNG BỘ","box":[289,248,1834,63],"confidence":0.9},)"
      R"({"text":"TY vu","box":[1436,323,569,3],"confidence":0.5},)"
      R"({"text":"Họ tên: THỊNH....","box":[238,718,1016,51],"confidence":0.9}],)"
      R"("words":[{"text":"ĐẢNG","box":[289,252,152,48],"confidence":0.9},)"
      R"({"text":"BỘ","box":[462,255,75,55],"confidence":0.9},)"
      R"({"text":"TY","box":[1500,274,95,63],"confidence":0.4},)"
      R"({"text":"vu","box":[1641,274,116,63],"confidence":0.4},)"
      R"({"text":"Họ","box":[238,726,64,43],"confidence":0.9},)"
      R"({"text":"tên:","box":[387,723,74,37],"confidence":0.9},)"
      R"({"text":"THỊNH....","box":[1077,727,822,42],"confidence":0.9}]})";
  // Text that no longer spells the words (another tool, or hand-edited),
  // with the two lines' words interleaved: placed by box, regrouped line by
  // line, strays last.
  const std::string interleaved =
      R"({"dossier":"HS-1","file":"HS-1.tif","page":3,"width":2480,"height":3508,"dpi":300,)"
      R"("mean_confidence":0.8,"text":"","attributes":{},)"
      R"("lines":[{"text":"Họ  Hùng","box":[100,200,900,60],"confidence":0.9},)"
      R"({"text":"Sinh ngay","box":[100,400,270,50],"confidence":0.7}],)"
      R"("words":[{"text":"~","box":[2000,3000,10,10],"confidence":0.1},)"
      R"({"text":"Họ","box":[100,200,80,60],"confidence":0.9},)"
      R"({"text":"Sinh","box":[100,400,120,50],"confidence":0.9},)"
      R"({"text":"Hùng","box":[800,200,200,60],"confidence":0.9},)"
      R"({"text":"ngày","box":[240,400,130,50],"confidence":0.9}]})";
  WriteFile(dir / "old.jsonl", Joined({in_order, loose_boxes, interleaved}));

  const Read read = ReadWith(dir, "path: [old.jsonl]");
  EXPECT_TRUE(read.quarantined.empty());
  ASSERT_EQ(read.dossiers.size(), 1u);
  ASSERT_EQ(read.dossiers[0].pages.size(), 3u);

  auto words_of = [](const hoso::Page& page, const hoso::Line& line) {
    std::vector<std::string> words;
    for (int w = line.first_word; w < line.first_word + line.word_count; ++w) {
      words.push_back(page.words[w].text);
    }
    return words;
  };
  const hoso::Page& first = read.dossiers[0].pages[0];
  ASSERT_EQ(first.words.size(), 5u);
  EXPECT_EQ(first.words[0].text, "Sinh");  // order kept: each line's words were consecutive
  EXPECT_EQ(first.lines[0].first_word, 2);
  EXPECT_THAT(words_of(first, first.lines[0]), ElementsAre("Họ", "Hùng"));
  EXPECT_THAT(words_of(first, first.lines[1]), ElementsAre("Sinh", "ngày"));
  EXPECT_EQ(first.words[4].text, "~");

  const hoso::Page& second = read.dossiers[0].pages[1];
  EXPECT_THAT(words_of(second, second.lines[0]), ElementsAre("ĐẢNG", "BỘ"));
  EXPECT_THAT(words_of(second, second.lines[1]), ElementsAre("TY", "vu"));
  EXPECT_THAT(words_of(second, second.lines[2]), ElementsAre("Họ", "tên:", "THỊNH...."));

  const hoso::Page& third = read.dossiers[0].pages[2];
  ASSERT_EQ(third.words.size(), 5u);
  EXPECT_THAT(words_of(third, third.lines[0]), ElementsAre("Họ", "Hùng"));
  EXPECT_THAT(words_of(third, third.lines[1]), ElementsAre("Sinh", "ngày"));
  EXPECT_EQ(third.words[4].text, "~");
}

TEST(PagesSource, ADossierSplitByOthersIsReadAsTwoWithAWarning) {
  const fs::path dir = TestDir();
  std::string first = std::string(kPage1);
  std::string later = std::string(kPage2);
  const std::string name = "Nguyễn Văn Hùng";  // a folder named after the member
  first.replace(first.find("HS-07"), 5, name);
  later.replace(later.find("HS-07"), 5, name);
  WriteFile(dir / "pages.jsonl", Joined({first, std::string(kOther), later}));

  const Read read = ReadWith(dir, "path: pages.jsonl");
  EXPECT_THAT(Ids(read.dossiers), ElementsAre(name, "HS-08", name));
  EXPECT_TRUE(read.quarantined.empty());
  const std::string log = Joined(read.log);
  EXPECT_THAT(log,
              HasSubstr("pages.jsonl line 3: a dossier whose pages began at pages.jsonl line 1"));
  EXPECT_THAT(log, Not(HasSubstr("Nguy")));
}

TEST(PagesSource, GlobsFilesAndEndsADossierAtTheEndOfAFile) {
  const fs::path dir = TestDir();
  WriteFile(dir / "out/b.jsonl", Joined({std::string(kPage2)}));
  WriteFile(dir / "out/a.jsonl", Joined({std::string(kPage1)}));
  WriteFile(dir / "out/notes.txt", "not pages");
  const Read read = ReadWith(dir, "path: ['out/*.jsonl', missing.jsonl]");
  ASSERT_THAT(Ids(read.dossiers), ElementsAre("HS-07", "HS-07"));
  EXPECT_EQ(read.dossiers[0].pages[0].origin.page, 0);
  EXPECT_EQ(read.dossiers[1].pages[0].origin.page, 1);
  ASSERT_EQ(read.quarantined.size(), 1u);
  EXPECT_EQ(read.quarantined[0].unit.file, "missing.jsonl");
  EXPECT_THAT(read.quarantined[0].reason, HasSubstr("cannot open"));
  EXPECT_THAT(Joined(read.log), HasSubstr("out/a.jsonl line 1"));  // the split is named
}

TEST(PagesSource, SizeHintCountsNonBlankLines) {
  const fs::path dir = TestDir();
  const fs::path file = WriteFile(
      dir / "pages.jsonl", Joined({std::string(kPage1), "", "  ", "{broken", std::string(kPage2)}));
  // The harness does not expose SizeHint(), so the plugin is created from
  // its descriptor with options filled in the way the host would.
  hoso::Harness harness(kSource, "path: pages.jsonl", dir);
  hoso::Options options;
  options.Set("path", std::vector<std::string>{file.string(), (dir / "gone.jsonl").string()});
  std::unique_ptr<hoso::Plugin> plugin(harness.descriptor().create(options));
  EXPECT_EQ(static_cast<hoso::Source&>(*plugin).SizeHint(), 3 + 1);

  // Relative entries need the pipeline folder, which only Next() brings.
  options.Set("path", std::vector<std::string>{"pages.jsonl"});
  plugin.reset(harness.descriptor().create(options));
  EXPECT_EQ(static_cast<hoso::Source&>(*plugin).SizeHint(), -1);
}

TEST(PagesSource, OptionsAreChecked) {
  const fs::path dir = TestDir();
  EXPECT_THROW(hoso::Harness(kSource, "{}", dir), hoso::LoadError);
  EXPECT_THROW(hoso::Harness(kSource, "path: []", dir), hoso::LoadError);
  EXPECT_THROW(hoso::Harness(kSource, "path: x\nwords: true", dir), hoso::LoadError);
  EXPECT_EQ(hoso::Harness(kSource, "path: " + Quoted(dir / "x.jsonl"), dir).descriptor().kind,
            hoso::PluginKind::kSource);
}

}  // namespace
