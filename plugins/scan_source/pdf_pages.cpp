#include "pdf_pages.h"

#include <poppler-document.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

namespace hoso::scan_source {
namespace {

std::unique_ptr<poppler::document> Open(const std::filesystem::path& path) {
  return std::unique_ptr<poppler::document>(poppler::document::load_from_file(path.string()));
}

// Poppler's rasterizer rounds the scaled page box to the nearest pixel and
// never makes a page narrower than one pixel; do the same so the size given
// here is the size a later stage gets.
int64_t ToPixels(double points, int dpi) {
  const double pixels = std::round(points * dpi / 72.0);
  if (!(pixels < 1e15)) return -1;  // NaN or absurd: reported as out of range
  return std::max<int64_t>(1, static_cast<int64_t>(pixels));
}

}  // namespace

PdfLayout ReadPdfLayout(const std::filesystem::path& path, int dpi, int max_pages) {
  PdfLayout layout;
  std::unique_ptr<poppler::document> doc = Open(path);
  if (!doc) {
    layout.problem = "unreadable PDF: no usable cross-reference table or catalog";
    return layout;
  }
  if (doc->is_locked()) {
    layout.problem = "encrypted PDF needs a password";
    return layout;
  }
  const int count = doc->pages();
  if (count <= 0) {
    layout.problem = "PDF has no pages";
    return layout;
  }
  if (count > max_pages) {
    layout.problem = "PDF has " + std::to_string(count) + " pages, more than max_pages " +
                     std::to_string(max_pages);
    return layout;
  }
  layout.pages.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) {
      // The page tree is exhausted: every later index fails the same way,
      // so one entry stands for all of them.
      layout.missing_pages = "PDF claims " + std::to_string(count) +
                             " pages but its page tree ends after " + std::to_string(i);
      break;
    }
    const poppler::rectf box = page->page_rect(poppler::crop_box);
    PdfPage& out = layout.pages.emplace_back();
    out.width = ToPixels(box.width(), dpi);
    out.height = ToPixels(box.height(), dpi);
    const poppler::page::orientation_enum orientation = page->orientation();
    if (orientation == poppler::page::landscape || orientation == poppler::page::seascape) {
      std::swap(out.width, out.height);
    }
    if (out.width < 0 || out.height < 0) out.problem = "page box out of range";
  }
  return layout;
}

int64_t PdfPageCount(const std::filesystem::path& path) {
  std::unique_ptr<poppler::document> doc = Open(path);
  if (!doc || doc->is_locked()) return -1;
  return doc->pages();
}

}  // namespace hoso::scan_source
