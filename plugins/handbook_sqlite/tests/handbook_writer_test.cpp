// HandbookWriter driven directly, for what a harness run cannot show: a run
// that never commits, refused dossiers mid-run, and volume.
#include "handbook_writer.h"

#include <gtest/gtest.h>
#include <hoso/context.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "handbook_query.h"
#include "record_store.h"
#include "sample_dossiers.h"
#include "scratch_dir.h"
#include "staged_file.h"

namespace hoso_handbook_test {
namespace {

using hoso_handbook::HandbookSettings;
using hoso_handbook::HandbookWriter;
using Rows = std::vector<HandbookQuery::Row>;

std::string ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

HandbookSettings Settings(const std::filesystem::path& path, bool replace = true) {
  return {.path = path, .replace = replace, .hoso_version = "test"};
}

void CommitHandbook(const std::filesystem::path& path, const std::vector<hoso::Dossier>& dossiers) {
  HandbookWriter writer(Settings(path));
  writer.Open();
  for (const hoso::Dossier& dossier : dossiers) writer.Write(dossier);
  writer.Commit();
}

TEST(HandbookSqliteWriter, OpenCreatesParentDirectoriesAndAPrivateTempFile) {
  const auto path = FreshHandbookPath();
  HandbookWriter writer(Settings(path));
  writer.Open();

  const std::string temp = ".handbook.sqlite.tmp-" + std::to_string(::getpid());
  EXPECT_EQ(FilesIn(path.parent_path()), std::vector<std::string>{temp});
  struct stat info {};
  ASSERT_EQ(::stat((path.parent_path() / temp).c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
}

TEST(HandbookSqliteWriter, TempFileIsPrivateWhateverTheUmask) {
  const auto path = FreshHandbookPath();
  const mode_t old_umask = ::umask(0);
  CommitHandbook(path, {CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}})});
  ::umask(old_umask);

  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
}

TEST(HandbookSqliteWriter, WithoutCommitTheExistingHandbookStaysUntouched) {
  const auto path = FreshHandbookPath();
  CommitHandbook(path, {CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}})});
  const std::string before = ReadBytes(path);

  {
    HandbookWriter failed_run(Settings(path));
    failed_run.Open();
    failed_run.Write(CsvDossier("dv-002", 2, {{"full_name", kTranVanDuc}}));
    EXPECT_EQ(FilesIn(path.parent_path()).size(), 2u);
    // The run fails here: Commit() never comes.
  }

  EXPECT_EQ(ReadBytes(path), before);
  EXPECT_EQ(FilesIn(path.parent_path()), std::vector<std::string>{"handbook.sqlite"});
  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT member_id FROM members"), (Rows{{"dv-001"}}));
}

TEST(HandbookSqliteWriter, WithoutCommitNoHandbookAppears) {
  const auto path = FreshHandbookPath();
  {
    HandbookWriter failed_run(Settings(path));
    failed_run.Write(CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}}));
  }
  EXPECT_EQ(FilesIn(path.parent_path()), std::vector<std::string>{});
}

TEST(HandbookSqliteWriter, ARefusedDossierLeavesNoTraceAndTheRunGoesOn) {
  const auto path = FreshHandbookPath();
  HandbookWriter writer(Settings(path));
  writer.Write(CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}}));

  // The first record is fine, the second is refused: neither is written.
  hoso::Dossier two = CsvDossier("dv-002", 2, {{"full_name", kTranVanDuc}});
  two.records.push_back(CsvDossier("dv-001", 3, {{"full_name", "Other"}}).records[0]);
  try {
    writer.Write(two);
    FAIL() << "a duplicate record id must be refused";
  } catch (const hoso::Rejection& e) {
    EXPECT_NE(std::string(e.what()).find("members.csv row 3"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("Other"), std::string::npos) << "no values in messages";
  }

  hoso::Dossier no_id = CsvDossier("", 4, {{"full_name", kTranVanDuc}});
  try {
    writer.Write(no_id);
    FAIL() << "a record without an id must be refused";
  } catch (const hoso::Rejection& e) {
    EXPECT_NE(std::string(e.what()).find("members.csv row 4"), std::string::npos) << e.what();
  }

  writer.Write(CsvDossier("dv-005", 5, {{"full_name", kTranVanDuc}, {"birth_date", "1960"}}));
  writer.Commit();
  EXPECT_EQ(writer.records_written(), 2);
  EXPECT_EQ(writer.members_written(), 2);

  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT member_id FROM members ORDER BY member_id"),
            (Rows{{"dv-001"}, {"dv-005"}}));
  EXPECT_EQ(db.Count("source_records"), 2);
  EXPECT_EQ(db.Value("SELECT count(*) FROM field_provenance WHERE record_id = 'dv-002'"), "0");
  EXPECT_EQ(db.Value("SELECT records FROM runs"), "2");
}

// Every row of the tables a dossier writes to, in writing order.
std::vector<Rows> TableContents(const std::filesystem::path& path) {
  HandbookQuery db(path);
  std::vector<Rows> tables;
  for (const char* table : {"members", "source_records", "field_provenance", "findings"}) {
    tables.push_back(db.Rows(std::string("SELECT rowid, * FROM ") + table + " ORDER BY rowid"));
  }
  return tables;
}

TEST(HandbookSqliteWriter, ARefusedDossierWritesNoRowAnywhere) {
  // A dossier that would touch every table: a new member with provenance, a
  // date finding, a finding of its own, a record joining a member written
  // before, and last the record that gets it refused.
  hoso::Dossier refused = CsvDossier("dv-010", 10, {{"full_name", kTranVanDuc},
                                                    {"birth_date", "14/09/1975"}});
  refused.records[0].findings.push_back(
      MakeFinding("rule.x", hoso::Severity::kError, "full_name", "checked"));
  hoso::MemberRecord joining = CsvDossier("dv-011", 11, {{"full_name", kNguyenThiHoa}}).records[0];
  joining.member_id = "dv-001";
  refused.records.push_back(joining);
  refused.records.push_back(CsvDossier("dv-001", 12, {{"full_name", "Other"}}).records[0]);

  const hoso::Dossier before = CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}});
  const hoso::Dossier after = CsvDossier("dv-020", 20, {{"full_name", kTranVanDuc}});
  const auto path = FreshHandbookPath();
  {
    HandbookWriter writer(Settings(path));
    writer.Write(before);
    EXPECT_THROW(writer.Write(refused), hoso::Rejection);
    // Two records of one dossier with the same id: refused too, and the ids
    // it held are free again for the dossier that follows.
    hoso::Dossier twice = CsvDossier("dv-030", 30, {{"full_name", kTranVanDuc}});
    twice.records.push_back(twice.records[0]);
    EXPECT_THROW(writer.Write(twice), hoso::Rejection);
    writer.Write(after);
    writer.Commit();
    EXPECT_EQ(writer.records_written(), 2);
    EXPECT_EQ(writer.members_written(), 2);
    EXPECT_EQ(writer.dates_not_iso(), 0);
  }
  const auto expected = path.parent_path().parent_path() / "expected" / "handbook.sqlite";
  CommitHandbook(expected, {before, after});
  EXPECT_EQ(TableContents(path), TableContents(expected));
  HandbookQuery db(path);
  EXPECT_EQ(db.Value("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(db.Rows("PRAGMA foreign_key_check"), Rows{});
}

TEST(HandbookSqliteWriter, AnSqliteErrorOnTheWriterThreadFailsTheRunAndPublishesNothing) {
  const auto path = FreshHandbookPath();
  CommitHandbook(path, {CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}})});
  const std::string before = ReadBytes(path);

  // A severity no SQL CHECK accepts: the row is only refused by SQLite, on
  // the writer thread, after Write() has returned.
  hoso::Dossier bad = CsvDossier("dv-002", 2, {{"full_name", kTranVanDuc}});
  bad.records[0].findings.push_back(
      MakeFinding("rule.x", static_cast<hoso::Severity>(7), "full_name", "checked"));
  std::string error;
  {
    HandbookWriter writer(Settings(path));
    try {
      writer.Write(bad);
      // The error surfaces at a later Write() or, at the latest, at Commit().
      for (int i = 3; i < 20'000; ++i) {
        writer.Write(CsvDossier("dv-" + std::to_string(i), i, {{"full_name", kTranVanDuc}}));
      }
      writer.Commit();
      ADD_FAILURE() << "the run must fail";
    } catch (const hoso::Rejection& e) {
      ADD_FAILURE() << "an SQLite error refuses no single dossier, it fails the run: " << e.what();
    } catch (const std::runtime_error& e) {
      error = e.what();
    }
    // The host gives up on the run here; the writer goes without Commit().
  }
  EXPECT_NE(error.find("findings"), std::string::npos) << error;
  EXPECT_NE(error.find("CHECK constraint failed"), std::string::npos) << error;
  EXPECT_EQ(error.find(kTranVanDuc), std::string::npos) << "no values in messages";
  EXPECT_EQ(ReadBytes(path), before);
  EXPECT_EQ(FilesIn(path.parent_path()), std::vector<std::string>{"handbook.sqlite"});
}

TEST(HandbookSqliteWriter, AWriterThreadErrorAlsoFailsCommit) {
  const auto path = FreshHandbookPath();
  hoso::Dossier bad = CsvDossier("dv-001", 1, {{"full_name", kTranVanDuc}});
  bad.records[0].findings.push_back(
      MakeFinding("rule.x", static_cast<hoso::Severity>(7), "full_name", "checked"));
  {
    HandbookWriter writer(Settings(path));
    writer.Write(bad);
    EXPECT_THROW(writer.Commit(), hoso_handbook::SqliteError);
  }
  EXPECT_EQ(FilesIn(path.parent_path()), std::vector<std::string>{});
}

TEST(HandbookSqliteWriter, AcceptsEveryDatePrecision) {
  const auto path = FreshHandbookPath();
  HandbookWriter writer(Settings(path));
  writer.Write(CsvDossier("a", 1, {{"birth_date", "1975"}}));
  writer.Write(CsvDossier("b", 2, {{"birth_date", "1975-09"}}));
  writer.Write(CsvDossier("c", 3, {{"birth_date", "1975-09-14"}}));
  writer.Commit();
  EXPECT_EQ(HandbookQuery(path).Rows("SELECT birth_date FROM members ORDER BY member_id"),
            (Rows{{"1975"}, {"1975-09"}, {"1975-09-14"}}));
  EXPECT_EQ(HandbookQuery(path).Count("findings"), 0);
}

TEST(HandbookSqliteWriter, DatesThatAreNotIsoStayOutOfTheirColumnWithAFinding) {
  const auto path = FreshHandbookPath();
  HandbookWriter writer(Settings(path));
  const std::vector<std::string> bad = {"14/09/1975", "75", "1975-9", "1975-09-1", "197a"};
  for (size_t i = 0; i < bad.size(); ++i) {
    writer.Write(CsvDossier("dv-" + std::to_string(i), static_cast<int64_t>(i + 1),
                            {{"full_name", kNguyenThiHoa}, {"official_date", bad[i]}}));
  }
  // A later record of an existing member supplies no member values, so its
  // bad date needs no finding.
  hoso::Dossier later = CsvDossier("dv-0-again", 9, {{"birth_date", "09/1975"}});
  later.records[0].member_id = "dv-0";
  writer.Write(later);
  writer.Commit();
  EXPECT_EQ(writer.members_written(), 5);
  EXPECT_EQ(writer.dates_not_iso(), 5);

  HandbookQuery db(path);
  EXPECT_EQ(db.Value("SELECT count(*) FROM members WHERE official_date IS NULL"), "5");
  EXPECT_EQ(db.Rows("SELECT value, raw FROM field_provenance "
                    "WHERE member_id = 'dv-0' AND field = 'official_date'"),
            (Rows{{"14/09/1975", "14/09/1975"}}));
  EXPECT_EQ(db.Rows("SELECT rule_id, severity, field, count(*) FROM findings GROUP BY 1, 2, 3"),
            (Rows{{"handbook.date_not_iso", "warning", "official_date", "5"}}));
  EXPECT_EQ(db.Value("SELECT count(*) FROM findings WHERE message LIKE '%1975%'"), "0");
}

TEST(HandbookSqliteWriter, ReplaceOffRefusesAnExistingHandbook) {
  const auto path = FreshHandbookPath();
  CommitHandbook(path, {CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}})});
  const std::string before = ReadBytes(path);

  HandbookWriter writer(Settings(path, /*replace=*/false));
  EXPECT_THROW(writer.Open(), std::runtime_error);
  EXPECT_EQ(ReadBytes(path), before);
  EXPECT_EQ(FilesIn(path.parent_path()), std::vector<std::string>{"handbook.sqlite"});
}

TEST(HandbookSqliteWriter, ReplaceOffWritesANewHandbook) {
  const auto path = FreshHandbookPath();
  HandbookWriter writer(Settings(path, /*replace=*/false));
  writer.Write(CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}}));
  writer.Commit();
  EXPECT_EQ(FilesIn(path.parent_path()), std::vector<std::string>{"handbook.sqlite"});
}

TEST(HandbookSqliteWriter, CommitsOnlyOnce) {
  const auto path = FreshHandbookPath();
  HandbookWriter writer(Settings(path));
  writer.Commit();
  EXPECT_THROW(writer.Commit(), std::logic_error);
}

TEST(HandbookSqliteStagedFile, WritebackHintsLeaveTheFileAsWrittenAndPublishable) {
  const auto path = FreshHandbookPath();
  hoso_handbook::StagedFile file(path, /*replace=*/false);
  std::string written;
  auto append = [&](size_t bytes, char fill) {
    std::ofstream out(file.temp_path(), std::ios::binary | std::ios::app);
    const std::string chunk(bytes, fill);
    out << chunk;
    written += chunk;
  };
  append(size_t{3} << 20, 'a');
  file.StartWriteback(int64_t{1} << 20);  // 3 MiB new: starts
  append(size_t{1} << 20, 'b');
  file.StartWriteback(int64_t{4} << 20);  // 1 MiB new: too little, nothing
  append(12345, 'c');
  file.StartWriteback(0);
  file.Publish();
  EXPECT_EQ(ReadBytes(path), written);
  EXPECT_FALSE(std::filesystem::exists(file.temp_path()));
  EXPECT_EQ(FilesIn(path.parent_path()), std::vector<std::string>{"handbook.sqlite"});
}

TEST(HandbookSqliteWriter, ScalesToManyRecords) {
  const auto path = FreshHandbookPath();
  constexpr int kRecords = 100'000;
  HandbookWriter writer(Settings(path));
  for (int i = 0; i < kRecords; ++i) {
    hoso::Dossier dossier = CsvDossier("dv-" + std::to_string(i), i + 1,
                                       {{"full_name", kNguyenThiHoa},
                                        {"birth_date", "1975-09-14"},
                                        {"party_unit", i % 2 == 0 ? kChiBo3 : kChiBo5}});
    // Every tenth record is a second record of the member before it.
    if (i % 10 == 9) dossier.records[0].member_id = "dv-" + std::to_string(i - 1);
    writer.Write(dossier);
  }
  writer.Commit();

  HandbookQuery db(path);
  EXPECT_EQ(db.Count("source_records"), kRecords);
  EXPECT_EQ(db.Count("members"), kRecords - kRecords / 10);
  EXPECT_EQ(db.Count("field_provenance"), 3 * (kRecords - kRecords / 10));
  EXPECT_EQ(db.Value("SELECT sum(record_count) FROM members"), std::to_string(kRecords));
}

}  // namespace
}  // namespace hoso_handbook_test

namespace hoso_handbook_test {
namespace {

// What the merge plugin hands over: the golden record just before the
// member's first record, the member's second record later.
TEST(HandbookSqliteWriter, GoldenRecordIsTheMemberAndItsSourcesAreCountedOnce) {
  const auto path = FreshHandbookPath();
  hoso::Dossier first = CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}, {"birth_date", "1975-09-14"}});
  hoso::Dossier second = CsvDossier("dv-002", 2, {{"full_name", kNguyenThiHoa}, {"birth_date", "1975-04-09"}});
  second.records[0].member_id = "dv-001";
  hoso::MemberRecord golden = first.records[0];
  golden.golden = true;
  golden.source = "merge";
  golden.member_id = "dv-001";
  hoso::FieldOrigin& date = golden.origins["birth_date"];
  date.source = "csv_source";
  date.record_id = "dv-001";
  date.rule = "highest_confidence";
  date.alternatives.push_back({"1975-04-09", "csv_source", "dv-002", 1});
  golden.origins["full_name"] = {"csv_source", "dv-001", "highest_confidence", 2, {}};
  golden.findings.push_back(MakeFinding("merge.disagreement", hoso::Severity::kWarning,
                                        "birth_date", "the member's records hold 2 different values"));
  first.records.insert(first.records.begin(), golden);
  CommitHandbook(path, {first, second});

  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT member_id, birth_date, record_count FROM members"),
            (Rows{{"dv-001", "1975-09-14", "2"}}));
  EXPECT_EQ(db.Rows("SELECT record_id, member_id FROM source_records ORDER BY record_id"),
            (Rows{{"dv-001", "dv-001"}, {"dv-002", "dv-001"}}));
  EXPECT_EQ(db.Rows("SELECT field, value, record_id, chosen, rule, records FROM field_provenance "
                    "ORDER BY field, chosen DESC"),
            (Rows{{"birth_date", "1975-09-14", "dv-001", "1", "highest_confidence", "1"},
                  {"birth_date", "1975-04-09", "dv-002", "0", "highest_confidence", "1"},
                  {"full_name", kNguyenThiHoa, "dv-001", "1", "highest_confidence", "2"}}));
  EXPECT_EQ(db.Rows("SELECT member_id, record_id, rule_id FROM findings"),
            (Rows{{"dv-001", kNull, "merge.disagreement"}}));
  EXPECT_EQ(db.Rows("PRAGMA foreign_key_check"), Rows{});
  EXPECT_EQ(db.Value("SELECT records FROM runs"), "2");
}

// ---- Update mode (dedup link) ------------------------------------------

HandbookSettings UpdateSettings(const std::filesystem::path& path) {
  return {.path = path, .replace = true, .hoso_version = "test", .update = true};
}

TEST(HandbookSqliteUpdate, AddsTheRunsRecordsAndKeepsWhatWasThere) {
  const auto path = FreshHandbookPath();
  CommitHandbook(path, {CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}})});
  {
    HandbookWriter writer(UpdateSettings(path));
    hoso::Dossier joining = CsvDossier("dv-003", 3, {{"full_name", kNguyenThiHoa}});
    joining.records[0].member_id = "dv-001";
    writer.Write(CsvDossier("dv-002", 2, {{"full_name", kTranVanDuc}}));
    writer.Write(joining);
    writer.Commit();
    EXPECT_EQ(writer.members_written(), 1);
  }
  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT member_id, full_name, record_count FROM members ORDER BY member_id"),
            (Rows{{"dv-001", kNguyenThiHoa, "2"}, {"dv-002", kTranVanDuc, "1"}}));
  EXPECT_EQ(db.Rows("SELECT record_id, member_id FROM source_records ORDER BY record_id"),
            (Rows{{"dv-001", "dv-001"}, {"dv-002", "dv-002"}, {"dv-003", "dv-001"}}));
  EXPECT_EQ(db.Count("runs"), 2);
  EXPECT_EQ(db.Rows("SELECT records FROM runs ORDER BY run_id"), (Rows{{"1"}, {"2"}}));
  EXPECT_EQ(db.Value("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(db.Rows("PRAGMA foreign_key_check"), Rows{});
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_EQ(FilesIn(path.parent_path()), std::vector<std::string>{"handbook.sqlite"});
}

TEST(HandbookSqliteUpdate, RefusesARecordIdTheHandbookHasAlready) {
  const auto path = FreshHandbookPath();
  CommitHandbook(path, {CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}})});
  {
    HandbookWriter writer(UpdateSettings(path));
    hoso::Dossier again = CsvDossier("dv-002", 2, {{"full_name", kTranVanDuc}});
    again.records.push_back(CsvDossier("dv-001", 3, {{"full_name", "Other"}}).records[0]);
    EXPECT_THROW(writer.Write(again), hoso::Rejection);
    writer.Write(CsvDossier("dv-002", 4, {{"full_name", kTranVanDuc}}));
    writer.Commit();
  }
  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT record_id, \"row\" FROM source_records ORDER BY rowid"),
            (Rows{{"dv-001", "1"}, {"dv-002", "4"}}));
  EXPECT_EQ(db.Rows("SELECT member_id, record_count FROM members ORDER BY rowid"),
            (Rows{{"dv-001", "1"}, {"dv-002", "1"}}));
}

TEST(HandbookSqliteUpdate, WithoutCommitTheHandbookStaysByteForByte) {
  const auto path = FreshHandbookPath();
  CommitHandbook(path, {CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}})});
  const std::string before = ReadBytes(path);
  {
    HandbookWriter writer(UpdateSettings(path));
    writer.Write(CsvDossier("dv-002", 2, {{"full_name", kTranVanDuc}}));
  }
  EXPECT_EQ(ReadBytes(path), before);
  EXPECT_EQ(FilesIn(path.parent_path()), std::vector<std::string>{"handbook.sqlite"});
}

TEST(HandbookSqliteUpdate, RefusesToPublishOverAHandbookReplacedMeanwhile) {
  const auto path = FreshHandbookPath();
  CommitHandbook(path, {CsvDossier("dv-001", 1, {{"full_name", kNguyenThiHoa}})});
  HandbookWriter writer(UpdateSettings(path));
  writer.Write(CsvDossier("dv-002", 2, {{"full_name", kTranVanDuc}}));
  // Another run replaces the handbook while this one works.
  CommitHandbook(path, {CsvDossier("dv-009", 9, {{"full_name", kTranVanDuc}})});
  const std::string other = ReadBytes(path);
  EXPECT_THROW(writer.Commit(), std::runtime_error);
  EXPECT_EQ(ReadBytes(path), other);
}

TEST(HandbookSqliteUpdate, NeedsAnExistingHandbook) {
  const auto path = FreshHandbookPath();
  HandbookWriter writer(UpdateSettings(path));
  EXPECT_THROW(writer.Open(), std::runtime_error);
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(HandbookSqliteUpdate, AGoldenRecordOfAnExistingMemberReplacesItsRow) {
  const auto path = FreshHandbookPath();
  CommitHandbook(path, {CsvDossier("dv-001", 1,
                                   {{"full_name", kNguyenThiHoa}, {"birth_date", "14/09/1975"}})});
  hoso::Dossier dossier = CsvDossier("dv-002", 2, {{"full_name", kTranVanDuc}});
  dossier.records[0].member_id = "dv-001";
  hoso::MemberRecord golden = dossier.records[0];
  golden.golden = true;
  golden.id = "dv-001";
  golden.member_id = "dv-001";
  golden.birth_date.value = "1975-09-14";
  golden.origins["full_name"] = {.source = "csv_source",
                                 .record_id = "dv-002",
                                 .rule = "most_recent",
                                 .records_agreeing = 1,
                                 .alternatives = {{kNguyenThiHoa, "csv_source", "dv-001", 1}}};
  dossier.records.insert(dossier.records.begin(), golden);
  {
    HandbookWriter writer(UpdateSettings(path));
    writer.Write(dossier);
    writer.Commit();
    EXPECT_EQ(writer.members_updated(), 1);
    EXPECT_EQ(writer.members_written(), 0);
  }
  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT member_id, full_name, birth_date, record_count FROM members"),
            (Rows{{"dv-001", kTranVanDuc, "1975-09-14", "2"}}));
  // The old row's provenance and date warning are gone, the golden record's are there.
  EXPECT_EQ(db.Rows("SELECT field, value, chosen, rule, record_id FROM field_provenance "
                    "ORDER BY field, chosen DESC"),
            (Rows{{"birth_date", "1975-09-14", "1", kNull, "dv-001"},
                  {"full_name", kTranVanDuc, "1", "most_recent", "dv-002"},
                  {"full_name", kNguyenThiHoa, "0", "most_recent", "dv-001"}}));
  EXPECT_EQ(db.Count("findings"), 0);
  EXPECT_EQ(db.Rows("PRAGMA foreign_key_check"), Rows{});
}

TEST(HandbookSqliteUpdate, SideTablesOfALaterRunAddTheirRows) {
  const auto path = FreshHandbookPath();
  hoso::SideTable pairs;
  pairs.name = "pair_scores";
  pairs.columns = {"record_id_l", "record_id_r"};
  pairs.rows = {{hoso::Cell(std::string("a")), hoso::Cell(std::string("b"))}};
  {
    HandbookWriter writer(Settings(path));
    writer.WriteTable(pairs);
    writer.Commit();
  }
  {
    HandbookWriter writer(UpdateSettings(path));
    pairs.rows = {{hoso::Cell(std::string("c")), hoso::Cell(std::string("d"))}};
    writer.WriteTable(pairs);
    pairs.columns = {"record_id_l", "other"};
    EXPECT_THROW(writer.WriteTable(pairs), std::invalid_argument);
    writer.Commit();
  }
  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT record_id_l, record_id_r FROM pair_scores ORDER BY 1"),
            (Rows{{"a", "b"}, {"c", "d"}}));
}

TEST(HandbookSqliteRecordContents, KeepWhatLinkingAndMergingNeed) {
  hoso::MemberRecord record;
  record.id = "dv-001";
  record.full_name = ScannedField(kNguyenThiHoa, "Nguyen Thi Hoa", 0.75,
                                  PageRegion("scan.tif", 2, {10, 20, 300, 40}));
  record.birth_date.value = "1975-09-14";
  record.birth_date.raw = "14/09/1975";
  record.birth_date.provenance = CsvCell(4, "ngay_sinh");
  record.extra["so_dien_thoai"].value = "0912";
  record.name_keys = {"nguyễn thị hoà", "nguyễn thị hòa", "nguyen thi hoa", "nguyen thi hoa"};
  record.unit_codes["hometown.province_2025"] = "01";

  hoso::MemberRecord back;
  hoso_handbook::DecodeRecord(hoso_handbook::EncodeRecord(record), back);
  EXPECT_EQ(back.full_name.value, kNguyenThiHoa);
  EXPECT_EQ(back.full_name.raw, "Nguyen Thi Hoa");
  EXPECT_DOUBLE_EQ(back.full_name.confidence, 0.75);
  EXPECT_EQ(back.full_name.provenance.file, "scan.tif");
  EXPECT_EQ(back.full_name.provenance.page, 2);
  EXPECT_EQ(back.full_name.provenance.box.w, 300);
  EXPECT_EQ(back.birth_date.raw, "14/09/1975");
  EXPECT_EQ(back.birth_date.provenance.row, 4);
  EXPECT_EQ(back.birth_date.provenance.column, "ngay_sinh");
  EXPECT_EQ(back.extra.at("so_dien_thoai").value, "0912");
  EXPECT_EQ(back.name_keys.placement_free, "nguyễn thị hòa");
  EXPECT_EQ(back.unit_codes, record.unit_codes);
  EXPECT_TRUE(back.gender.empty());
  EXPECT_THROW(hoso_handbook::DecodeRecord("{\"fields\": 3}", back), std::runtime_error);

  // Quotes, backslashes and control characters survive; a byte that is not
  // UTF-8 becomes U+FFFD instead of failing the record.
  hoso::MemberRecord odd;
  odd.party_unit.value = "Chi b\u1ED9 \"3\" \\ A\tB\x01";
  odd.occupation.value = "n\xFF\xC3";
  hoso::MemberRecord odd_back;
  hoso_handbook::DecodeRecord(hoso_handbook::EncodeRecord(odd), odd_back);
  EXPECT_EQ(odd_back.party_unit.value, odd.party_unit.value);
  EXPECT_EQ(odd_back.occupation.value, "n\uFFFD\uFFFD");
}

}  // namespace
}  // namespace hoso_handbook_test
