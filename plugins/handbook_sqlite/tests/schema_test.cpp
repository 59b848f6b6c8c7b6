// Migrations: a handbook from an older hoso is brought up to date in place
// and keeps its data.
#include "schema.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "handbook_query.h"
#include "sample_dossiers.h"
#include "scratch_dir.h"
#include "sqlite_statement.h"

namespace hoso_handbook_test {
namespace {

using hoso_handbook::Connection;
using hoso_handbook::Exec;
using hoso_handbook::kSchemaVersion;
using hoso_handbook::Migrate;
using hoso_handbook::SchemaVersion;
using hoso_handbook::SqliteError;
using Rows = std::vector<HandbookQuery::Row>;

// A version-1 handbook as hoso 0.1 wrote it, spelled out by hand rather than
// taken from the migration code, so a change to step 1 cannot go unnoticed.
constexpr const char* kHandMadeVersion1 = R"sql(
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
CREATE TABLE members (
  member_id TEXT PRIMARY KEY NOT NULL, full_name TEXT, family_name TEXT, middle_name TEXT,
  given_name TEXT, gender TEXT,
  birth_date TEXT CHECK (length(birth_date) = 4 OR length(birth_date) = 7
    OR length(birth_date) = 10),
  birth_place TEXT, hometown TEXT, ethnicity TEXT, religion TEXT, national_id TEXT,
  party_card_number TEXT,
  admission_date TEXT CHECK (length(admission_date) = 4 OR length(admission_date) = 7
    OR length(admission_date) = 10),
  official_date TEXT CHECK (length(official_date) = 4 OR length(official_date) = 7
    OR length(official_date) = 10),
  party_unit TEXT, education TEXT, political_theory TEXT, occupation TEXT,
  record_count INTEGER NOT NULL DEFAULT 1 CHECK (record_count >= 1));
CREATE TABLE source_records (
  record_id TEXT NOT NULL, source TEXT NOT NULL,
  member_id TEXT NOT NULL REFERENCES members (member_id),
  file TEXT, page INTEGER, "row" INTEGER, PRIMARY KEY (source, record_id));
CREATE INDEX source_records_member_id ON source_records (member_id);
CREATE TABLE field_provenance (
  member_id TEXT NOT NULL REFERENCES members (member_id), field TEXT NOT NULL,
  value TEXT NOT NULL, raw TEXT, confidence REAL, record_id TEXT, source TEXT, file TEXT,
  page INTEGER, "row" INTEGER, "column" TEXT, box_x INTEGER, box_y INTEGER, box_w INTEGER,
  box_h INTEGER,
  FOREIGN KEY (source, record_id) REFERENCES source_records (source, record_id));
CREATE INDEX field_provenance_member_id ON field_provenance (member_id);
CREATE TABLE findings (
  id INTEGER PRIMARY KEY, member_id TEXT NOT NULL REFERENCES members (member_id),
  record_id TEXT, source TEXT, rule_id TEXT NOT NULL,
  severity TEXT NOT NULL
    CHECK (severity = 'info' OR severity = 'warning' OR severity = 'error'),
  field TEXT, message TEXT NOT NULL, suggested_fix TEXT,
  FOREIGN KEY (source, record_id) REFERENCES source_records (source, record_id));
CREATE INDEX findings_member_id ON findings (member_id);
INSERT INTO schema_version VALUES (1, '2024-03-01T08:00:00Z');
INSERT INTO members (member_id, full_name, birth_date, party_unit, record_count)
  VALUES ('dv-001', 'Nguyễn Thị Hoà', '1975-09-14', 'Chi bộ 3', 1);
INSERT INTO source_records VALUES ('dv-001', 'csv_source', 'dv-001', 'members.csv', NULL, 1);
INSERT INTO field_provenance (member_id, field, value, raw, confidence, record_id, source,
  file, "row", "column") VALUES ('dv-001', 'full_name', 'Nguyễn Thị Hoà', 'Nguyen Thi Hoa', 1.0,
  'dv-001', 'csv_source', 'members.csv', 1, 'ho_ten');
INSERT INTO findings (member_id, record_id, source, rule_id, severity, message)
  VALUES ('dv-001', 'dv-001', 'csv_source', 'core.required', 'error', 'national_id is required');
)sql";

// An empty database file for the running test.
std::filesystem::path EmptyDatabase() {
  std::filesystem::path path = FreshHandbookPath();
  std::filesystem::create_directories(path.parent_path());
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_close(db);
  return path;
}

Rows Schema(const std::filesystem::path& path) {
  return HandbookQuery(path).Rows(
      "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name");
}

TEST(HandbookSqliteSchema, MigratesAVersion1HandbookAndKeepsItsRows) {
  const auto path = EmptyDatabase();
  {
    Connection db(path.string());
    Exec(db.get(), kHandMadeVersion1);
    ASSERT_EQ(SchemaVersion(db.get()), 1);
    Migrate(db.get());
    EXPECT_EQ(SchemaVersion(db.get()), 4);
  }

  HandbookQuery db(path);
  EXPECT_TRUE(db.HasTable("runs"));
  EXPECT_TRUE(db.HasTable("side_tables"));
  EXPECT_EQ(db.Rows("SELECT version, applied_at FROM schema_version ORDER BY version")[0],
            (HandbookQuery::Row{"1", "2024-03-01T08:00:00Z"}));
  EXPECT_EQ(db.Count("schema_version"), 4);
  // Rows written before golden records existed count as chosen values.
  EXPECT_EQ(db.Rows("SELECT chosen, rule, records FROM field_provenance"), (Rows{{"1", kNull, kNull}}));
  EXPECT_EQ(db.Rows("SELECT member_id, full_name, birth_date FROM members"),
            (Rows{{"dv-001", kNguyenThiHoa, "1975-09-14"}}));
  EXPECT_EQ(db.Count("source_records"), 1);
  // Records written before version 4 have no contents to link against.
  EXPECT_EQ(db.Rows("SELECT contents FROM source_records"), (Rows{{kNull}}));
  EXPECT_EQ(db.Count("field_provenance"), 1);
  EXPECT_EQ(db.Count("findings"), 1);
}

TEST(HandbookSqliteSchema, AMigratedHandbookHasTheSameSchemaAsANewOne) {
  const auto migrated = EmptyDatabase();
  {
    Connection db(migrated.string());
    Exec(db.get(), kHandMadeVersion1);
    Migrate(db.get());
  }
  const auto fresh = migrated.parent_path() / "fresh.sqlite";
  {
    sqlite3* raw = nullptr;
    sqlite3_open(fresh.c_str(), &raw);
    sqlite3_close(raw);
    Connection db(fresh.string());
    Migrate(db.get());
  }
  // Whitespace differs between the hand-made DDL and the migration's.
  auto normalized = [](Rows rows) {
    for (auto& row : rows) {
      std::string compact;
      for (char c : row[2]) {
        if (c == ' ' || c == '\n') continue;
        compact += c;
      }
      row[2] = compact;
    }
    return rows;
  };
  EXPECT_EQ(normalized(Schema(migrated)), normalized(Schema(fresh)));
}

TEST(HandbookSqliteSchema, MigratingTwiceChangesNothing) {
  const auto path = EmptyDatabase();
  Connection db(path.string());
  Migrate(db.get());
  Migrate(db.get());
  EXPECT_EQ(SchemaVersion(db.get()), kSchemaVersion);
  HandbookQuery query(path);
  EXPECT_EQ(query.Count("schema_version"), kSchemaVersion);
}

TEST(HandbookSqliteSchema, RefusesAHandbookFromANewerHoso) {
  const auto path = EmptyDatabase();
  Connection db(path.string());
  Migrate(db.get());
  Exec(db.get(), "INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00Z')");
  EXPECT_THROW(Migrate(db.get()), SqliteError);
  EXPECT_EQ(SchemaVersion(db.get()), 99);
}

TEST(HandbookSqliteSchema, RefusesADatabaseThatIsNotAHandbook) {
  const auto path = EmptyDatabase();
  Connection db(path.string());
  Exec(db.get(), "CREATE TABLE members (name TEXT)");
  EXPECT_THROW(Migrate(db.get()), SqliteError);
  // Nothing of the failed migration stays behind.
  EXPECT_FALSE(HandbookQuery(path).HasTable("schema_version"));
}

TEST(HandbookSqliteSchema, AFailedStepLeavesTheVersionAsItWas) {
  const auto path = EmptyDatabase();
  Connection db(path.string());
  Exec(db.get(), kHandMadeVersion1);
  // Step 2 creates runs, then trips over a side_tables already there; runs
  // must go again with the rest of the step.
  Exec(db.get(), "CREATE TABLE side_tables (x TEXT)");
  EXPECT_THROW(Migrate(db.get()), SqliteError);
  EXPECT_EQ(SchemaVersion(db.get()), 1);
  EXPECT_FALSE(HandbookQuery(path).HasTable("runs"));
}

}  // namespace
}  // namespace hoso_handbook_test
