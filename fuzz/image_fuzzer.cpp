// Fuzz target `image`: bytes of a scanned file along the path a page takes
// in a real run: scan_source's structure walk (ScanFile: TIFF directories,
// PNG chunks, JPEG markers, the PDF tail and page boxes), then for every
// page it lets through, preprocess's decode (DecodePage) and its cleanup
// steps, through the preprocess plugin with its default options.
//
// Leptonica, libtiff, libpng, libjpeg and poppler come from Debian and are
// not instrumented; a crash inside them is noted, not fixed (crash
// isolation covers them in a run). What is checked here is our code around
// them, and what scan_source promises the stages after it:
//   - a page it lets through decodes to the size it announced, so its
//     max_pixels check is the size that is really allocated;
//   - every page ends processed (a gray8/gray1 image of width x height
//     bytes) or quarantined, never lost.
//
// The limits are smaller than the defaults (1 Mpx, 4 pages, PDF at 72 dpi)
// to keep each input fast; the checks do not depend on the numbers.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "decode.h"
#include "hoso/plugin.h"
#include "linked_plugin.h"
#include "memory_file.h"
#include "page_headers.h"
#include "quiet_libraries.h"

namespace {

constexpr int kMaxPagesDecoded = 4;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "image invariant broken: %s\n", what.c_str());
  std::abort();
}

void Check(bool ok, const std::string& what) {
  if (!ok) Fail(what);
}

hoso::Transform& Preprocess() {
  static std::unique_ptr<hoso::Plugin> plugin = hoso::fuzz::CreateLinkedPlugin("{}", "/");
  auto* transform = dynamic_cast<hoso::Transform*>(plugin.get());
  Check(transform != nullptr, "preprocess is not a transform");
  return *transform;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
  (void)argc;
  (void)argv;
  hoso::scan_source::QuietImageLibraries();
  Preprocess();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static hoso::fuzz::MemoryFile memory("image");
  memory.Write(data, size);

  hoso::scan_source::ScanLimits limits;
  limits.pdf_dpi = 72;
  limits.max_pixels = 1000000;
  limits.max_pages = kMaxPagesDecoded;
  const hoso::scan_source::FileScan scan = hoso::scan_source::ScanFile(memory.path(), limits);
  (void)hoso::scan_source::CountUnits(memory.path(), limits);
  if (!scan.problem.empty()) {
    Check(scan.pages.empty(), "a refused file with pages");
    return 0;
  }
  Check(!scan.pages.empty(), "a file neither refused nor with pages");

  hoso::Dossier dossier;
  dossier.id = "fuzz";
  for (const hoso::scan_source::PageScan& page_scan : scan.pages) {
    if (!page_scan.problem.empty()) continue;
    Check(page_scan.width > 0 && page_scan.height > 0 &&
              static_cast<int64_t>(page_scan.width) * page_scan.height <= limits.max_pixels,
          "a page let through outside the limits");

    const hoso::preprocess::DecodedPage decoded =
        hoso::preprocess::DecodePage(memory.path(), page_scan.index, scan.format, limits.pdf_dpi);
    if (decoded.pix) {
      const int width = pixGetWidth(decoded.pix.get());
      const int height = pixGetHeight(decoded.pix.get());
      Check(width == page_scan.width && height == page_scan.height,
            scan.format + " page " + std::to_string(page_scan.index) + ": announced " +
                std::to_string(page_scan.width) + " x " + std::to_string(page_scan.height) +
                ", decoded " + std::to_string(width) + " x " + std::to_string(height));
    }

    hoso::Page& page = dossier.pages.emplace_back();
    page.origin.file = memory.path().string();
    page.origin.page = page_scan.index;
    page.width = page_scan.width;
    page.height = page_scan.height;
    page.dpi = page_scan.dpi;
    page.source_format = scan.format;
  }

  const size_t pages = dossier.pages.size();
  hoso::fuzz::RecordingContext ctx("/");
  Preprocess().Process(dossier, ctx);
  Check(dossier.pages.size() + ctx.quarantined.size() == pages, "a page was lost");
  for (const hoso::Page& page : dossier.pages) {
    Check(page.image_format == "gray8" || page.image_format == "gray1", "a page without an image");
    Check(page.width > 0 && page.height > 0 &&
              page.image.size() == static_cast<size_t>(page.width) * page.height,
          "a page image of the wrong size");
  }
  return 0;
}
