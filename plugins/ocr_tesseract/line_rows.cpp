#include "line_rows.h"

#include <algorithm>
#include <utility>

namespace hoso::ocr_tesseract {
namespace {

// Lines of one row share most of the shorter line's height; neighbouring
// rows of a form share none, or only the tails of descenders and marks.
constexpr double kSameRow = 0.5;

double SharedHeight(const Box& a, const Box& b) {
  const int overlap = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
  const int shorter = std::max(1, std::min(a.h, b.h));
  return static_cast<double>(std::max(0, overlap)) / shorter;
}

}  // namespace

Rows InRows(std::vector<Line> lines) {
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.box.y < b.box.y; });
  std::vector<std::vector<Line>> rows;
  for (Line& line : lines) {
    // Against each line of a row, not the row's span: a tall title would
    // otherwise pull the next printed line into its row.
    auto home = std::find_if(rows.begin(), rows.end(), [&](const std::vector<Line>& row) {
      return std::any_of(row.begin(), row.end(),
                         [&](const Line& l) { return SharedHeight(l.box, line.box) >= kSameRow; });
    });
    if (home == rows.end()) {
      rows.emplace_back();
      home = rows.end() - 1;
    }
    home->push_back(std::move(line));
  }
  Rows out;
  for (std::vector<Line>& row : rows) {
    std::stable_sort(row.begin(), row.end(),
                     [](const Line& a, const Line& b) { return a.box.x < b.box.x; });
    if (!out.text.empty()) out.text += '\n';
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out.text += ' ';
      out.text += row[i].text;
      out.lines.push_back(std::move(row[i]));
    }
  }
  return out;
}

}  // namespace hoso::ocr_tesseract
