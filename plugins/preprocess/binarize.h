// From uneven gray paper to black ink on white.
#pragma once

#include "pix.h"

namespace hoso::preprocess {

// Gray page with the paper brought to one level (yellowed, stained or
// unevenly lit sheets), ink left as it was.
PixPtr NormalizeBackground(PIX* gray);

// 1-bpp page by Sauvola's local threshold over a (2 * half_window + 1)
// square window, computed tile by tile so a 300-dpi page does not need
// full-page 64-bit accumulators. `k` lowers the threshold where the window
// has little contrast (paper), so faint noise stays white.
PixPtr BinarizeSauvola(PIX* gray, int half_window, float k);

// The gray page under the ink of `binary` (grown by a pixel, for the
// anti-aliased edges), paper stretched to white and everything else white.
// Tesseract finds lines on its own threshold of what it is given but
// recognizes the gray of it: from a 1-bpp page its recognizer loses the
// shading that tells tone marks and commas apart (measured on generated
// form pages: degraded pages' segment CER 0.45 % as 1 bpp, 0.25 % as this),
// and what the cleanup steps took away stays away.
PixPtr InkOnWhite(PIX* gray, PIX* binary);

}  // namespace hoso::preprocess
