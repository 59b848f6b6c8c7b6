// The plugin as the host runs it: loaded from its .so through the harness,
// with options given as YAML, then the handbook read back with SQLite.
#include <gtest/gtest.h>
#include <hoso/harness.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "handbook_query.h"
#include "sample_dossiers.h"
#include "scratch_dir.h"

namespace hoso_handbook_test {
namespace {

using Rows = std::vector<HandbookQuery::Row>;

std::string PluginPath() { return std::string(HOSO_PLUGIN_DIR) + "/handbook_sqlite.so"; }

void WriteHandbook(const std::filesystem::path& path, const std::vector<hoso::Dossier>& dossiers,
                   const std::vector<hoso::SideTable>& tables = {},
                   const std::string& extra_options = "") {
  hoso::Harness sink(PluginPath(), "path: '" + path.string() + "'" + extra_options);
  sink.Write(dossiers, tables);
}

std::vector<hoso::Dossier> TwoMembers() {
  return {
      CsvDossier("dv-001", 1,
                 {{"full_name", kNguyenThiHoa},
                  {"family_name", kNguyen},
                  {"middle_name", kThi},
                  {"given_name", kHoa},
                  {"gender", "nu"},
                  {"birth_date", "1975-09-14"},
                  {"admission_date", "1998-05"},
                  {"official_date", "1999"},
                  {"party_unit", kChiBo3},
                  {"party_card_number", "12345678"}}),
      CsvDossier("dv-002", 2,
                 {{"full_name", kTranVanDuc}, {"birth_date", "1960"}, {"party_unit", kChiBo5}}),
  };
}

TEST(HandbookSqlite, DescribesItselfAsASink) {
  hoso::Harness sink(PluginPath(), "path: out/handbook.sqlite");
  EXPECT_EQ(sink.descriptor().kind, hoso::PluginKind::kSink);
  EXPECT_STREQ(sink.descriptor().name, "handbook_sqlite");
  EXPECT_EQ(sink.descriptor().option_count, 3u);
}

TEST(HandbookSqlite, RefusesMissingPath) {
  EXPECT_THROW(hoso::Harness(PluginPath(), ""), hoso::LoadError);
}

TEST(HandbookSqlite, WritesOneMemberPerRecordWithTypedColumns) {
  const auto path = FreshHandbookPath();
  WriteHandbook(path, TwoMembers());

  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT member_id, full_name, family_name, middle_name, given_name, gender, "
                    "birth_date, admission_date, official_date, party_unit, party_card_number, "
                    "hometown, record_count FROM members ORDER BY member_id"),
            (Rows{{"dv-001", kNguyenThiHoa, kNguyen, kThi, kHoa, "nu", "1975-09-14", "1998-05",
                   "1999", kChiBo3, "12345678", kNull, "1"},
                  {"dv-002", kTranVanDuc, kNull, kNull, kNull, kNull, "1960", kNull, kNull, kChiBo5,
                   kNull, kNull, "1"}}));
  EXPECT_EQ(db.Rows("SELECT record_id, source, member_id, file, page, \"row\" FROM source_records "
                    "ORDER BY record_id"),
            (Rows{{"dv-001", "csv_source", "dv-001", "members.csv", kNull, "1"},
                  {"dv-002", "csv_source", "dv-002", "members.csv", kNull, "2"}}));
}

TEST(HandbookSqlite, RecordsSharingAMemberIdMakeOneMemberFromTheFirst) {
  const auto path = FreshHandbookPath();
  std::vector<hoso::Dossier> dossiers = {
      CsvDossier("r1", 1, {{"full_name", kNguyenThiHoa}, {"birth_date", "1975-09-14"}}),
      CsvDossier("r2", 2, {{"full_name", "Nguyen Thi Hoa"}, {"birth_date", "1975"}}),
      CsvDossier("r3", 3, {{"full_name", kTranVanDuc}}),
  };
  dossiers[0].records[0].member_id = "m-1";
  dossiers[1].records[0].member_id = "m-1";
  dossiers[1].records[0].findings.push_back(MakeFinding("core.date_precision",
                                                        hoso::Severity::kInfo, "birth_date",
                                                        "birth date has year precision only"));
  WriteHandbook(path, dossiers);

  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT member_id, full_name, birth_date, record_count FROM members "
                    "ORDER BY member_id"),
            (Rows{{"m-1", kNguyenThiHoa, "1975-09-14", "2"}, {"r3", kTranVanDuc, kNull, "1"}}));
  EXPECT_EQ(db.Rows("SELECT record_id, member_id FROM source_records ORDER BY record_id"),
            (Rows{{"r1", "m-1"}, {"r2", "m-1"}, {"r3", "r3"}}));
  // The member row's values are explained by the first record only.
  EXPECT_EQ(db.Rows("SELECT DISTINCT record_id FROM field_provenance WHERE member_id = 'm-1'"),
            (Rows{{"r1"}}));
  // Findings come from every record of the member.
  EXPECT_EQ(db.Rows("SELECT member_id, record_id, rule_id FROM findings"),
            (Rows{{"m-1", "r2", "core.date_precision"}}));
}

TEST(HandbookSqlite, ProvenanceExplainsEveryMemberValue) {
  const auto path = FreshHandbookPath();
  hoso::Dossier scan;
  scan.id = "dossier-7.tif";
  scan.units.push_back(PageRegion("dossier-7.tif", 0));
  hoso::MemberRecord record;
  record.id = "dossier-7.tif#1";
  record.source = "scan_source";
  record.full_name =
      ScannedField(kNguyenThiHoa, "Nguyen Thi Hoa", 0.75,
                   PageRegion("dossier-7.tif", 2, {.x = 10, .y = 20, .w = 300, .h = 40}));
  record.birth_date =
      ScannedField("1975-09", "09/1975", 0.5,
                   PageRegion("dossier-7.tif", 2, {.x = 10, .y = 80, .w = 120, .h = 40}));
  const std::string nam_dinh = "Nam \u0110\u1ECBnh";  // Nam Định
  record.extra["que_quan_cu"] =
      ScannedField(nam_dinh, "Nam Dinh", 1.0, PageRegion("dossier-7.tif", 3));
  record.extra["empty_note"] = {};
  scan.records.push_back(record);
  WriteHandbook(path, {scan});

  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT field, value, raw, confidence, record_id, source, file, page, \"row\", "
                    "\"column\", box_x, box_y, box_w, box_h FROM field_provenance "
                    "ORDER BY field"),
            (Rows{{"birth_date", "1975-09", "09/1975", "0.5", "dossier-7.tif#1", "scan_source",
                   "dossier-7.tif", "2", kNull, kNull, "10", "80", "120", "40"},
                  {"extra.que_quan_cu", nam_dinh, "Nam Dinh", "1.0", "dossier-7.tif#1",
                   "scan_source", "dossier-7.tif", "3", kNull, kNull, kNull, kNull, kNull, kNull},
                  {"full_name", kNguyenThiHoa, "Nguyen Thi Hoa", "0.75", "dossier-7.tif#1",
                   "scan_source", "dossier-7.tif", "2", kNull, kNull, "10", "20", "300", "40"}}));
  // A scanned record's origin is the page its values were read from.
  EXPECT_EQ(db.Rows("SELECT file, page, \"row\" FROM source_records"),
            (Rows{{"dossier-7.tif", "2", kNull}}));
}

TEST(HandbookSqlite, CsvProvenanceNamesRowAndColumn) {
  const auto path = FreshHandbookPath();
  WriteHandbook(path, TwoMembers());

  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT file, \"row\", \"column\", page, box_x FROM field_provenance "
                    "WHERE member_id = 'dv-002' AND field = 'party_unit'"),
            (Rows{{"members.csv", "2", "party_unit", kNull, kNull}}));
  EXPECT_EQ(db.Value("SELECT count(*) FROM field_provenance WHERE member_id = 'dv-001'"), "10");
}

TEST(HandbookSqlite, WritesFindingsOfEveryRecord) {
  const auto path = FreshHandbookPath();
  std::vector<hoso::Dossier> dossiers = TwoMembers();
  dossiers[0].records[0].findings = {
      MakeFinding("core.required", hoso::Severity::kError, "national_id", "national_id is required",
                  "add the CCCD number from the dossier cover"),
      MakeFinding("vn.party.admission_age", hoso::Severity::kWarning, "admission_date",
                  "admitted before the age of 18"),
  };
  dossiers[1].records[0].findings = {
      MakeFinding("ocr.low_confidence", hoso::Severity::kInfo, "", "low")};
  WriteHandbook(path, dossiers);

  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT member_id, record_id, source, rule_id, severity, field, message, "
                    "suggested_fix FROM findings ORDER BY id"),
            (Rows{{"dv-001", "dv-001", "csv_source", "core.required", "error", "national_id",
                   "national_id is required", "add the CCCD number from the dossier cover"},
                  {"dv-001", "dv-001", "csv_source", "vn.party.admission_age", "warning",
                   "admission_date", "admitted before the age of 18", kNull},
                  {"dv-002", "dv-002", "csv_source", "ocr.low_confidence", "info", kNull, "low",
                   kNull}}));
}

TEST(HandbookSqlite, WritesAndRegistersSideTables) {
  const auto path = FreshHandbookPath();
  hoso::SideTable clusters{
      .name = "dedup_clusters",
      .description = "records grouped as one member",
      .columns = {"cluster_id", "record_id", "score", "note"},
      .rows = {{int64_t{1}, std::string("dv-001"), 0.97, std::monostate{}},
               {int64_t{1}, std::string("dv-002"), 0.91, std::monostate{}}},
  };
  WriteHandbook(path, TwoMembers(), {clusters});

  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT typeof(cluster_id), record_id, score, typeof(score), note "
                    "FROM dedup_clusters ORDER BY record_id"),
            (Rows{{"integer", "dv-001", "0.97", "real", kNull},
                  {"integer", "dv-002", "0.91", "real", kNull}}));
  EXPECT_EQ(
      db.Rows("SELECT name, description, json_extract(columns, '$[0].name'), "
              "json_extract(columns, '$[0].type'), json_array_length(columns) "
              "FROM side_tables"),
      (Rows{{"dedup_clusters", "records grouped as one member", "cluster_id", "INTEGER", "4"}}));
}

TEST(HandbookSqlite, HandbookIsPrivateVersionedAndAlone) {
  const auto path = FreshHandbookPath();
  WriteHandbook(path, TwoMembers());

  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);
  EXPECT_EQ(FilesIn(path.parent_path()), std::vector<std::string>{"handbook.sqlite"});

  HandbookQuery db(path);
  EXPECT_EQ(db.Value("SELECT max(version) FROM schema_version"), "4");
  EXPECT_EQ(db.Rows("SELECT version FROM schema_version ORDER BY version"),
            (Rows{{"1"}, {"2"}, {"3"}, {"4"}}));
  EXPECT_EQ(db.Value("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(db.Rows("PRAGMA foreign_key_check"), Rows{});
  EXPECT_EQ(db.Value("PRAGMA journal_mode"), "delete");
}

TEST(HandbookSqlite, RecordsTheRun) {
  const auto path = FreshHandbookPath();
  WriteHandbook(path, TwoMembers());

  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT run_id, hoso_version, records, finished_at >= started_at, "
                    "length(started_at) FROM runs"),
            (Rows{{"1", HOSO_VERSION_UNDER_TEST, "2", "1", "20"}}));
}

TEST(HandbookSqlite, VietnameseTextRoundTripsByteForByte) {
  const auto path = FreshHandbookPath();
  // Decomposed (NFD) text is kept as given too: normalizing is another
  // stage's job, and a sink that rewrote bytes would hide its mistakes.
  const std::string decomposed = "Hoa\u0300";  // "Hoà" as a + combining grave
  WriteHandbook(path, {CsvDossier(kTranVanDuc, 1,
                                  {{"full_name", kNguyenThiHoa},
                                   {"given_name", decomposed},
                                   {"birth_place", kDongPhuongThuy}})});

  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT member_id, full_name, given_name, birth_place, "
                    "hex(full_name) FROM members"),
            (Rows{{kTranVanDuc, kNguyenThiHoa, decomposed, kDongPhuongThuy,
                   "4E677579E1BB856E205468E1BB8B20486FC3A0"}}));
  EXPECT_EQ(db.Value("SELECT value FROM field_provenance WHERE field = 'given_name'"), decomposed);
  // Lookups by the exact NFC name find the member.
  EXPECT_EQ(db.Value("SELECT count(*) FROM members WHERE full_name = ?", {kNguyenThiHoa}), "1");
}

TEST(HandbookSqlite, ReplacesAnExistingHandbookWhole) {
  const auto path = FreshHandbookPath();
  WriteHandbook(path, TwoMembers());
  WriteHandbook(path, {CsvDossier("dv-009", 9, {{"full_name", kTranVanDuc}})});

  HandbookQuery db(path);
  EXPECT_EQ(db.Rows("SELECT member_id FROM members"), (Rows{{"dv-009"}}));
  EXPECT_EQ(db.Count("runs"), 1);
  EXPECT_EQ(FilesIn(path.parent_path()), std::vector<std::string>{"handbook.sqlite"});
}

TEST(HandbookSqlite, LogsCountsButNeverValues) {
  const auto path = FreshHandbookPath();
  std::vector<hoso::Dossier> dossiers = TwoMembers();
  dossiers.push_back(
      CsvDossier("dv-003", 3, {{"full_name", kTranVanDuc}, {"birth_date", "02/11/1982"}}));
  hoso::Harness sink(PluginPath(), "path: '" + path.string() + "'");
  sink.Write(dossiers);

  bool counted = false;
  bool warned = false;
  for (const std::string& line : sink.log()) {
    counted |= line.find("3 records, 3 members") != std::string::npos;
    warned |= line.starts_with("warning:") && line.find("1 member dates") != std::string::npos;
    for (const std::string& value :
         {kNguyenThiHoa, kTranVanDuc, kChiBo3, std::string("1982"), std::string("12345678")}) {
      EXPECT_EQ(line.find(value), std::string::npos) << line;
    }
  }
  EXPECT_TRUE(counted);
  EXPECT_TRUE(warned);
}

TEST(HandbookSqlite, AnEmptyRunStillWritesAValidHandbook) {
  const auto path = FreshHandbookPath();
  WriteHandbook(path, {});

  HandbookQuery db(path);
  EXPECT_EQ(db.Count("members"), 0);
  EXPECT_EQ(db.Value("SELECT records FROM runs"), "0");
}

}  // namespace
}  // namespace hoso_handbook_test
