// The page image contract between pixel stages (see hoso::Page): raw
// "gray8" bytes, or "gray1" as 0/255 bytes, rows of `width` bytes.
#pragma once

#include <string>
#include <vector>

#include "hoso/dossier.h"
#include "pix.h"

namespace hoso::preprocess {

// An 8-bit image of an already decoded page (gray1 comes back as 0/255
// gray8), or null when the bytes do not match width x height.
PixPtr PixFromPage(const Page& page);

// Stores `pix` (1 or 8 bpp) in page.image, image_format, width and height.
void StorePix(PIX* pix, Page& page);

}  // namespace hoso::preprocess
