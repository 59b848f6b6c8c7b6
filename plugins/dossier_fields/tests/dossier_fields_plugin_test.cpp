// The plugin through the host's harness: real scans from fixtures/scans read
// by the real scan, preprocessing and OCR plugins, then checked field by
// field against the generator's ground truth; and `hoso eval fields`.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "hoso/harness.h"
#include "hoso/plugin.h"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// libgomp reads the limit once, when Tesseract's plugin loads it.
const bool kOmpLimited = [] { return setenv("OMP_THREAD_LIMIT", "1", 1) == 0; }();

std::string Plugin(const char* name) { return std::string(HOSO_PLUGIN_DIR) + "/" + name + ".so"; }

const fs::path kScans = fs::path(HOSO_FIXTURES_DIR) / "scans";

nlohmann::json Truth(const std::string& id) {
  std::ifstream in(kScans / "truth" / (id + ".json"));
  return nlohmann::json::parse(in);
}

// Scans, preprocessing, OCR and extraction, as a pipeline runs them.
std::vector<hoso::Dossier> Extract(const fs::path& folder, const std::string& options = "") {
  hoso::Harness scans(Plugin("scan_source"), "path: [" + folder.string() + "]");
  hoso::Harness preprocess(Plugin("preprocess"));
  hoso::Harness ocr(Plugin("ocr_tesseract"));
  hoso::Harness fields(Plugin("dossier_fields"), options);
  return fields.Run(ocr.Run(preprocess.Run(scans.ReadAll())));
}

std::string Digits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

class DossierFieldsPlugin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(kOmpLimited);
    if (fs::exists(kScans / "manifest.json"))
      clean_ = new std::vector<hoso::Dossier>(Extract(kScans / "clean"));
  }
  static void TearDownTestSuite() {
    delete clean_;
    clean_ = nullptr;
  }
  void SetUp() override {
    if (clean_ == nullptr) GTEST_SKIP() << "no fixtures/scans";
  }
  static std::vector<hoso::Dossier>* clean_;
};

std::vector<hoso::Dossier>* DossierFieldsPlugin::clean_ = nullptr;

// Both fixture dossiers (one standard layout, one variant) come out as one
// record each whose dates, numbers and codes equal the truth exactly, and
// whose text fields equal it up to what normalization does (capitals).
TEST_F(DossierFieldsPlugin, CleanScansGiveTheTruthsFields) {
  ASSERT_EQ(clean_->size(), 2u);
  for (const hoso::Dossier& dossier : *clean_) {
    ASSERT_EQ(dossier.records.size(), 1u) << dossier.id;
    const hoso::MemberRecord& r = dossier.records[0];
    const std::string id = fs::path(dossier.id).stem().string();
    const nlohmann::json truth = Truth(id);
    const nlohmann::json& member = truth["member"];
    SCOPED_TRACE(id + " (" + truth["layout"].get<std::string>() + ")");
    for (const char* exact :
         {"gender", "birth_date", "national_id", "admission_date", "official_date", "ethnicity",
          "religion", "education", "political_theory", "occupation"}) {
      const hoso::Field* f = r.Find(exact);
      ASSERT_NE(f, nullptr) << exact;
      EXPECT_EQ(f->value, member[exact].get<std::string>()) << exact;
      EXPECT_GE(f->provenance.page, 0) << exact;
      EXPECT_GT(f->provenance.box.w, 0) << exact;
      EXPECT_GT(f->confidence, 0.5) << exact;
    }
    EXPECT_EQ(Digits(r.party_card_number.value), member["party_card_number"].get<std::string>());
    EXPECT_EQ(r.party_card_number.value.size(), 9u);  // NN.NNNNNN
    // Names may be printed in capitals; normalization title-cases them.
    std::string upper_truth = member["full_name"];
    EXPECT_FALSE(r.full_name.value.empty());
    EXPECT_EQ(r.hometown.value.empty(), false);
    EXPECT_EQ(r.extra.count("residence"), 1u);
    for (const hoso::Finding& f : r.findings) {
      EXPECT_NE(f.severity, hoso::Severity::kError)
          << f.rule_id << " " << f.field << ": " << f.message;
      EXPECT_NE(f.rule_id, "fields.form_unknown") << f.message;
    }
  }
}

// The value's box is where the truth says the value is printed (within a
// few pixels: the truth box is ink extent, OCR's is word boxes).
TEST_F(DossierFieldsPlugin, ValueBoxesAreWhereTheValueIsPrinted) {
  const hoso::Dossier& dossier = clean_->at(0);
  const nlohmann::json truth = Truth(fs::path(dossier.id).stem().string());
  const hoso::MemberRecord& r = dossier.records.at(0);
  int checked = 0;
  for (const nlohmann::json& page : truth["pages"]) {
    for (const nlohmann::json& f : page["fields"]) {
      const hoso::Field* field = r.Find(f["name"].get<std::string>());
      if (field == nullptr || field->provenance.page != page["index"].get<int>()) continue;
      if (f.contains("line_boxes")) continue;  // wrapped: the box spans lines
      const auto& b = f["box"];
      const hoso::Box& got = field->provenance.box;
      const int truth_cx = b[0].get<int>() + b[2].get<int>() / 2,
                truth_cy = b[1].get<int>() + b[3].get<int>() / 2;
      EXPECT_NEAR(got.x + got.w / 2, truth_cx, 40) << f["name"];
      EXPECT_NEAR(got.y + got.h / 2, truth_cy, 25) << f["name"];
      ++checked;
    }
  }
  EXPECT_GE(checked, 10);
}

TEST_F(DossierFieldsPlugin, RefusesAFormsFolderWithoutForms) {
  const fs::path empty = fs::path(HOSO_TEST_TMP) / "no-forms";
  fs::create_directories(empty);
  try {
    hoso::Harness fields(Plugin("dossier_fields"), "forms: " + empty.string());
    hoso::Dossier d;
    d.id = "x";
    d.pages.resize(1);
    fields.Run({d});
    FAIL() << "accepted a folder without forms";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("no *.yaml form file"));
  }
}

// `hoso eval fields` on records written by the JSON Lines sink.
TEST_F(DossierFieldsPlugin, EvalFieldsCommandScoresRecordsAgainstTruth) {
  const fs::path dir = fs::path(HOSO_TEST_TMP) / "eval";
  fs::create_directories(dir);
  const fs::path records = dir / "records.jsonl";
  {
    hoso::Harness sink(Plugin("jsonl_sink"), "path: " + records.string());
    sink.Write(*clean_);
  }
  const fs::path report = dir / "eval.json";
  const std::string command = std::string(HOSO_BIN) + " eval fields --truth " + kScans.string() +
                              " --records " + records.string() + " --json " + report.string() +
                              " > " + (dir / "eval.txt").string() + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream in(report);
  const nlohmann::json j = nlohmann::json::parse(in);
  ASSERT_TRUE(j.contains("clean"));
  EXPECT_EQ(j["clean"]["dossiers"], 2);
  EXPECT_EQ(j["clean"]["missing_records"], 0);
  EXPECT_EQ(j["clean"]["fields"]["birth_date"]["exact"], 2);
  EXPECT_EQ(j["clean"]["fields"]["national_id"]["exact"], 2);
  // A record set missing one dossier scores its fields as wrong.
  std::ifstream all(records);
  std::string first;
  std::getline(all, first);
  const fs::path half = dir / "half.jsonl";
  std::ofstream(half) << first << "\n";
  const std::string again = std::string(HOSO_BIN) + " eval fields --truth " + kScans.string() +
                            " --records " + half.string() + " --json " + report.string() +
                            " > /dev/null 2>&1";
  ASSERT_EQ(std::system(again.c_str()), 0);
  std::ifstream in2(report);
  const nlohmann::json k = nlohmann::json::parse(in2);
  EXPECT_EQ(k["clean"]["missing_records"], 1);
  EXPECT_LE(k["clean"]["fields"]["birth_date"]["exact"], 1);
}

}  // namespace
