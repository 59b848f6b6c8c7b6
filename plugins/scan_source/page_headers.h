// What a scanned file holds, learned from its headers and structure only:
// format, pages, their pixel size and resolution, and which pages (or the
// whole file) cannot be used and why. No pixel is decoded here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hoso::scan_source {

struct ScanLimits {
  int pdf_dpi = 300;
  int64_t max_pixels = 200000000;
  int max_pages = 2000;
};

struct PageScan {
  int index = 0;  // 0-based page index in the file
  int width = 0;  // pixels, as decoded or rasterized
  int height = 0;
  int dpi = 0;          // 0 when the file does not say
  std::string problem;  // why the page is refused; "" when usable
};

struct FileScan {
  std::string format;   // "tiff", "png", "jpeg", "pdf"; "" when not recognized
  std::string problem;  // why the whole file is refused; "" when pages tell
  // Usable and refused pages in page order. Pages of a file cut short or
  // whose page list is damaged may be missing after the one that says so.
  std::vector<PageScan> pages;
};

// Reasons name neither the file nor the page; the caller prefixes both.
FileScan ScanFile(const std::filesystem::path& path, const ScanLimits& limits);

// Input units the file will account for: its page count when that is cheap
// to learn (TIFF directories, the PDF catalog), else 1. For progress only.
int64_t CountUnits(const std::filesystem::path& path, const ScanLimits& limits);

}  // namespace hoso::scan_source
