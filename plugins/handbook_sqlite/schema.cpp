#include "schema.h"

#include <hoso/record.h>

#include <iterator>
#include <string>

#include "sqlite_statement.h"

namespace hoso_handbook {
namespace {

// Migration steps are history: once released, a step's SQL never changes,
// because handbooks that already ran it must end up identical to new ones.
// Changes go into a new step appended at the end.
struct MigrationStep {
  int version;
  const char* sql;
};

// members has one column per core field. A new core field needs a new step
// adding its column; this assertion is the reminder.
static_assert(hoso::kCoreFields.size() == 18,
              "hoso::kCoreFields changed: add a migration step for the members columns");

// CHECKs spell out OR rather than IN (...): SQLite builds a temporary table
// for an IN list of three or more values on every insert, which was a tenth
// of the write time. A NULL date passes, as a CHECK that is NULL passes.
constexpr const char* kVersion1 = R"sql(
CREATE TABLE schema_version (
  version INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL
);

CREATE TABLE members (
  member_id TEXT PRIMARY KEY NOT NULL,
  full_name TEXT,
  family_name TEXT,
  middle_name TEXT,
  given_name TEXT,
  gender TEXT,
  birth_date TEXT CHECK (length(birth_date) = 4 OR length(birth_date) = 7
    OR length(birth_date) = 10),
  birth_place TEXT,
  hometown TEXT,
  ethnicity TEXT,
  religion TEXT,
  national_id TEXT,
  party_card_number TEXT,
  admission_date TEXT CHECK (length(admission_date) = 4 OR length(admission_date) = 7
    OR length(admission_date) = 10),
  official_date TEXT CHECK (length(official_date) = 4 OR length(official_date) = 7
    OR length(official_date) = 10),
  party_unit TEXT,
  education TEXT,
  political_theory TEXT,
  occupation TEXT,
  record_count INTEGER NOT NULL DEFAULT 1 CHECK (record_count >= 1)
);

CREATE TABLE source_records (
  record_id TEXT NOT NULL,
  source TEXT NOT NULL,
  member_id TEXT NOT NULL REFERENCES members (member_id),
  file TEXT,
  page INTEGER,
  "row" INTEGER,
  PRIMARY KEY (source, record_id)
);
CREATE INDEX source_records_member_id ON source_records (member_id);

CREATE TABLE field_provenance (
  member_id TEXT NOT NULL REFERENCES members (member_id),
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  raw TEXT,
  confidence REAL,
  record_id TEXT,
  source TEXT,
  file TEXT,
  page INTEGER,
  "row" INTEGER,
  "column" TEXT,
  box_x INTEGER,
  box_y INTEGER,
  box_w INTEGER,
  box_h INTEGER,
  FOREIGN KEY (source, record_id) REFERENCES source_records (source, record_id)
);
CREATE INDEX field_provenance_member_id ON field_provenance (member_id);

CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  member_id TEXT NOT NULL REFERENCES members (member_id),
  record_id TEXT,
  source TEXT,
  rule_id TEXT NOT NULL,
  severity TEXT NOT NULL
    CHECK (severity = 'info' OR severity = 'warning' OR severity = 'error'),
  field TEXT,
  message TEXT NOT NULL,
  suggested_fix TEXT,
  FOREIGN KEY (source, record_id) REFERENCES source_records (source, record_id)
);
CREATE INDEX findings_member_id ON findings (member_id);
)sql";

constexpr const char* kVersion2 = R"sql(
CREATE TABLE runs (
  run_id INTEGER PRIMARY KEY,
  hoso_version TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  records INTEGER
);

CREATE TABLE side_tables (
  name TEXT PRIMARY KEY NOT NULL,
  description TEXT,
  columns TEXT NOT NULL
);
)sql";

// Golden records (the merge plugin): field_provenance says which rule chose
// each member value and how many records held it, and keeps the values the
// member's other records held as rows with chosen = 0.
constexpr const char* kVersion3 = R"sql(
ALTER TABLE field_provenance ADD COLUMN chosen INTEGER NOT NULL DEFAULT 1
  CHECK (chosen = 0 OR chosen = 1);
ALTER TABLE field_provenance ADD COLUMN rule TEXT;
ALTER TABLE field_provenance ADD COLUMN records INTEGER;
)sql";

// Link mode: each source record keeps what deduplication compares and
// merging chooses from (JSON, see record_store.h), so a later run can match
// new records against the handbook and rebuild golden records without the
// original inputs. NULL for records written before this step.
constexpr const char* kVersion4 = R"sql(
ALTER TABLE source_records ADD COLUMN contents TEXT;
)sql";

constexpr MigrationStep kSteps[] = {
    {1, kVersion1},
    {2, kVersion2},
    {3, kVersion3},
    {4, kVersion4},
};

static_assert(kSteps[std::size(kSteps) - 1].version == kSchemaVersion,
              "kSchemaVersion must be the last migration step");

bool HasTable(sqlite3* db, const char* name) {
  Statement query(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?");
  query.BindText(1, name);
  return query.Step();
}

bool IsEmpty(sqlite3* db) {
  Statement query(db, "SELECT 1 FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
  return !query.Step();
}

void ApplyAll(sqlite3* db) {
  const int current = SchemaVersion(db);
  if (current > kSchemaVersion) {
    throw SqliteError("handbook schema version " + std::to_string(current) +
                      " is newer than this hoso understands (" + std::to_string(kSchemaVersion) +
                      "); use a newer hoso");
  }
  if (current == 0 && !IsEmpty(db)) {
    throw SqliteError("database has tables but no schema_version: not a hoso handbook");
  }
  for (const MigrationStep& step : kSteps) {
    if (step.version <= current) continue;
    Exec(db, step.sql);
    Statement record(db,
                     "INSERT INTO schema_version (version, applied_at) "
                     "VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
    record.BindInt(1, step.version).Run();
  }
}

}  // namespace

int SchemaVersion(sqlite3* db) {
  if (!HasTable(db, "schema_version")) return 0;
  Statement query(db, "SELECT coalesce(max(version), 0) FROM schema_version");
  query.Step();
  return static_cast<int>(query.ColumnInt(0));
}

void Migrate(sqlite3* db) {
  // A savepoint nests inside the writer's transaction and opens its own
  // transaction otherwise, so a failed step never leaves half a schema.
  Exec(db, "SAVEPOINT hoso_migrate");
  try {
    ApplyAll(db);
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK TO hoso_migrate; RELEASE hoso_migrate", nullptr, nullptr, nullptr);
    throw;
  }
  Exec(db, "RELEASE hoso_migrate");
}

}  // namespace hoso_handbook
