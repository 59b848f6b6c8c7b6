// Drives the real plugins on the bundled synthetic population: csv_source
// reads five exports (UTF-8, raw TCVN3, VNI mojibake, OCR'd, unaccented),
// normalize_vi repairs them, dedup decides who is who.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "evaluation.h"
#include "hoso/harness.h"

namespace hoso::dedup {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const std::string kDir = HOSO_PLUGIN_DIR;
const fs::path kPeople = fs::path(HOSO_SOURCE_DIR) / "fixtures" / "people";

struct Source {
  const char* file;
  const char* options;
};

// Mirrors fixtures/people/pipeline.yaml.
const Source kSources[] = {
    {"export_2019.csv", "id_column: ma_ho_so\nsource_name: export_2019\ncolumns: {ho_ten: full_name, ngay_sinh: birth_date, gioi_tinh: gender, que_quan: hometown, so_cccd: national_id, so_the_dang: party_card_number, ngay_vao_dang: admission_date}"},
    {"legacy_tcvn3.csv", "id_column: ma_hs\nsource_name: legacy_tcvn3\ninvalid_utf8: windows-1252\ncolumns: {ho_ten: full_name, ngay_sinh: birth_date, gioi_tinh: gender, que_quan: hometown, so_cmnd: national_id, so_the: party_card_number, ngay_vao_dang: admission_date}"},
    {"legacy_vni.csv", "id_column: ma_hs\nsource_name: legacy_vni\ncolumns: {ho_ten: full_name, ngay_sinh: birth_date, gioi_tinh: gender, que_quan: hometown, so_cmnd: national_id, so_the: party_card_number, ngay_vao_dang: admission_date}"},
    {"ocr_dossiers.csv", "id_column: ma_ho_so\nsource_name: ocr_dossiers\ncolumns: {ho_ten: full_name, ngay_sinh: birth_date, gioi_tinh: gender, que_quan: hometown, so_cccd: national_id, so_the_dang: party_card_number, ngay_vao_dang: admission_date}"},
    {"ascii_export.csv", "id_column: ma_hs\nsource_name: ascii_export\ndelimiter: \";\"\ncolumns: {ho_ten: full_name, ngay_sinh: birth_date, gioi_tinh: gender, que_quan: hometown, so_cmnd: national_id, so_the: party_card_number, ngay_vao_dang: admission_date}"},
};

std::vector<Dossier> NormalizedPeople() {
  std::vector<Dossier> all;
  for (const Source& s : kSources) {
    Harness source(kDir + "/csv_source.so",
                   "path: '" + (kPeople / s.file).string() + "'\n" + s.options, kPeople);
    std::vector<Dossier> read = source.ReadAll();
    EXPECT_TRUE(source.quarantined().empty()) << s.file;
    for (Dossier& d : read) all.push_back(std::move(d));
  }
  Harness normalize(kDir + "/normalize_vi.so",
                    "encoding_by_source: {legacy_tcvn3: tcvn3, legacy_vni: vni}");
  return normalize.Run(std::move(all));
}

Assignment Truth() {
  Assignment truth;
  std::ifstream in(kPeople / "truth.csv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const size_t comma = line.find(',');
    truth.member_of[line.substr(0, comma)] = line.substr(comma + 1);
  }
  return truth;
}

Assignment MembersOf(const RecordSet& set) {
  Assignment a;
  for (const Dossier& d : set.dossiers) {
    for (const MemberRecord& r : d.records) {
      a.member_of[r.id] = std::string(r.MemberId());
      a.source_of[r.id] = r.source;
    }
  }
  return a;
}

const SideTable* Table(const RecordSet& set, const std::string& name) {
  for (const SideTable& t : set.tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

class DedupPlugin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { people_ = new std::vector<Dossier>(NormalizedPeople()); }
  static void TearDownTestSuite() { delete people_; }
  static RecordSet Run(const std::string& options) {
    Harness dedup(kDir + "/dedup.so", options);
    RecordSet set;
    set.dossiers = *people_;
    return dedup.RunBatch(std::move(set));
  }
  static std::vector<Dossier>* people_;
};
std::vector<Dossier>* DedupPlugin::people_ = nullptr;

TEST_F(DedupPlugin, FindsTheMembersOfTheSyntheticPopulation) {
  const RecordSet out = Run("threads: 2");
  const Evaluation e = Evaluate(MembersOf(out), Truth(), false);
  EXPECT_EQ(e.missing, 0u);
  EXPECT_GE(e.f1, 0.97) << "precision " << e.precision << " recall " << e.recall;
  EXPECT_GE(e.precision, 0.98);
  ASSERT_NE(Table(out, "pair_scores"), nullptr);
  ASSERT_NE(Table(out, "match_weight_histogram"), nullptr);
  EXPECT_FALSE(Table(out, "match_weight_histogram")->rows.empty());
  const SideTable* thresholds = Table(out, "dedup_thresholds");
  ASSERT_NE(thresholds, nullptr);
  ASSERT_EQ(thresholds->rows.size(), 1u);
  EXPECT_EQ(thresholds->columns,
            (std::vector<std::string>{"model", "match", "review", "non_match"}));
  EXPECT_GT(std::get<double>(thresholds->rows[0][1]), std::get<double>(thresholds->rows[0][2]));
}

TEST_F(DedupPlugin, SameInputSameMembersWhateverTheThreads) {
  const Assignment one = MembersOf(Run("threads: 1"));
  const Assignment two = MembersOf(Run("threads: 2"));
  EXPECT_EQ(one.member_of, two.member_of);
}

TEST_F(DedupPlugin, PairScoresExplainEachComparison) {
  const RecordSet out = Run("");
  const SideTable* pairs = Table(out, "pair_scores");
  ASSERT_NE(pairs, nullptr);
  ASSERT_FALSE(pairs->rows.empty());
  EXPECT_EQ(pairs->columns[0], "record_id_l");
  EXPECT_THAT(pairs->columns, ::testing::Contains("full_name_level"));
  // Without a deterministic rule, total = prior + the comparison weights: the
  // same prior for every pair.
  std::vector<double> priors;
  for (const auto& row : pairs->rows) {
    ASSERT_EQ(row.size(), pairs->columns.size());
    const double weight = std::get<double>(row[2]);
    double sum = 0;
    for (size_t c = 7; c < row.size(); c += 2) sum += std::get<double>(row[c]);
    if (std::get<std::string>(row[5]).empty()) priors.push_back(weight - sum);
  }
  ASSERT_FALSE(priors.empty());
  for (double prior : priors) {
    EXPECT_NEAR(prior, priors.front(), 1e-3);
    EXPECT_LT(prior, 0);
  }
}

TEST_F(DedupPlugin, SavesAFittedModelThatANewRunUsesAsIs) {
  const fs::path dir = fs::path(HOSO_TEST_TMP);
  fs::create_directories(dir);
  const fs::path model = dir / "fitted.yaml";
  const Assignment fitted = MembersOf(Run("save_model: '" + model.string() + "'"));
  ASSERT_TRUE(fs::exists(model));
  const Assignment reused = MembersOf(Run("model: '" + model.string() + "'\nfit: never"));
  EXPECT_EQ(fitted.member_of, reused.member_of);
}

TEST(DedupPluginOptions, RefusesAnUnfittedModelWithFitNever) {
  try {
    Harness dedup(kDir + "/dedup.so", "fit: never");
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("not fitted"));
    EXPECT_THAT(e.what(), HasSubstr("members.yaml"));
  }
}

}  // namespace
}  // namespace hoso::dedup
