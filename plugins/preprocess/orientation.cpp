#include "orientation.h"

#include <cmath>
#include <vector>

#include "text_lines.h"

namespace hoso::preprocess {
namespace {

constexpr int kMinLines = 3;

struct Evidence {
  long above = 0;  // ink in the rows just above the line cores
  long below = 0;  // and just below
  int lines = 0;
};

// Ink in an x-height's worth of rows above and below each line core, summed
// over the page. Summed rather than voted line by line: a line of digits or
// capitals has its core at cap height and says little either way, while a
// line of lower-case text says a lot.
Evidence Measure(PIX* ink, int dpi) {
  Evidence out;
  PixPtr glyphs = GlyphMask(ink, dpi);
  if (!glyphs) return out;
  const std::vector<int> profile = RowProfile(glyphs.get());
  const int n = static_cast<int>(profile.size());
  for (const LineCore& core : FindLineCores(profile, dpi)) {
    const int height = core.bottom - core.top + 1;
    for (int y = std::max(0, core.top - height); y < core.top; ++y) out.above += profile[y];
    for (int y = core.bottom + 1; y <= std::min(n - 1, core.bottom + height); ++y) {
      out.below += profile[y];
    }
    ++out.lines;
  }
  return out;
}

// The same ink, straightened, so that projections see lines rather than
// smears: the later deskew step works on the gray page, this only on a
// binary copy.
PixPtr Straightened(PIX* ink, float* skew_confidence) {
  l_float32 angle = 0;
  l_float32 confidence = 0;
  if (pixFindSkew(ink, &angle, &confidence) != 0) confidence = 0;
  *skew_confidence = confidence;
  if (confidence < 3.0f || std::fabs(angle) < 0.1f) return PixPtr(pixClone(ink));
  constexpr float kRadiansPerDegree = 3.14159265f / 180.0f;
  return PixPtr(
      pixRotate(ink, kRadiansPerDegree * angle, L_ROTATE_SHEAR, L_BRING_IN_WHITE, 0, 0));
}

}  // namespace

Orientation DetectOrientation(PIX* ink, int dpi, float min_confidence) {
  Orientation out;
  if (dpi <= 0) dpi = 300;
  // Sideways text has no line structure along the rows: the skew search,
  // which scores exactly that, is confident only across the lines.
  float rows_confidence = 0;
  float columns_confidence = 0;
  PixPtr as_is = Straightened(ink, &rows_confidence);
  PixPtr turned_cw(pixRotateOrth(ink, 1));
  if (!as_is || !turned_cw) return out;
  PixPtr turned = Straightened(turned_cw.get(), &columns_confidence);
  if (!turned) return out;
  const bool sideways = columns_confidence > 2 * rows_confidence && columns_confidence >= 3.0f;

  const Evidence evidence = Measure(sideways ? turned.get() : as_is.get(), dpi);
  out.lines = evidence.lines;
  out.rows_confidence = rows_confidence;
  out.columns_confidence = columns_confidence;
  const long total = evidence.above + evidence.below;
  if (total > 0) out.confidence = static_cast<float>(evidence.above - evidence.below) / total;
  // A line or two of text is too little to turn a page for.
  const bool enough = evidence.lines >= kMinLines;
  const bool upright = enough && out.confidence >= min_confidence;
  const bool inverted = enough && -out.confidence >= min_confidence;
  if (sideways) {
    // Turned 90 degrees clockwise it reads upright, or upside down.
    if (upright) out.degrees = 90;
    if (inverted) out.degrees = 270;
  } else if (inverted) {
    out.degrees = 180;
  }
  if (!upright && !inverted) out.degrees = 0;
  return out;
}

}  // namespace hoso::preprocess
