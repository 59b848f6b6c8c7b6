// Steps that move pixels: resolution and skew.
#pragma once

#include <string>

#include "pix.h"

namespace hoso::preprocess {

// Ink of the page for the steps that must see text to decide (orientation,
// skew): a binarized copy, background-normalized first so a dark or stained
// sheet does not turn into one black blob. Full resolution: at half, the
// orientation evidence of a degraded 300-dpi page drops by half, and the
// x-height of small text falls to a few pixels.
PixPtr QuickBinary(PIX* gray);

// Gray page scaled from `dpi` to `target_dpi`, or null when `dpi` is unknown
// (0) or already at least `min_dpi`. Also null when the claimed `dpi` cannot
// be believed (below kMinBelievableDpi) or the result would be larger than
// kMaxUpscaledPixels; then `*refused` says why (it is left alone otherwise).
PixPtr Upscale(PIX* gray, int dpi, int min_dpi, int target_dpi, std::string* refused);

// Nothing readable is scanned below this; a lower claim is a broken or
// hostile header, and believing it would multiply the page's pixels by up to
// (target_dpi / dpi)^2: 90000 times for a file claiming 1 dpi.
inline constexpr int kMinBelievableDpi = 50;
// About 11 A4 pages at 300 dpi: more than any one page upscaled to a target
// an archive would use, and as much as a worker should hold in one image.
inline constexpr double kMaxUpscaledPixels = 100e6;

struct Skew {
  float degrees = 0;     // rotation applied to straighten the text; 0 if none
  float measured = 0;    // what the search found, applied or not
  float confidence = 0;  // Leptonica's score; below 3 the angle is noise
};

// Gray page rotated so text lines run level, or null when the skew is below
// what matters (0.1 degree) or not measured with confidence.
PixPtr Deskew(PIX* gray, PIX* ink, Skew* found);

}  // namespace hoso::preprocess
