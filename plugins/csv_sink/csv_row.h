// One RFC 4180 CSV row, safe to open in a spreadsheet.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hoso::csv_sink {

// Quotes a cell when it holds the delimiter, a quote or a line break. With
// `guard_formulas`, a cell a spreadsheet would run as a formula (=, +, -, @
// first, and not a number) gets a leading apostrophe: a name or place never
// starts that way, an injected formula does.
void AppendCell(std::string& line, std::string_view cell, char delimiter, bool guard_formulas);

// Cells joined by `delimiter`, ended with CRLF as RFC 4180 and Excel expect.
std::string CsvRow(const std::vector<std::string>& cells, char delimiter, bool guard_formulas);

}  // namespace hoso::csv_sink
