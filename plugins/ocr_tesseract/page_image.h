// The pixels OCR reads: the raw image a preprocess stage left on the page,
// or, when OCR runs first, the page decoded from its file.
#pragma once

#include <leptonica/allheaders.h>

#include <filesystem>
#include <memory>
#include <string>

#include "hoso/dossier.h"

namespace hoso::ocr_tesseract {

struct PixDeleter {
  void operator()(PIX* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

struct PageImage {
  PixPtr pix;         // 1 bpp for "gray1" (Tesseract then skips thresholding), else 8 bpp
  std::string error;  // why pix is null
};

// Decodes TIFF, PNG and JPEG pages itself; PDF pages need a rasterizing
// stage (preprocess) first. Sets page.width, height and dpi when it decodes.
PageImage LoadPageImage(Page& page, const std::filesystem::path& base_dir);

}  // namespace hoso::ocr_tesseract
