// Pages scanned sideways or upside down.
//
// Leptonica's detector (pixOrientDetect) counts English ascenders and
// descenders; on Vietnamese forms its signal is weak and often points the
// wrong way (the marks above vowels and capitals break its patterns), and
// Tesseract's OSD needs a second model per worker. This reads two plain
// facts instead: text lines run along the rows of an upright or upside-down
// page and across them on a sideways one, and in Latin script, Vietnamese
// more than most, there is more ink above the x-height (ascenders,
// capitals, tone marks, circumflexes) than below it (g, p, q, y, dots).
#pragma once

#include "pix.h"

namespace hoso::preprocess {

struct Orientation {
  int degrees = 0;          // clockwise turn that makes the page upright
  // (above - below) / (above + below) over the ink next to the text line
  // cores of the page once turned by `degrees`: 1 all above, -1 all below.
  float confidence = 0;
  int lines = 0;                 // text lines measured
  float rows_confidence = 0;     // skew-search score along rows and columns:
  float columns_confidence = 0;  // lines run along the higher one
};

// Decides from the ink of the page (1 bpp, any skew up to a few degrees).
// Only a confidence of at least `min_confidence` turns the page; below it
// degrees is 0.
Orientation DetectOrientation(PIX* ink, int dpi, float min_confidence);

}  // namespace hoso::preprocess
