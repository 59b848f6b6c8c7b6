// The handbook's schema and the ordered migrations that build it. Usable on
// any connection, so an update run (dedup link mode) can upgrade an existing
// handbook.
#pragma once

#include <sqlite3.h>

namespace hoso_handbook {

// The version Migrate() brings a handbook to; docs/handbook-schema.md
// describes it.
inline constexpr int kSchemaVersion = 4;

// The highest version recorded in schema_version; 0 when the database has no
// schema_version table.
int SchemaVersion(sqlite3* db);

// Applies, in order and atomically, every migration step above the
// database's version, recording each in schema_version. Works inside or
// outside an open transaction. Throws SqliteError for a database written by a
// newer hoso, or for a non-empty database that is not a handbook.
void Migrate(sqlite3* db);

}  // namespace hoso_handbook
