// Page text in rows: the lines Tesseract found, put back together the way a
// clerk reads a form, one printed line after another.
#pragma once

#include <string>
#include <vector>

#include "hoso/dossier.h"

namespace hoso::ocr_tesseract {

struct Rows {
  std::vector<Line> lines;  // top to bottom, left to right within a row
  std::string text;         // a row's lines joined by a space, rows by '\n'
};

// Groups `lines` into rows: lines whose boxes share most of the shorter
// one's height sit on one printed line. Tesseract's own order reads each
// block of a page to its end before the next, so side-by-side blocks (the
// two header blocks of a form, a signature block beside the date, a label
// cell beside its value cell) come out one after the other instead of
// along their lines. Word indices of the lines stay valid.
Rows InRows(std::vector<Line> lines);

}  // namespace hoso::ocr_tesseract
