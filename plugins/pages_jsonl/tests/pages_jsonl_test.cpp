#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "hoso/harness.h"
#include "page_json.h"

namespace {

std::string Read(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

hoso::Dossier TwoPages() {
  hoso::Dossier d;
  d.id = "hs-1";
  for (int i = 0; i < 2; ++i) {
    hoso::Page page;
    page.origin.file = "scans/hs-1.tif";
    page.origin.page = i;
    page.width = 2480;
    page.height = 3508;
    page.dpi = 300;
    page.mean_confidence = 0.91;
    page.text = "Họ và tên: Nguyễn Văn Hùng";
    page.lines.push_back({page.text, {100, 200, 900, 60}, 0.9f, 0, 5});
    page.words.push_back({"Hùng", {800, 200, 200, 60}, 0.95f});
    page.attributes["t_ocr_ms"] = "1234";
    d.pages.push_back(page);
  }
  return d;
}

TEST(PagesJsonl, WritesOnePageALineAtomicallyOwnerOnly) {
  const auto dir = std::filesystem::path(HOSO_TEST_TMP);
  std::filesystem::remove_all(dir);
  const auto file = dir / "out/pages.jsonl";
  hoso::Harness sink(std::string(HOSO_PLUGIN_DIR) + "/pages_jsonl.so", "path: " + file.string() + "\nwords: true");
  sink.Write({TwoPages()});
  std::istringstream lines(Read(file));
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["dossier"], "hs-1");
    EXPECT_EQ(j["page"], n + 1);
    EXPECT_EQ(j["text"], "Họ và tên: Nguyễn Văn Hùng");
    EXPECT_EQ(j["lines"][0]["box"], nlohmann::json({100, 200, 900, 60}));
    EXPECT_EQ(j["lines"][0]["first_word"], 0);  // with words, lines say which are theirs
    EXPECT_EQ(j["lines"][0]["word_count"], 5);
    EXPECT_EQ(j["words"][0]["text"], "Hùng");
    EXPECT_EQ(j["attributes"]["t_ocr_ms"], "1234");
    ++n;
  }
  EXPECT_EQ(n, 2);
  struct stat st {};
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  for (const auto& e : std::filesystem::directory_iterator(file.parent_path())) {
    EXPECT_EQ(e.path().filename(), "pages.jsonl");  // no temp file left
  }
}

// The bytes of a line are fixed: the OCR benchmark and pages_source read
// them, and runs over the same pages must compare equal.
TEST(PagesJsonl, KeysInAFixedOrderAndLineWordsOnlyWithWords) {
  hoso::Dossier d;
  d.id = "hs-2";
  hoso::Page& page = d.pages.emplace_back();
  page.origin.file = "scans/hs-2.png";
  page.origin.page = 0;
  page.width = 10;
  page.height = 20;
  page.dpi = 150;
  page.text = "Hà Nội";
  page.words = {{"Hà", {1, 2, 3, 4}, 0.5f}, {"Nội", {5, 2, 3, 4}, 0.75f}};
  page.lines = {{"Hà Nội", {1, 2, 7, 4}, 0.625f, 0, 2}};
  const std::string head =
      R"({"dossier":"hs-2","file":"scans/hs-2.png","page":1,"width":10,"height":20,"dpi":150,)"
      R"("mean_confidence":null,"text":"Hà Nội","attributes":{},)";
  const std::string words = R"("words":[{"text":"Hà","box":[1,2,3,4],"confidence":0.5},)"
                            R"({"text":"Nội","box":[5,2,3,4],"confidence":0.75}]})";
  EXPECT_EQ(hoso::pages_jsonl::PageJson(d, page, {.lines = true, .words = false}),
            head + R"("lines":[{"text":"Hà Nội","box":[1,2,7,4],"confidence":0.625}]})");
  EXPECT_EQ(hoso::pages_jsonl::PageJson(d, page, {.lines = true, .words = true}),
            head +
                R"("lines":[{"text":"Hà Nội","box":[1,2,7,4],"confidence":0.625,)"
                R"("first_word":0,"word_count":2}],)" +
                words);
  EXPECT_EQ(hoso::pages_jsonl::PageJson(d, page, {.lines = false, .words = true}), head + words);
}

}  // namespace
