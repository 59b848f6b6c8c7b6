#include "sqlite_statement.h"

#include <utility>

namespace hoso_handbook {

void Check(sqlite3* db, int rc, std::string_view what) {
  if (rc == SQLITE_OK) return;
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw SqliteError(std::string(what) + ": " + message, rc);
}

void Exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return;
  std::string message = error != nullptr ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  // The first line of the SQL is enough to tell which step failed.
  size_t start = sql.find_first_not_of(" \n");
  std::string first_line =
      start == std::string::npos ? "" : sql.substr(start, sql.find('\n', start) - start);
  throw SqliteError("SQL '" + first_line + "': " + message, rc);
}

Connection::Connection(const std::string& path, bool read_only) {
  // One connection per writer, used from one thread: SQLite's own mutexes
  // would only cost time.
  int rc = sqlite3_open_v2(path.c_str(), &db_,
                           (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                               SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqliteError("cannot open " + path + ": " + message, rc);
  }
}

Connection::~Connection() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Connection::Connection(Connection&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

void Connection::Close() {
  if (db_ == nullptr) return;
  int rc = sqlite3_close(db_);
  if (rc != SQLITE_OK) Check(db_, rc, "closing the handbook");
  db_ = nullptr;
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  Check(db,
        sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt_, nullptr),
        "preparing '" + std::string(sql.substr(0, 60)) + "'");
}

Statement::~Statement() { Finalize(); }

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    Finalize();
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

void Statement::Finalize() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
  stmt_ = nullptr;
}

Statement& Statement::BindNull(int index) {
  Check(db_, sqlite3_bind_null(stmt_, index), "binding");
  return *this;
}

Statement& Statement::BindInt(int index, int64_t value) {
  Check(db_, sqlite3_bind_int64(stmt_, index, value), "binding");
  return *this;
}

Statement& Statement::BindDouble(int index, double value) {
  Check(db_, sqlite3_bind_double(stmt_, index, value), "binding");
  return *this;
}

Statement& Statement::BindText(int index, std::string_view value) {
  // SQLITE_STATIC: no copy per value, which matters at millions of rows;
  // the header states the lifetime this relies on.
  Check(db_,
        sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8),
        "binding");
  return *this;
}

Statement& Statement::BindTextOrNull(int index, std::string_view value) {
  return value.empty() ? BindNull(index) : BindText(index, value);
}

bool Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string message = sqlite3_errmsg(db_);
  int code = sqlite3_extended_errcode(db_);
  sqlite3_reset(stmt_);
  throw SqliteError(message, code);
}

void Statement::Run() {
  try {
    while (Step()) {
    }
  } catch (...) {
    Reset();
    throw;
  }
  Reset();
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::ColumnIsNull(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

int64_t Statement::ColumnInt(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string Statement::ColumnText(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

}  // namespace hoso_handbook
