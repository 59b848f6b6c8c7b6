// The pages of a PDF as the rasterizer will produce them: size in pixels at
// a given resolution, read from the page boxes without rendering anything.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hoso::scan_source {

struct PdfPage {
  int64_t width = 0;  // pixels at the requested dpi, after the page's /Rotate
  int64_t height = 0;
  std::string problem;  // why this page cannot be rendered; "" when fine
};

struct PdfLayout {
  std::string problem;  // the whole file is refused; pages is empty
  std::vector<PdfPage> pages;
  // The catalog claims more pages than the page tree holds: the page at
  // index pages.size() carries this reason and the rest are not listed.
  std::string missing_pages;
};

// Refuses encrypted files that need a password, and files that claim more
// than `max_pages` pages before looking at any page.
PdfLayout ReadPdfLayout(const std::filesystem::path& path, int dpi, int max_pages);

// The page count the catalog claims, or -1 when the file cannot be opened
// or needs a password. Cheap: no page is looked at.
int64_t PdfPageCount(const std::filesystem::path& path);

}  // namespace hoso::scan_source
