#include "page_image.h"

#include <cstddef>
#include <system_error>

namespace hoso::ocr_tesseract {
namespace {

namespace fs = std::filesystem;

PageImage Failed(std::string error) {
  PageImage out;
  out.error = std::move(error);
  return out;
}

PageImage FromRawBytes(const Page& page) {
  if (page.width <= 0 || page.height <= 0 ||
      page.image.size() != static_cast<size_t>(page.width) * static_cast<size_t>(page.height)) {
    return Failed("image is not " + page.image_format + " of " + std::to_string(page.width) +
                  "x" + std::to_string(page.height) + " pixels");
  }
  const bool binary = page.image_format == "gray1";
  PixPtr pix(pixCreate(page.width, page.height, binary ? 1 : 8));
  if (!pix) return Failed("out of memory");
  const int wpl = pixGetWpl(pix.get());
  l_uint32* data = pixGetData(pix.get());
  for (int y = 0; y < page.height; ++y) {
    l_uint32* line = data + y * wpl;
    const unsigned char* row = page.image.data() + static_cast<size_t>(y) * page.width;
    if (binary) {
      // Contract: 0 is black; Leptonica: 1 is ink.
      for (int x = 0; x < page.width; ++x) {
        if (row[x] < 128) SET_DATA_BIT(line, x);
      }
    } else {
      for (int x = 0; x < page.width; ++x) SET_DATA_BYTE(line, x, row[x]);
    }
  }
  PageImage out;
  out.pix = std::move(pix);
  return out;
}

fs::path ResolveSourceFile(const std::string& file, const fs::path& base_dir) {
  fs::path path(file);
  if (path.is_absolute() || base_dir.empty()) return path;
  std::error_code ec;
  fs::path under_base = base_dir / path;
  return fs::exists(under_base, ec) ? under_base : path;
}

// Only what OCR needs when no preprocess stage ran: no PDF rendering, no
// cleanup.
PageImage DecodeFromFile(Page& page, const fs::path& base_dir) {
  if (page.source_format == "pdf") return Failed("PDF pages need the preprocess stage first");
  const fs::path file = ResolveSourceFile(page.origin.file, base_dir);
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return Failed("file not found");
  const int index = page.origin.page < 0 ? 0 : page.origin.page;
  l_int32 format = IFF_UNKNOWN;
  findFileFormat(file.c_str(), &format);
  const bool tiff = format >= IFF_TIFF && format <= IFF_TIFF_JPEG;
  if (!tiff && index != 0) return Failed("a single-image file has only page 1");
  PixPtr pix(tiff ? pixReadTiff(file.c_str(), index) : pixRead(file.c_str()));
  if (!pix) return Failed("not a readable TIFF, PNG or JPEG page");
  if (pixGetDepth(pix.get()) != 8 || pixGetColormap(pix.get()) != nullptr) {
    pix.reset(pixConvertTo8(pix.get(), 0));
    if (!pix) return Failed("cannot convert to gray");
  }
  page.width = pixGetWidth(pix.get());
  page.height = pixGetHeight(pix.get());
  if (page.dpi <= 0) page.dpi = pixGetXRes(pix.get());
  PageImage out;
  out.pix = std::move(pix);
  return out;
}

}  // namespace

PageImage LoadPageImage(Page& page, const fs::path& base_dir) {
  if (page.image_format.empty()) return DecodeFromFile(page, base_dir);
  if (page.image_format == "gray8" || page.image_format == "gray1") return FromRawBytes(page);
  return Failed("unknown image format '" + page.image_format + "'");
}

}  // namespace hoso::ocr_tesseract
