// Thin RAII over the SQLite C API: the handbook writer and the migrations
// share it so every failure turns into an exception with the same shape.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hoso_handbook {

// SQLite's own messages name tables, columns and constraints, never the
// values being written, so they are safe to pass on.
class SqliteError : public std::runtime_error {
 public:
  explicit SqliteError(const std::string& message, int code = 0)
      : std::runtime_error(message), code_(code) {}
  // SQLite's extended result code, e.g. SQLITE_CONSTRAINT_PRIMARYKEY; 0 when
  // the error did not come from SQLite itself.
  int code() const { return code_; }

 private:
  int code_;
};

// Throws SqliteError("<what>: <sqlite message>") unless rc is SQLITE_OK.
void Check(sqlite3* db, int rc, std::string_view what);

// Runs one or more statements whose rows, if any, are not needed.
void Exec(sqlite3* db, const std::string& sql);

// Owns a connection; closes it (rolling back any open transaction) on
// destruction. Statements must be gone before the connection goes.
class Connection {
 public:
  Connection() = default;
  // Opens an existing file read-write (or read-only); never creates one, so
  // the caller decides the file's permissions.
  explicit Connection(const std::string& path, bool read_only = false);
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* get() const { return db_; }
  // Throws SqliteError when the close fails, unlike the destructor.
  void Close();

 private:
  sqlite3* db_ = nullptr;
};

// A prepared statement meant to be reused: Run() resets it afterwards.
// Bound text is not copied: it must stay alive until the Run() or Reset()
// that follows the binding, as it does when binding and running happen in
// one expression or one function.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameters are 1-based, as in SQLite.
  Statement& BindNull(int index);
  Statement& BindInt(int index, int64_t value);
  Statement& BindDouble(int index, double value);
  Statement& BindText(int index, std::string_view value);
  // Empty text means "absent" throughout the SDK; the handbook stores NULL.
  Statement& BindTextOrNull(int index, std::string_view value);

  // Advances one row: true if a row is available, false when done.
  bool Step();
  // Steps to the end, then resets and clears bindings for the next use.
  void Run();
  void Reset();

  bool ColumnIsNull(int index) const;
  int64_t ColumnInt(int index) const;
  std::string ColumnText(int index) const;

  // Frees the statement early, before its connection closes.
  void Finalize();

  // For loops that bind and step by hand (RowWriter), without a check per call.
  sqlite3_stmt* get() const { return stmt_; }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace hoso_handbook
