// Drives the real plugins on the bundled synthetic population: csv_source
// reads five exports (UTF-8, raw TCVN3, VNI mojibake, OCR'd, unaccented),
// normalize_vi repairs them, dedup decides who is who.
#include <gmock/gmock.h>
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine.h"
#include "evaluation.h"
#include "hoso/harness.h"
#include "member_table.h"
#include "model.h"

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

TEST_F(DedupPlugin, PairScoresOverTheLimitKeepTheReviewBandFirst) {
  auto run = [](size_t limit) {
    Model model = LoadModel(fs::path(HOSO_MODELS_DIR) / "dedup" / "members.yaml");
    MemberTable table(model.Features());
    for (const Dossier& d : *people_) {
      for (const MemberRecord& r : d.records) table.Add(r);
    }
    EngineOptions options;
    options.fit = true;
    options.max_review_pairs = limit;
    DedupResult result = Deduplicate(table, model, options);
    return std::make_pair(std::move(result), model.thresholds.match);
  };
  const auto [all, match] = run(SIZE_MAX);
  auto key = [](const ScoredPair& p) { return std::make_pair(p.a, p.b); };
  std::set<std::pair<uint32_t, uint32_t>> band;
  std::vector<float> match_weights;
  for (const ScoredPair& p : all.review) {
    if (p.weight < match) band.insert(key(p));
    if (p.weight >= match) match_weights.push_back(p.weight);
  }
  ASSERT_GE(band.size(), 2u);
  ASSERT_GT(match_weights.size(), 20u);
  std::sort(match_weights.begin(), match_weights.end());

  // Room for the band and ten matches: the band whole, then the ten weakest
  // matches (no match is refused here, so none ranks before them).
  const size_t limit = band.size() + 10;
  const auto [kept, unused] = run(limit);
  ASSERT_EQ(kept.review.size(), limit);
  EXPECT_EQ(kept.stats.review_pairs_dropped, all.review.size() - limit);
  size_t band_kept = 0;
  float strongest_kept = -1e9f;
  for (const ScoredPair& p : kept.review) {
    if (band.contains(key(p))) {
      ++band_kept;
    } else {
      strongest_kept = std::max(strongest_kept, p.weight);
    }
  }
  EXPECT_EQ(band_kept, band.size());
  EXPECT_EQ(strongest_kept, match_weights[9]);
  EXPECT_TRUE(
      std::is_sorted(kept.review.begin(), kept.review.end(),
                     [&](const ScoredPair& x, const ScoredPair& y) { return key(x) < key(y); }));
  // Less room than the band: the band is never cut; only matches go.
  const auto [cut, unused2] = run(1);
  EXPECT_EQ(cut.review.size(), band.size());
  EXPECT_EQ(cut.stats.review_pairs_dropped, all.review.size() - band.size());
  for (const ScoredPair& p : cut.review) EXPECT_TRUE(band.contains(key(p)));
}

TEST_F(DedupPlugin, SameInputSameMembersWhateverTheThreads) {
  const RecordSet out_one = Run("threads: 1");
  const RecordSet out_three = Run("threads: 3");
  EXPECT_EQ(MembersOf(out_one).member_of, MembersOf(out_three).member_of);
  // The same fitted model too (u comes from random pairs drawn on every
  // thread): every weight of every explained pair is the same.
  auto weights = [](const RecordSet& out) {
    std::vector<std::string> rows;
    const SideTable* pairs = Table(out, "pair_scores");
    if (pairs == nullptr) return rows;
    for (const auto& row : pairs->rows) {
      std::string text;
      for (const Cell& cell : row) {
        if (const auto* d = std::get_if<double>(&cell)) text += std::to_string(*d) + "|";
        if (const auto* s = std::get_if<std::string>(&cell)) text += *s + "|";
      }
      rows.push_back(text);
    }
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  const std::vector<std::string> one = weights(out_one);
  ASSERT_FALSE(one.empty());
  EXPECT_EQ(one, weights(out_three));
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

// ---- Link mode: batch B against a handbook written from batch A ----------

// Every cell as text ("" for NULL), read the way any consumer would.
std::vector<std::vector<std::string>> Query(const fs::path& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + db_path.string());
  }
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    const std::string message = sqlite3_errmsg(db);
    sqlite3_close(db);
    throw std::runtime_error(sql + ": " + message);
  }
  std::vector<std::vector<std::string>> rows;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    std::vector<std::string> row;
    for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
      const unsigned char* text = sqlite3_column_text(stmt, c);
      row.emplace_back(text == nullptr ? "" : reinterpret_cast<const char*>(text));
    }
    rows.push_back(std::move(row));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return rows;
}

int64_t Count(const fs::path& db, const std::string& sql) {
  return std::stoll(Query(db, sql).at(0).at(0));
}

// source/record id -> member id, as the handbook has them.
std::map<std::string, std::string> StoredMembers(const fs::path& db) {
  std::map<std::string, std::string> out;
  for (const auto& row : Query(db, "SELECT source, record_id, member_id FROM source_records")) {
    out[row[0] + "/" + row[1]] = row[2];
  }
  return out;
}

// A command of the dedup plugin, run as the host runs it: from the plugin's
// descriptor, with argv as given after `hoso`. Returns its exit code.
class PluginCommand {
 public:
  explicit PluginCommand(const std::string& name) {
    library_ = dlopen((kDir + "/dedup.so").c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library_ == nullptr) throw std::runtime_error(dlerror());
    const void* const* entry =
        static_cast<const void* const*>(dlsym(library_, HOSO_ENTRY_PREFIX "4"));
    if (entry == nullptr) throw std::runtime_error("dedup.so has no entry point");
    const auto describe = reinterpret_cast<const PluginDescriptor* (*)()>(*entry);
    const PluginDescriptor* descriptor = describe();
    for (size_t i = 0; i < descriptor->command_count; ++i) {
      if (std::string(descriptor->commands[i].name) == name) command_ = &descriptor->commands[i];
    }
    if (command_ == nullptr) throw std::runtime_error("dedup.so has no command " + name);
  }
  ~PluginCommand() { dlclose(library_); }
  PluginCommand(const PluginCommand&) = delete;
  PluginCommand& operator=(const PluginCommand&) = delete;

  int Run(std::vector<std::string> args) const {
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    return command_->run(static_cast<int>(argv.size()), argv.data());
  }

 private:
  void* library_ = nullptr;
  const Command* command_ = nullptr;
};

std::string Bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class DedupLink : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<Dossier> people = NormalizedPeople();
    batch_a_ = new std::vector<Dossier>();
    batch_b_ = new std::vector<Dossier>();
    // Alternate dossiers (one row each): most people have records in both.
    for (size_t i = 0; i < people.size(); ++i) {
      (i % 2 == 0 ? batch_a_ : batch_b_)->push_back(std::move(people[i]));
    }
    // One model for every run, fitted once on batch A, as a user would keep
    // the first run's model (save_model) for the links that follow.
    model_ = new fs::path(fs::path(HOSO_TEST_TMP) / "DedupLink" / "model.yaml");
    fs::create_directories(model_->parent_path());
    Harness dedup(kDir + "/dedup.so", "save_model: '" + model_->string() + "'");
    RecordSet set;
    set.dossiers = *batch_a_;
    dedup.RunBatch(std::move(set));
  }
  static void TearDownTestSuite() {
    delete batch_a_;
    delete batch_b_;
    delete model_;
  }

  void SetUp() override {
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(HOSO_TEST_TMP) / "DedupLink" / test->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    handbook_ = dir_ / "handbook.sqlite";
  }

  std::string ModelOptions() const { return "model: '" + model_->string() + "'\nfit: never\n"; }

  // dedup -> merge -> handbook_sqlite, a new handbook.
  void Build(const std::vector<Dossier>& batch) {
    Harness dedup(kDir + "/dedup.so", ModelOptions());
    RecordSet set;
    set.dossiers = batch;
    set = dedup.RunBatch(std::move(set));
    Harness merge(kDir + "/merge.so");
    set = merge.RunBatch(std::move(set));
    Harness sink(kDir + "/handbook_sqlite.so", "path: '" + handbook_.string() + "'");
    sink.Write(set.dossiers, set.tables);
  }

  // The same stages in link mode against handbook_. Returns dedup's log.
  std::vector<std::string> Link(const std::vector<Dossier>& batch,
                                const std::vector<SideTable>& extra_tables = {}) {
    const std::string link = "link: '" + handbook_.string() + "'\n";
    Harness dedup(kDir + "/dedup.so", ModelOptions() + link);
    RecordSet set;
    set.dossiers = batch;
    set = dedup.RunBatch(std::move(set));
    Harness merge(kDir + "/merge.so", link);
    set = merge.RunBatch(std::move(set));
    for (const SideTable& t : extra_tables) set.tables.push_back(t);
    Harness sink(kDir + "/handbook_sqlite.so", "path: '" + handbook_.string() + "'\nupdate: true");
    sink.Write(set.dossiers, set.tables);
    last_set_ = std::move(set);
    return dedup.log();
  }

  // Members agree with their records: counts, no orphans, foreign keys.
  void ExpectConsistent() {
    EXPECT_EQ(Count(handbook_,
                    "SELECT count(*) FROM members m WHERE record_count != (SELECT count(*) "
                    "FROM source_records s WHERE s.member_id = m.member_id)"),
              0);
    EXPECT_EQ(Count(handbook_,
                    "SELECT count(*) FROM source_records s WHERE NOT EXISTS (SELECT 1 FROM "
                    "members m WHERE m.member_id = s.member_id)"),
              0);
    EXPECT_TRUE(Query(handbook_, "PRAGMA foreign_key_check").empty());
  }

  static std::vector<Dossier>* batch_a_;
  static std::vector<Dossier>* batch_b_;
  static fs::path* model_;
  fs::path dir_;
  fs::path handbook_;
  RecordSet last_set_;
};
std::vector<Dossier>* DedupLink::batch_a_ = nullptr;
std::vector<Dossier>* DedupLink::batch_b_ = nullptr;
fs::path* DedupLink::model_ = nullptr;

TEST_F(DedupLink, NewRecordsJoinHandbookMembersWhoseIdsNeverChange) {
  Build(*batch_a_);
  const std::map<std::string, std::string> before = StoredMembers(handbook_);
  std::set<std::string> members_a;
  for (const auto& [record, member] : before) members_a.insert(member);
  Link(*batch_b_);
  const std::map<std::string, std::string> after = StoredMembers(handbook_);

  for (const auto& [record, member] : before) EXPECT_EQ(after.at(record), member) << record;
  size_t b_records = 0;
  for (const Dossier& d : *batch_b_) b_records += d.records.size();
  EXPECT_EQ(after.size(), before.size() + b_records);

  // Against the truth: a B record of a person A has should carry the member
  // A's records of that person have; a person new in B gets a new member.
  const Assignment truth = Truth();
  std::map<std::string, std::set<std::string>> members_of_person;  // from A
  for (const auto& [key, member] : before) {
    members_of_person[truth.member_of.at(key.substr(key.find('/') + 1))].insert(member);
  }
  size_t known = 0, joined_right = 0, unknown = 0, unknown_new = 0;
  for (const Dossier& d : *batch_b_) {
    for (const MemberRecord& r : d.records) {
      const std::string& member = after.at(r.source + "/" + r.id);
      auto it = members_of_person.find(truth.member_of.at(r.id));
      if (it == members_of_person.end()) {
        ++unknown;
        unknown_new += members_a.contains(member) ? 0 : 1;
      } else {
        ++known;
        joined_right += it->second.contains(member) ? 1 : 0;
      }
    }
  }
  ASSERT_GT(known, 50u);
  ASSERT_GT(unknown, 5u);
  EXPECT_GE(static_cast<double>(joined_right) / static_cast<double>(known), 0.95)
      << joined_right << " of " << known;
  EXPECT_EQ(unknown_new, unknown);
  ExpectConsistent();
  EXPECT_EQ(Count(handbook_, "SELECT count(*) FROM runs"), 2);
  EXPECT_EQ(Query(handbook_, "SELECT handbook, records, already_in_handbook FROM dedup_link"),
            (std::vector<std::vector<std::string>>{
                {handbook_.string(), std::to_string(b_records), "0"}}));

  // A member that had one record in A and got more in B has a golden record
  // now, rebuilt from both runs' records.
  std::set<std::string> relinked;
  for (const auto& [record, member] : after) {
    if (!before.contains(record) && members_a.contains(member)) relinked.insert(member);
  }
  ASSERT_FALSE(relinked.empty());
  // ... from all of them: the full name's value groups count every record,
  // the handbook's included.
  for (const std::string& member : relinked) {
    EXPECT_EQ(Count(handbook_,
                    "SELECT (SELECT coalesce(sum(records), 0) FROM field_provenance "
                    "WHERE member_id = '" +
                        member +
                        "' AND field = 'full_name') - "
                        "record_count FROM members WHERE member_id = '" +
                        member + "'"),
              0)
        << member;
  }
  EXPECT_EQ(Count(handbook_,
                  "SELECT count(*) FROM members m WHERE m.record_count > 1 AND NOT EXISTS "
                  "(SELECT 1 FROM field_provenance p WHERE p.member_id = m.member_id AND "
                  "p.field = 'full_name' AND p.chosen = 1 AND p.rule IS NOT NULL)"),
            0);
  EXPECT_EQ(Count(handbook_,
                  "SELECT count(*) FROM (SELECT member_id, field FROM field_provenance "
                  "WHERE chosen = 1 GROUP BY member_id, field HAVING count(*) > 1)"),
            0);
}

// `hoso eval dedup` scores a handbook's source records exactly as it scores
// the members.jsonl of the same run.
TEST_F(DedupLink, EvalScoresTheHandbookAsTheMembersFile) {
  Harness dedup(kDir + "/dedup.so", ModelOptions());
  RecordSet set;
  set.dossiers = *batch_a_;
  set = dedup.RunBatch(std::move(set));
  Harness merge(kDir + "/merge.so");
  set = merge.RunBatch(std::move(set));
  Harness(kDir + "/handbook_sqlite.so", "path: '" + handbook_.string() + "'")
      .Write(set.dossiers, set.tables);
  const fs::path members = dir_ / "members.jsonl";
  Harness(kDir + "/jsonl_sink.so", "path: '" + members.string() + "'")
      .Write(set.dossiers, set.tables);

  const PluginCommand eval("eval");
  auto run = [&](const std::string& flag, const fs::path& file, const fs::path& json) {
    return eval.Run({"eval", "dedup", "--truth", (kPeople / "truth.csv").string(), flag,
                     file.string(), "--json", json.string()});
  };
  ASSERT_EQ(run("--members", members, dir_ / "from-members.json"), 0);
  ASSERT_EQ(run("--handbook", handbook_, dir_ / "from-handbook.json"), 0);
  std::ifstream a(dir_ / "from-members.json"), b(dir_ / "from-handbook.json");
  const std::string from_members(std::istreambuf_iterator<char>(a), {});
  const std::string from_handbook(std::istreambuf_iterator<char>(b), {});
  EXPECT_EQ(from_handbook, from_members);
  // Every source record of the batch was scored (golden records are not
  // source records).
  size_t records = 0;
  for (const Dossier& d : set.dossiers) {
    for (const MemberRecord& r : d.records) records += r.golden ? 0 : 1;
  }
  EXPECT_THAT(from_handbook, HasSubstr("\"records\": " + std::to_string(records) + ","));
}

TEST_F(DedupLink, ExplainWeighsAPairFromTheHandbookAsTheRunDid) {
  Build(*batch_a_);
  Link(*batch_b_);
  // The model each run decided with is kept in the handbook; the link run's
  // is the last.
  EXPECT_EQ(Count(handbook_, "SELECT count(*) FROM dedup_model"), 2);
  const fs::path members = dir_ / "members.jsonl";
  {
    RecordSet everything;
    everything.dossiers = *batch_a_;
    everything.dossiers.insert(everything.dossiers.end(), batch_b_->begin(), batch_b_->end());
    Harness(kDir + "/jsonl_sink.so", "path: '" + members.string() + "'")
        .Write(everything.dossiers, {});
  }
  // A pair the link run wrote for review, with the weight it decided on.
  const auto pairs = Query(handbook_,
                           "SELECT record_id_l, record_id_r, match_weight FROM pair_scores "
                           "ORDER BY rowid DESC LIMIT 1");
  ASSERT_EQ(pairs.size(), 1u);
  const std::string a = pairs[0][0], b = pairs[0][1];
  char total[64];
  std::snprintf(total, sizeof total, "total %+.2f bits", std::stod(pairs[0][2]));

  const PluginCommand explain("explain");
  auto run = [&](std::vector<std::string> args, int* code) {
    ::testing::internal::CaptureStdout();
    *code = explain.Run(std::move(args));
    std::fflush(stdout);
    return ::testing::internal::GetCapturedStdout();
  };
  int code = -1;
  const std::string from_handbook = run({"explain", a, b, "--handbook", handbook_.string()}, &code);
  ASSERT_EQ(code, 0);
  EXPECT_THAT(from_handbook, HasSubstr(total));
  // The same as from the records file and the model file the runs used.
  const std::string from_files =
      run({"explain", a, b, "--members", members.string(), "--model", model_->string()}, &code);
  ASSERT_EQ(code, 0);
  EXPECT_EQ(from_handbook, from_files);
  // A record the handbook does not hold is named.
  ::testing::internal::CaptureStderr();
  run({"explain", a, "no-such-record", "--handbook", handbook_.string()}, &code);
  EXPECT_EQ(code, 1);
  EXPECT_THAT(::testing::internal::GetCapturedStderr(),
              HasSubstr("record no-such-record is not in " + handbook_.string()));
}

TEST_F(DedupLink, LinkingAgainAddsNothing) {
  Build(*batch_a_);
  Link(*batch_b_);
  const std::map<std::string, std::string> once = StoredMembers(handbook_);
  const int64_t members = Count(handbook_, "SELECT count(*) FROM members");
  const std::vector<std::string> log = Link(*batch_b_);
  size_t b_records = 0;
  for (const Dossier& d : *batch_b_) b_records += d.records.size();
  EXPECT_THAT(log, ::testing::Contains(HasSubstr(std::to_string(b_records) +
                                                 " records are in the handbook already")));
  EXPECT_EQ(StoredMembers(handbook_), once);
  EXPECT_EQ(Count(handbook_, "SELECT count(*) FROM members"), members);
  ExpectConsistent();
}

TEST_F(DedupLink, ScoresOnlyPairsWithANewRecord) {
  // The engine on the same records three ways: A alone, A and B at once,
  // B linked to A. Linking compares exactly the pairs of the single run that
  // have a B record.
  Model model = LoadModel(*model_);
  auto table_of = [&](const std::vector<const std::vector<Dossier>*>& batches) {
    MemberTable table(model.Features());
    for (const auto* batch : batches) {
      for (const Dossier& d : *batch) {
        for (const MemberRecord& r : d.records) table.Add(r);
      }
    }
    return table;
  };
  EngineOptions options;
  options.threads = 2;
  MemberTable a = table_of({batch_a_});
  const DedupResult alone = Deduplicate(a, model, options);
  MemberTable all = table_of({batch_a_, batch_b_});
  const DedupResult once = Deduplicate(all, model, options);
  ASSERT_EQ(once.stats.oversized_blocks, 0u);

  MemberTable linked = table_of({batch_a_, batch_b_});
  std::vector<uint32_t> member(a.size());
  for (uint32_t row = 0; row < a.size(); ++row) member[row] = alone.cluster[row];
  options.existing_rows = static_cast<uint32_t>(a.size());
  options.existing_member = &member;
  const DedupResult link = Deduplicate(linked, model, options);
  EXPECT_GT(alone.stats.blocked_pairs, 0u);
  EXPECT_EQ(link.stats.blocked_pairs, once.stats.blocked_pairs - alone.stats.blocked_pairs);
  for (const ScoredPair& p : link.review) EXPECT_GE(std::max(p.a, p.b), a.size());
  // Handbook members stay whole and keep their name.
  for (uint32_t row = 0; row < a.size(); ++row) {
    EXPECT_EQ(member[link.cluster[row]], member[row]);
  }

  // Nothing new: nothing compared.
  MemberTable only_a = table_of({batch_a_});
  options.existing_rows = static_cast<uint32_t>(only_a.size());
  EXPECT_EQ(Deduplicate(only_a, model, options).stats.blocked_pairs, 0u);
}

TEST_F(DedupLink, NeverMergesTwoHandbookMembers) {
  // A handbook written without dedup keeps each record its own member, so
  // a person with two records in A is two members. B's record of that
  // person matches both: it joins one, and the other match waits for review.
  {
    Harness sink(kDir + "/handbook_sqlite.so", "path: '" + handbook_.string() + "'");
    sink.Write(*batch_a_);
  }
  const std::map<std::string, std::string> before = StoredMembers(handbook_);
  const std::vector<std::string> log = Link(*batch_b_);
  const std::map<std::string, std::string> after = StoredMembers(handbook_);
  for (const auto& [record, member] : before) EXPECT_EQ(after.at(record), member) << record;
  EXPECT_THAT(log, ::testing::Contains(HasSubstr("would have merged two members")));
  const int64_t conflicts =
      Count(handbook_,
            "SELECT count(*) FROM pair_scores WHERE rule = 'joins_two_members' AND "
            "decision = 'review'");
  EXPECT_GT(conflicts, 0);
  EXPECT_GT(Count(handbook_, "SELECT count(*) FROM findings WHERE rule_id = 'dedup.link_conflict'"),
            0);
  ExpectConsistent();
}

TEST_F(DedupLink, AFailedUpdateLeavesTheHandbookAsItWas) {
  Build(*batch_a_);
  const std::string bytes = Bytes(handbook_);
  // A side table the handbook already has, with other columns: the sink
  // refuses it after every record was written, and the run fails.
  SideTable clash;
  clash.name = "dedup_thresholds";
  clash.columns = {"something_else"};
  clash.rows = {{Cell(int64_t{1})}};
  EXPECT_THROW(Link(*batch_b_, {clash}), std::exception);
  EXPECT_EQ(Bytes(handbook_), bytes);
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(dir_)) {
    left.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(left, std::vector<std::string>{"handbook.sqlite"});
}

TEST_F(DedupLink, RefusesAHandbookWithoutRecordContents) {
  Build(*batch_a_);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(handbook_.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(db, "UPDATE source_records SET contents = NULL", nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(db);
  }
  try {
    Link(*batch_b_);
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_THAT(e.what(), HasSubstr("no stored contents"));
  }
}

TEST_F(DedupLink, ANewMemberNeverTakesTheIdOfAHandbookMember) {
  // Record ids are unique per source only: a new person whose record id is
  // a handbook member's id must not become that member.
  const Assignment truth = Truth();
  Dossier existing = (*batch_a_)[0];
  const std::string person = truth.member_of.at(existing.records[0].id);
  existing.records[0].id = "R1";
  {
    Harness sink(kDir + "/handbook_sqlite.so", "path: '" + handbook_.string() + "'");
    sink.Write({existing});
  }
  Dossier other;
  for (const Dossier& d : *batch_b_) {
    if (truth.member_of.at(d.records[0].id) != person &&
        d.records[0].name_keys.ascii_folded != existing.records[0].name_keys.ascii_folded) {
      other = d;
      break;
    }
  }
  ASSERT_FALSE(other.records.empty());
  other.records[0].id = "R1";
  other.records[0].source = "another_source";
  Link({other});
  EXPECT_EQ(StoredMembers(handbook_),
            (std::map<std::string, std::string>{{existing.records[0].source + "/R1", "R1"},
                                                {"another_source/R1", "R1~2"}}));
  ExpectConsistent();
}

TEST_F(DedupLink, ALinkedBatchOnlyGoesIntoAnUpdateOfItsHandbook) {
  Build(*batch_a_);
  const std::string bytes = Bytes(handbook_);
  const std::string link = "link: '" + handbook_.string() + "'\n";
  Harness dedup(kDir + "/dedup.so", ModelOptions() + link);
  RecordSet set;
  set.dossiers = *batch_b_;
  set = dedup.RunBatch(std::move(set));
  // Forgetting update: true would replace the handbook with this batch.
  {
    Harness sink(kDir + "/handbook_sqlite.so", "path: '" + handbook_.string() + "'");
    EXPECT_THROW(sink.Write(set.dossiers, set.tables), std::runtime_error);
  }
  EXPECT_EQ(Bytes(handbook_), bytes);
  // Nor does it go into another handbook.
  const fs::path other = dir_ / "other.sqlite";
  fs::copy_file(handbook_, other);
  {
    Harness sink(kDir + "/handbook_sqlite.so", "path: '" + other.string() + "'\nupdate: true");
    EXPECT_THROW(sink.Write(set.dossiers, set.tables), std::runtime_error);
  }
  EXPECT_EQ(Bytes(other), bytes);
}

}  // namespace
}  // namespace hoso::dedup
