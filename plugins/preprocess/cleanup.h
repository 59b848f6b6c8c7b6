// Removing ink that is not text: scanner speckles and dark page borders.
#pragma once

#include "pix.h"

namespace hoso::preprocess {

// Ink mask of an image that is 1 bpp already, or thresholded from gray.
PixPtr InkMask(PIX* image);

// Speckles: connected ink smaller than `speckle_px` in both width and
// height. A bigger limit would take Vietnamese tone marks and dots (the
// dot below "ệ" is about 4 px at 300 dpi) with them.
PixPtr SpeckleMask(PIX* ink, int speckle_px);

// Dark borders: ink connected to the page edge that reaches at least
// `min_extent` px in width or height (a scanner's shadow or the edge of the
// platen); a letter that merely touches the edge is smaller and stays.
// Grown by a few pixels to take the halo a local binarizer leaves along it.
PixPtr BorderMask(PIX* ink, int min_extent);

// Paints the pixels under `mask` white in `image` (1 or 8 bpp). Returns the
// number of connected regions that were cleared.
int ClearMasked(PIX* image, PIX* mask);

}  // namespace hoso::preprocess
