#include "side_tables.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sqlite_statement.h"

namespace hoso_handbook {
namespace {

// The handbook's own tables; a side table may not shadow them.
constexpr std::string_view kReservedNames[] = {
    "schema_version", "members", "source_records", "field_provenance",
    "findings",       "runs",    "side_tables",
};

bool IsIdentifier(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

[[noreturn]] void Refuse(const hoso::SideTable& table, const std::string& why) {
  throw std::invalid_argument("side table '" + table.name + "': " + why);
}

// Bit per cell alternative seen in a column.
enum TypeBit : unsigned { kInteger = 1, kReal = 2, kText = 4 };

std::string_view DeclaredType(unsigned seen) {
  switch (seen) {
    case kInteger:
      return " INTEGER";
    case kReal:
    case kInteger | kReal:
      return " REAL";
    case kText:
      return " TEXT";
    default:
      return "";
  }
}

std::vector<unsigned> ColumnTypes(const hoso::SideTable& table) {
  std::vector<unsigned> seen(table.columns.size(), 0);
  for (const std::vector<hoso::Cell>& row : table.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (std::holds_alternative<int64_t>(row[i])) seen[i] |= kInteger;
      if (std::holds_alternative<double>(row[i])) seen[i] |= kReal;
      if (std::holds_alternative<std::string>(row[i])) seen[i] |= kText;
    }
  }
  return seen;
}

// Names are checked identifiers, so quoting is only for SQL keywords
// ("order", "group") and nothing needs escaping.
std::string Quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

std::string ColumnsJson(const hoso::SideTable& table, const std::vector<unsigned>& types) {
  std::string json = "[";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    std::string_view type = DeclaredType(types[i]);
    if (!type.empty()) type.remove_prefix(1);
    if (i > 0) json += ",";
    json += "{\"name\":\"" + table.columns[i] + "\",\"type\":";
    json += type.empty() ? std::string("null") : "\"" + std::string(type) + "\"";
    json += "}";
  }
  return json + "]";
}

void BindCell(Statement& insert, int index, const hoso::Cell& cell) {
  if (const auto* i = std::get_if<int64_t>(&cell)) {
    insert.BindInt(index, *i);
  } else if (const auto* d = std::get_if<double>(&cell)) {
    insert.BindDouble(index, *d);
  } else if (const auto* s = std::get_if<std::string>(&cell)) {
    insert.BindText(index, *s);
  } else {
    insert.BindNull(index);
  }
}

bool TableExists(sqlite3* db, const std::string& name) {
  Statement query(db, "SELECT 1 FROM sqlite_schema WHERE name = ?");
  query.BindText(1, name);
  return query.Step();
}

}  // namespace

void CheckSideTable(const hoso::SideTable& table) {
  if (!IsIdentifier(table.name)) Refuse(table, "name must match [a-z][a-z0-9_]*");
  if (table.name.starts_with("sqlite_") ||
      std::find(std::begin(kReservedNames), std::end(kReservedNames), table.name) !=
          std::end(kReservedNames)) {
    Refuse(table, "name is reserved for the handbook's own tables");
  }
  if (table.columns.empty()) Refuse(table, "has no columns");
  std::set<std::string_view> names;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const std::string& column = table.columns[i];
    if (!IsIdentifier(column)) {
      Refuse(table, "column " + std::to_string(i + 1) + " name '" + column +
                        "' must match [a-z][a-z0-9_]*");
    }
    if (!names.insert(column).second) Refuse(table, "column '" + column + "' repeats");
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    if (table.rows[r].size() != table.columns.size()) {
      Refuse(table, "row " + std::to_string(r + 1) + " has " +
                        std::to_string(table.rows[r].size()) + " cells for " +
                        std::to_string(table.columns.size()) + " columns");
    }
  }
}

namespace {

// The column names an existing side table was registered with.
std::vector<std::string> RegisteredColumns(sqlite3* db, const std::string& name) {
  Statement query(db,
                  "SELECT json_extract(c.value, '$.name') FROM side_tables AS t, "
                  "json_each(t.columns) AS c WHERE t.name = ? ORDER BY c.key");
  query.BindText(1, name);
  std::vector<std::string> columns;
  while (query.Step()) columns.push_back(query.ColumnText(0));
  return columns;
}

void AppendRows(sqlite3* db, const hoso::SideTable& table) {
  if (RegisteredColumns(db, table.name) != table.columns) {
    Refuse(table,
           "already in this handbook with other columns; rebuild the handbook or rename "
           "the table");
  }
  std::string insert_sql = "INSERT INTO " + Quoted(table.name) + " VALUES (";
  for (size_t i = 0; i < table.columns.size(); ++i) insert_sql += i > 0 ? ", ?" : "?";
  Statement insert(db, insert_sql + ")");
  for (const std::vector<hoso::Cell>& row : table.rows) {
    for (size_t i = 0; i < row.size(); ++i) BindCell(insert, static_cast<int>(i + 1), row[i]);
    insert.Run();
  }
}

}  // namespace

void WriteSideTable(sqlite3* db, const hoso::SideTable& table, bool append) {
  CheckSideTable(table);
  if (TableExists(db, table.name)) {
    if (!append) Refuse(table, "already written to this handbook");
    AppendRows(db, table);
    return;
  }

  const std::vector<unsigned> types = ColumnTypes(table);
  std::string create = "CREATE TABLE " + Quoted(table.name) + " (";
  std::string insert_sql = "INSERT INTO " + Quoted(table.name) + " VALUES (";
  for (size_t i = 0; i < table.columns.size(); ++i) {
    if (i > 0) {
      create += ", ";
      insert_sql += ", ";
    }
    create += Quoted(table.columns[i]);
    create += DeclaredType(types[i]);
    insert_sql += "?";
  }
  Exec(db, create + ")");

  Statement insert(db, insert_sql + ")");
  for (const std::vector<hoso::Cell>& row : table.rows) {
    for (size_t i = 0; i < row.size(); ++i) BindCell(insert, static_cast<int>(i + 1), row[i]);
    insert.Run();
  }

  Statement registry(db, "INSERT INTO side_tables (name, description, columns) VALUES (?, ?, ?)");
  registry.BindText(1, table.name)
      .BindTextOrNull(2, table.description)
      .BindText(3, ColumnsJson(table, types))
      .Run();
}

}  // namespace hoso_handbook
