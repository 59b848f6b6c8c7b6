// Read-only access to a handbook through the SQLite C API, with errors as
// exceptions. SQLite's messages name tables and columns, never values.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace hoso::report {

class Database {
 public:
  // Opens an existing file read-only: the report never changes a handbook
  // and never creates an empty one by mistake.
  explicit Database(const std::filesystem::path& file);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  sqlite3* get() const { return db_; }
  bool HasTable(const std::string& name) const;

 private:
  sqlite3* db_ = nullptr;
};

class Query {
 public:
  Query(const Database& db, std::string_view sql);
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& Bind(int index, int64_t value);  // 1-based, as in SQLite
  Query& Bind(int index, const std::string& value);
  // True while a row is available.
  bool Step();
  void Reset();

  bool IsNull(int column) const;
  int64_t Int(int column) const;
  double Real(int column) const;
  std::string Text(int column) const;  // NULL reads as ""

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// "name" with quotes doubled: for identifiers read from the file itself.
std::string QuoteIdentifier(const std::string& name);

}  // namespace hoso::report
