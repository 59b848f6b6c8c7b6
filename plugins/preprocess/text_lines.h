// Text lines found in pixels alone, by horizontal projection: what the
// coverage estimate counts and the orientation check reads.
#pragma once

#include <vector>

#include "pix.h"

namespace hoso::preprocess {

// Connected ink shaped like glyphs: taller than a dot or a tone mark, and
// neither as wide nor as tall as the rules and frames of a printed form.
PixPtr GlyphMask(PIX* binary, int dpi);

// Ink per row of a 1-bpp image.
std::vector<int> RowProfile(PIX* binary);

// The dense core of a text line: its x-height rows (between baseline and
// the top of "x"), where the projection is well above the ascender, mark
// and descender rows around it.
struct LineCore {
  int top = 0;
  int bottom = 0;  // inclusive
};

// Cores in a row profile of deskewed text at `dpi`. Neighbouring lines of
// single-spaced text touch in the projection (descenders, stacked
// Vietnamese marks), and the marks above a line of capitals make a band of
// their own, so a core is a run of rows dense relative to the densest row
// within about half a line pitch, not a run of non-empty rows.
std::vector<LineCore> FindLineCores(const std::vector<int>& profile, int dpi);

}  // namespace hoso::preprocess
