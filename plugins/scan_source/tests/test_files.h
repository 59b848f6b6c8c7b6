// Real scan files for the tests, written at test time: images through
// Leptonica, and hand-built TIFF and PDF bytes where a test needs a file no
// library would write (a page claiming 40000 x 40000 pixels, a PDF claiming
// 5000 pages, a locked PDF).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace scan_test {

// Writes `bytes` to `path`, creating its folder.
std::filesystem::path WriteBytes(const std::filesystem::path& path, std::string_view bytes);
std::string ReadBytes(const std::filesystem::path& path);
// Keeps the first half of the file, as an interrupted copy would.
void CutInHalf(const std::filesystem::path& path);

// An 8-bit gray image with some ink on it, in Leptonica's format `format`
// (IFF_PNG, IFF_JFIF_JPEG, IFF_TIFF_ZIP ...), with `dpi` stored in the file.
std::filesystem::path WriteImage(const std::filesystem::path& path, int width, int height,
                                 int format, int dpi);

// A multi-page TIFF written page by page in append mode, as a scanner's
// batch mode does. Page i is `width` + i pixels wide so pages can be told
// apart.
std::filesystem::path WriteMultipageTiff(const std::filesystem::path& path, int pages, int width,
                                         int height, int dpi);

// A hand-built TIFF of uncompressed 8-bit pages, directories
// before their data. A page's `claimed_*` sizes go in the directory while
// only `width` x `height` bytes of data are written, which is how a
// decompression bomb looks.
struct TiffPageSpec {
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t claimed_width = 0;  // 0: same as width
  uint32_t claimed_height = 0;
  int dpi = 300;
  int samples_per_pixel = 1;  // 0 makes libtiff reject the directory
};
enum class TiffFlavor { kLittleEndian, kBigEndian, kBigTiff };
std::string HandTiff(const std::vector<TiffPageSpec>& pages,
                     TiffFlavor flavor = TiffFlavor::kLittleEndian);

// A hand-built PDF with empty pages of the given sizes in points.
struct PdfPageSpec {
  double width = 595.276;  // A4
  double height = 841.89;
  int rotate = 0;
};
struct PdfSpec {
  std::vector<PdfPageSpec> pages;
  int claimed_count = 0;  // /Count of the page tree; 0: the real number
  int xref_size = 0;      // cross-reference entries; 0: just enough
  bool locked = false;    // standard security handler, unknown password
};
std::string HandPdf(const PdfSpec& spec);

}  // namespace scan_test
