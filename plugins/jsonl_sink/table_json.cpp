#include "table_json.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "json_writer.h"

namespace hoso::jsonl_sink {
namespace {

bool IsTableName(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

void WriteCell(const Cell& cell, JsonWriter& w) {
  if (const auto* number = std::get_if<int64_t>(&cell)) {
    w.Int(*number);
  } else if (const auto* number = std::get_if<double>(&cell)) {
    w.Double(*number);  // JSON has no NaN or infinity: null says "no number" honestly
  } else if (const auto* text = std::get_if<std::string>(&cell)) {
    w.String(*text);
  } else {
    w.Null();
  }
}

}  // namespace

std::filesystem::path TablePath(const std::filesystem::path& members_path, const SideTable& table) {
  if (!IsTableName(table.name)) {
    throw std::invalid_argument("side table name '" + table.name + "' must match [a-z][a-z0-9_]*");
  }
  return members_path.parent_path() / (members_path.stem().string() + "." + table.name + ".jsonl");
}

void AppendTableRowJson(const SideTable& table, size_t index, std::string& out) {
  const std::vector<Cell>& row = table.rows[index];
  if (row.size() > table.columns.size()) {
    throw std::invalid_argument("side table '" + table.name + "' row " + std::to_string(index + 1) +
                                " has " + std::to_string(row.size()) + " cells for " +
                                std::to_string(table.columns.size()) + " columns");
  }
  JsonWriter w(out);
  w.BeginObject();
  const std::vector<std::string>& columns = table.columns;
  for (size_t i = 0; i < columns.size(); ++i) {
    // A column name given twice is one key, where it first appears, holding
    // the last value (as a JSON object would keep it).
    if (std::find(columns.begin(), columns.begin() + static_cast<std::ptrdiff_t>(i), columns[i]) !=
        columns.begin() + static_cast<std::ptrdiff_t>(i)) {
      continue;
    }
    size_t last = i;
    for (size_t j = i + 1; j < columns.size(); ++j) {
      if (columns[j] == columns[i]) last = j;
    }
    w.Key(columns[i]);
    if (last < row.size()) {
      WriteCell(row[last], w);
    } else {
      w.Null();
    }
  }
  w.EndObject();
}

}  // namespace hoso::jsonl_sink
