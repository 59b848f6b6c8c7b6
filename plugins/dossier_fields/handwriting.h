// Handwriting shows in the strokes before OCR makes letters of them: hands
// slant, print stands upright. The slant of a value's ink is measured where
// its vertical strokes line up best: the shear at which the ink's column
// profile is sharpest (the classic slant estimate for handwriting).
#pragma once

#include <optional>

#include "hoso/dossier.h"

namespace hoso::dossier_fields {

// Degrees from upright of the ink in `box` of the page image (positive:
// leaning right), or nullopt when the page holds no pixels (OCR ran without
// keep_image, or the pages were replayed) or the box holds too little ink.
std::optional<double> StrokeSlantDegrees(const Page& page, const Box& box);

}  // namespace hoso::dossier_fields
