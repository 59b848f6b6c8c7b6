#include "raw_image.h"

#include <cstddef>

namespace hoso::preprocess {

PixPtr PixFromPage(const Page& page) {
  if (page.image_format != "gray8" && page.image_format != "gray1") return nullptr;
  if (page.width <= 0 || page.height <= 0 ||
      page.image.size() != static_cast<size_t>(page.width) * static_cast<size_t>(page.height)) {
    return nullptr;
  }
  PixPtr pix(pixCreate(page.width, page.height, 8));
  if (!pix) return nullptr;
  const int wpl = pixGetWpl(pix.get());
  l_uint32* data = pixGetData(pix.get());
  const unsigned char* src = page.image.data();
  for (int y = 0; y < page.height; ++y) {
    l_uint32* line = data + y * wpl;
    const unsigned char* row = src + static_cast<size_t>(y) * page.width;
    for (int x = 0; x < page.width; ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  if (page.dpi > 0) pixSetResolution(pix.get(), page.dpi, page.dpi);
  return pix;
}

void StorePix(PIX* pix, Page& page) {
  const int w = pixGetWidth(pix);
  const int h = pixGetHeight(pix);
  const int depth = pixGetDepth(pix);
  const int wpl = pixGetWpl(pix);
  const l_uint32* data = pixGetData(pix);
  std::vector<unsigned char> bytes(static_cast<size_t>(w) * static_cast<size_t>(h));
  for (int y = 0; y < h; ++y) {
    const l_uint32* line = data + y * wpl;
    unsigned char* row = bytes.data() + static_cast<size_t>(y) * w;
    if (depth == 1) {
      // Leptonica's 1 is ink; the contract's 0 is black.
      for (int x = 0; x < w; ++x) row[x] = GET_DATA_BIT(line, x) ? 0 : 255;
    } else {
      for (int x = 0; x < w; ++x) row[x] = static_cast<unsigned char>(GET_DATA_BYTE(line, x));
    }
  }
  page.image = std::move(bytes);
  page.image_format = depth == 1 ? "gray1" : "gray8";
  page.width = w;
  page.height = h;
}

}  // namespace hoso::preprocess
