#include "coverage.h"

#include <algorithm>

#include "text_lines.h"

namespace hoso::preprocess {

TextCoverage EstimateTextCoverage(PIX* binary, int dpi) {
  TextCoverage out;
  if (dpi <= 0) dpi = 300;
  PixPtr glyphs = GlyphMask(binary, dpi);
  if (!glyphs) return out;

  // Closing across letter and word gaps turns text into solid blocks, so the
  // area is that of the text rather than of the ink, which varies with font
  // weight and binarization.
  PixPtr words(pixCloseSafeBrick(nullptr, glyphs.get(), std::max(3, dpi / 20),
                                 std::max(1, dpi / 100)));
  if (words) {
    l_int32 ink = 0;
    pixCountPixels(words.get(), &ink, nullptr);
    const double area = static_cast<double>(pixGetWidth(binary)) * pixGetHeight(binary);
    if (area > 0) out.text_area = ink / area;
  }
  out.text_lines = static_cast<int>(FindLineCores(RowProfile(glyphs.get()), dpi).size());
  return out;
}

}  // namespace hoso::preprocess
