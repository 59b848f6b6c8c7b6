// Reads a written handbook back with the plain SQLite C API, the way any
// consumer of the handbook would.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace hoso_handbook_test {

// How a NULL cell reads in Rows() and Value().
inline const std::string kNull = "<null>";

class HandbookQuery {
 public:
  using Row = std::vector<std::string>;

  explicit HandbookQuery(const std::filesystem::path& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      std::string message = sqlite3_errmsg(db_);
      sqlite3_close(db_);
      throw std::runtime_error("cannot open " + path.string() + ": " + message);
    }
  }
  ~HandbookQuery() { sqlite3_close(db_); }
  HandbookQuery(const HandbookQuery&) = delete;
  HandbookQuery& operator=(const HandbookQuery&) = delete;

  // Every cell as text, NULL as kNull.
  std::vector<Row> Rows(const std::string& sql, const std::vector<std::string>& params = {}) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(stmt, static_cast<int>(i + 1), params[i].c_str(),
                        static_cast<int>(params[i].size()), SQLITE_TRANSIENT);
    }
    std::vector<Row> rows;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      Row row;
      for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
        const unsigned char* text = sqlite3_column_text(stmt, c);
        row.push_back(text == nullptr
                          ? kNull
                          : std::string(reinterpret_cast<const char*>(text),
                                        static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
      }
      rows.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db_));
    return rows;
  }

  // The first cell of the first row.
  std::string Value(const std::string& sql, const std::vector<std::string>& params = {}) {
    std::vector<Row> rows = Rows(sql, params);
    if (rows.empty() || rows[0].empty()) throw std::runtime_error(sql + ": no rows");
    return rows[0][0];
  }

  int64_t Count(const std::string& table) {
    return std::stoll(Value("SELECT count(*) FROM \"" + table + "\""));
  }

  bool HasTable(const std::string& name) {
    return !Rows("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", {name}).empty();
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace hoso_handbook_test
