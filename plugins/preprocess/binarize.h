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

}  // namespace hoso::preprocess
