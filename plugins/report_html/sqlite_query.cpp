#include "sqlite_query.h"

#include <stdexcept>

namespace hoso::report {

Database::Database(const std::filesystem::path& file) {
  const int rc =
      sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw std::runtime_error(file.string() + ": cannot open the handbook: " + message);
  }
}

Database::~Database() { sqlite3_close_v2(db_); }

bool Database::HasTable(const std::string& name) const {
  Query q(*this, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
  q.Bind(1, name);
  return q.Step();
}

Query::Query(const Database& db, std::string_view sql) : db_(db.get()) {
  const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  if (rc != SQLITE_OK) {
    throw std::runtime_error("handbook query failed: " + std::string(sqlite3_errmsg(db_)));
  }
}

Query::~Query() { sqlite3_finalize(stmt_); }

Query& Query::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Query& Query::Bind(int index, const std::string& value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

bool Query::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw std::runtime_error("handbook query failed: " + std::string(sqlite3_errmsg(db_)));
}

void Query::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Query::IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

int64_t Query::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

double Query::Real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Query::Text(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return "";
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string QuoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace hoso::report
