// A cheap estimate of how much text a page holds, measured on pixels alone,
// so OCR can tell when its automatic layout dropped whole blocks: word
// confidences only describe the text that was found.
#pragma once

#include "pix.h"

namespace hoso::preprocess {

struct TextCoverage {
  double text_area = 0;   // fraction of the page under text-like ink, words closed up
  int text_lines = 0;     // text lines from the horizontal projection
};

// `binary` is the deskewed 1-bpp page at `dpi` (0 = assume 300).
TextCoverage EstimateTextCoverage(PIX* binary, int dpi);

}  // namespace hoso::preprocess
