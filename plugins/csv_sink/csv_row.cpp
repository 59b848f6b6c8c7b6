#include "csv_row.h"

namespace hoso::csv_sink {
namespace {

bool IsNumber(std::string_view cell) {
  size_t i = (cell[0] == '+' || cell[0] == '-') ? 1 : 0;
  if (i == cell.size()) return false;
  for (; i < cell.size(); ++i) {
    if (!((cell[i] >= '0' && cell[i] <= '9') || cell[i] == '.')) return false;
  }
  return true;
}

}  // namespace

void AppendCell(std::string& line, std::string_view cell, char delimiter, bool guard_formulas) {
  std::string guarded;
  if (guard_formulas && !cell.empty() &&
      (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@') && !IsNumber(cell)) {
    guarded = "'" + std::string(cell);
    cell = guarded;
  }
  const bool quote = cell.find_first_of(std::string{delimiter, '"', '\n', '\r'}) != std::string_view::npos;
  if (!quote) {
    line.append(cell);
    return;
  }
  line.push_back('"');
  for (char c : cell) {
    if (c == '"') line.push_back('"');
    line.push_back(c);
  }
  line.push_back('"');
}

std::string CsvRow(const std::vector<std::string>& cells, char delimiter, bool guard_formulas) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line.push_back(delimiter);
    AppendCell(line, cells[i], delimiter, guard_formulas);
  }
  line += "\r\n";
  return line;
}

}  // namespace hoso::csv_sink
