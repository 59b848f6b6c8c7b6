#include "table_json.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

namespace hoso::jsonl_sink {
namespace {

using nlohmann::ordered_json;

bool IsTableName(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

ordered_json CellToJson(const Cell& cell) {
  if (const auto* number = std::get_if<int64_t>(&cell)) return *number;
  if (const auto* number = std::get_if<double>(&cell)) {
    // JSON has no NaN or infinity; null says "no number" honestly.
    if (!std::isfinite(*number)) return nullptr;
    return *number;
  }
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  return nullptr;
}

}  // namespace

std::filesystem::path TablePath(const std::filesystem::path& members_path, const SideTable& table) {
  if (!IsTableName(table.name)) {
    throw std::invalid_argument("side table name '" + table.name + "' must match [a-z][a-z0-9_]*");
  }
  return members_path.parent_path() / (members_path.stem().string() + "." + table.name + ".jsonl");
}

ordered_json TableRowToJson(const SideTable& table, size_t index) {
  const std::vector<Cell>& row = table.rows[index];
  if (row.size() > table.columns.size()) {
    throw std::invalid_argument("side table '" + table.name + "' row " + std::to_string(index + 1) +
                                " has " + std::to_string(row.size()) + " cells for " +
                                std::to_string(table.columns.size()) + " columns");
  }
  ordered_json out = ordered_json::object();
  for (size_t i = 0; i < table.columns.size(); ++i) {
    out[table.columns[i]] = i < row.size() ? CellToJson(row[i]) : ordered_json(nullptr);
  }
  return out;
}

}  // namespace hoso::jsonl_sink
