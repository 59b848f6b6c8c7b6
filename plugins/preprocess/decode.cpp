#include "decode.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <cctype>
#include <cstring>
#include <memory>
#include <mutex>

namespace hoso::preprocess {
namespace {

namespace fs = std::filesystem;

DecodedPage Failed(std::string error) {
  DecodedPage out;
  out.error = std::move(error);
  return out;
}

// Poppler reports broken PDFs on stderr by default; the quarantine entry
// already says which page failed, and a batch of thousands must not flood
// the console.
void QuietPoppler() {
  static std::once_flag once;
  std::call_once(once, [] {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
  });
}

DecodedPage DecodePdf(const fs::path& file, int page_index, int dpi) {
  QuietPoppler();
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(file.string()));
  if (!doc) return Failed("not a readable PDF");
  if (doc->is_locked()) return Failed("PDF is encrypted");
  if (page_index < 0 || page_index >= doc->pages()) {
    return Failed("PDF has " + std::to_string(doc->pages()) + " pages");
  }
  std::unique_ptr<poppler::page> page(doc->create_page(page_index));
  if (!page) return Failed("PDF page cannot be opened");
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  // Gray straight from the renderer: a 300-dpi ARGB page is four times the
  // memory for colour the next step throws away.
  renderer.set_image_format(poppler::image::format_gray8);
  const poppler::image image = renderer.render_page(page.get(), dpi, dpi);
  if (!image.is_valid() || image.width() <= 0 || image.height() <= 0) {
    return Failed("PDF page renders to nothing");
  }
  PixPtr pix(pixCreate(image.width(), image.height(), 8));
  if (!pix) return Failed("out of memory");
  const char* src = image.const_data();
  for (int y = 0; y < image.height(); ++y) {
    const auto* row = reinterpret_cast<const unsigned char*>(src + y * image.bytes_per_row());
    l_uint32* line = pixGetData(pix.get()) + y * pixGetWpl(pix.get());
    for (int x = 0; x < image.width(); ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  pixSetResolution(pix.get(), dpi, dpi);
  DecodedPage out;
  out.pix = std::move(pix);
  out.dpi = dpi;
  return out;
}

DecodedPage DecodeJpeg(const fs::path& file) {
  l_int32 warnings = 0;
  PixPtr pix(pixReadJpeg(file.c_str(), 0, 1, &warnings, 0));
  if (!pix) return Failed("not a readable JPEG");
  // libjpeg fills a truncated file with gray and only warns: the page would
  // go on with its bottom missing.
  if (warnings > 0) return Failed("JPEG data is corrupt or truncated");
  DecodedPage out;
  out.dpi = pixGetXRes(pix.get());
  out.pix = std::move(pix);
  return out;
}

}  // namespace

DecodedPage DecodePage(const fs::path& file, int page_index, std::string_view source_format,
                       int pdf_dpi) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return Failed("file not found");
  if (page_index < 0) page_index = 0;

  std::string format(source_format);
  if (format.empty()) {
    l_int32 lept_format = IFF_UNKNOWN;
    findFileFormat(file.c_str(), &lept_format);
    if (lept_format == IFF_PNG) format = "png";
    if (lept_format == IFF_JFIF_JPEG) format = "jpeg";
    if (lept_format >= IFF_TIFF && lept_format <= IFF_TIFF_JPEG) format = "tiff";
    if (format.empty()) {
      std::string ext = file.extension().string();
      for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (ext == ".pdf") format = "pdf";
    }
  }

  if (format == "pdf") return DecodePdf(file, page_index, pdf_dpi > 0 ? pdf_dpi : 300);
  if (format == "jpeg" || format == "jpg") {
    if (page_index != 0) return Failed("a JPEG file has only page 1");
    return DecodeJpeg(file);
  }
  if (format == "tiff" || format == "tif") {
    PixPtr pix(pixReadTiff(file.c_str(), page_index));
    if (!pix) return Failed("not a readable TIFF page");
    DecodedPage out;
    out.dpi = pixGetXRes(pix.get());
    out.pix = std::move(pix);
    return out;
  }
  if (format == "png" || format.empty()) {
    if (page_index != 0) return Failed("a " + (format.empty() ? "single-image" : format) +
                                       " file has only page 1");
    PixPtr pix(pixRead(file.c_str()));
    if (!pix) return Failed(format.empty() ? "unknown image format" : "not a readable PNG");
    DecodedPage out;
    out.dpi = pixGetXRes(pix.get());
    out.pix = std::move(pix);
    return out;
  }
  return Failed("unsupported source format '" + format + "'");
}

}  // namespace hoso::preprocess
