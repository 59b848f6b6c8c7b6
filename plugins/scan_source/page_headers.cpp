#include "page_headers.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <utility>

#include "file_bytes.h"
#include "image_structure.h"
#include "pdf_pages.h"
#include "tiff_directory.h"

namespace hoso::scan_source {
namespace {

namespace fs = std::filesystem;

struct CloseFile {
  void operator()(FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<FILE, CloseFile>;

FileScan Refused(std::string format, std::string problem) {
  FileScan scan;
  scan.format = std::move(format);
  scan.problem = std::move(problem);
  return scan;
}

// Leptonica's format from the leading bytes. findFileFormat() would reopen
// the file and, for TIFF, open it once more through libtiff only to name
// the compression, which nothing here needs.
int SniffFormat(FileBytes& file) {
  std::array<unsigned char, 16> head{};  // zero padded: leptonica reads 12
  file.Read(0, std::min<uint64_t>(12, file.size()), head.data());
  l_int32 format = IFF_UNKNOWN;
  if (findFileFormatBuffer(head.data(), &format) != 0) return IFF_UNKNOWN;
  return format;
}

// The checks every page gets whatever its format: sets the page's size, or
// its problem when the size is missing or over max_pixels.
void CheckSize(PageScan& page, int64_t width, int64_t height, const ScanLimits& limits) {
  if (width <= 0 || height <= 0) {
    page.problem = "no image size in the file";
    return;
  }
  constexpr int64_t kMaxSide = std::numeric_limits<int>::max();
  if (width > kMaxSide || height > kMaxSide || width > limits.max_pixels / height) {
    page.problem = std::to_string(width) + " x " + std::to_string(height) +
                   " pixels exceeds max_pixels " + std::to_string(limits.max_pixels);
    return;
  }
  page.width = static_cast<int>(width);
  page.height = static_cast<int>(height);
}

// PNG and JPEG: one page, described by the structure walk.
FileScan ScanSingleImage(FileBytes& file, const std::string& format, const ScanLimits& limits) {
  const ImageStructure image = format == "png" ? CheckPng(file) : CheckJpeg(file);
  if (!image.problem.empty()) return Refused(format, image.problem);
  FileScan scan;
  scan.format = format;
  PageScan& page = scan.pages.emplace_back();
  page.dpi = image.dpi;
  CheckSize(page, image.width, image.height, limits);
  return scan;
}

FileScan ScanTiff(const fs::path& path, FileBytes& file, const ScanLimits& limits) {
  TiffLayout layout = ReadTiffLayout(file, limits.max_pages);
  if (!layout.problem.empty()) return Refused("tiff", layout.problem);
  if (layout.too_many_pages) {
    return Refused("tiff", "more than " + std::to_string(limits.max_pages) + " pages (max_pages " +
                               std::to_string(limits.max_pages) + ")");
  }
  // libtiff, which will decode the pages, reads directories one after the
  // other and stops at the first it rejects; what it cannot reach cannot
  // be decoded even if our own walk found nothing wrong.
  l_int32 readable = 0;
  {
    FilePtr fp{std::fopen(path.c_str(), "rb")};
    if (!fp || tiffGetCount(fp.get(), &readable) != 0 || readable <= 0) {
      return Refused("tiff", "unreadable TIFF: libtiff rejects its first directory");
    }
  }
  FileScan scan;
  scan.format = "tiff";
  scan.pages.reserve(layout.pages.size() + 1);
  for (size_t i = 0; i < layout.pages.size(); ++i) {
    const TiffPage& tiff = layout.pages[i];
    PageScan& page = scan.pages.emplace_back();
    page.index = static_cast<int>(i);
    page.dpi = tiff.dpi;
    CheckSize(page, static_cast<int64_t>(std::min<uint64_t>(tiff.width, INT64_MAX)),
              static_cast<int64_t>(std::min<uint64_t>(tiff.height, INT64_MAX)), limits);
    if (page.problem.empty()) page.problem = tiff.problem;
    if (page.problem.empty() && static_cast<l_int32>(i) >= readable) {
      page.problem =
          "unreadable TIFF directory (libtiff stops after page " + std::to_string(readable) + ")";
    }
  }
  if (!layout.chain_problem.empty()) {
    PageScan& lost = scan.pages.emplace_back();
    lost.index = static_cast<int>(layout.pages.size());
    lost.problem = layout.chain_problem + "; this and any later pages are lost";
  }
  return scan;
}

FileScan ScanPdf(const fs::path& path, FileBytes& file, const ScanLimits& limits) {
  if (std::string truncated = CheckPdfComplete(file); !truncated.empty()) {
    return Refused("pdf", truncated);
  }
  PdfLayout layout = ReadPdfLayout(path, limits.pdf_dpi, limits.max_pages);
  if (!layout.problem.empty()) return Refused("pdf", layout.problem);
  FileScan scan;
  scan.format = "pdf";
  scan.pages.reserve(layout.pages.size() + 1);
  for (size_t i = 0; i < layout.pages.size(); ++i) {
    PageScan& page = scan.pages.emplace_back();
    page.index = static_cast<int>(i);
    page.dpi = limits.pdf_dpi;
    page.problem = layout.pages[i].problem;
    if (page.problem.empty()) {
      CheckSize(page, layout.pages[i].width, layout.pages[i].height, limits);
    }
  }
  if (!layout.missing_pages.empty()) {
    PageScan& lost = scan.pages.emplace_back();
    lost.index = static_cast<int>(layout.pages.size());
    lost.problem = layout.missing_pages;
  }
  return scan;
}

std::string FormatName(int format) {
  if (format == IFF_PNG) return "png";
  if (format == IFF_JFIF_JPEG) return "jpeg";
  if (L_FORMAT_IS_TIFF(format)) return "tiff";
  if (format == IFF_LPDF) return "pdf";
  return "";
}

}  // namespace

FileScan ScanFile(const fs::path& path, const ScanLimits& limits) {
  FileBytes file(path);
  if (!file.ok()) return Refused("", "cannot open: " + file.error());
  if (file.size() == 0) return Refused("", "empty file (0 bytes)");
  const int format = SniffFormat(file);
  const std::string name = FormatName(format);
  if (name == "png" || name == "jpeg") return ScanSingleImage(file, name, limits);
  if (name == "tiff") return ScanTiff(path, file, limits);
  if (name == "pdf") return ScanPdf(path, file, limits);
  if (format != IFF_UNKNOWN) {
    const char* extension = getFormatExtension(format);
    return Refused("", std::string("unsupported image format ") + (extension ? extension : "?") +
                           " (expected TIFF, PNG, JPEG or PDF)");
  }
  return Refused("", "unknown format: not a TIFF, PNG, JPEG or PDF file");
}

int64_t CountUnits(const fs::path& path, const ScanLimits& limits) {
  FileBytes file(path);
  if (!file.ok() || file.size() == 0) return 1;
  const std::string name = FormatName(SniffFormat(file));
  if (name == "tiff") {
    const TiffLayout layout = ReadTiffLayout(file, limits.max_pages);
    if (!layout.problem.empty() || layout.too_many_pages) return 1;
    return static_cast<int64_t>(layout.pages.size()) + (layout.chain_problem.empty() ? 0 : 1);
  }
  if (name == "pdf") {
    const int64_t count = PdfPageCount(path);
    return count > 0 && count <= limits.max_pages ? count : 1;
  }
  return 1;
}

}  // namespace hoso::scan_source
