// Form furniture that is not text: dotted leaders ("Họ và tên: ........").
#pragma once

#include "pix.h"

namespace hoso::preprocess {

// Dotted leaders: chains of at least `min_dots` dots (ink no larger than
// about dpi/40 either way), each within about dpi/12 of the next along one
// baseline. A local binarizer turns the faint grey leaders of printed forms
// into solid dots, and Tesseract then ends every field value with a run of
// periods, or its layout analysis takes the whole form body for a picture
// and reads none of it. Tone marks and the dots of i never line up in such
// chains: syllables are a letter or more apart and carry one mark each.
// With `gray` (the 8-bpp page `ink` was thresholded from), leaders printed
// fainter than the text also take the dots left between typed letters.
PixPtr LeaderMask(PIX* ink, PIX* gray, int dpi, int min_dots);

}  // namespace hoso::preprocess
