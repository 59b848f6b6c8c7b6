// A TIFF file's directory chain read straight from its bytes: page count,
// the size and resolution each page claims, and whether its strips or tiles
// lie inside the file.
//
// Leptonica's readHeaderTiff(file, n) reopens the file and walks n
// directories for every call, so describing all pages that way is quadratic:
// about 100 s for a 2000-page file. This walk is linear and reads only the
// directories and the offset tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "file_bytes.h"

namespace hoso::scan_source {

struct TiffPage {
  uint64_t width = 0;  // as claimed by the directory; 0 when missing
  uint64_t height = 0;
  int dpi = 0;          // horizontal resolution in dots per inch; 0 when absent
  std::string problem;  // why this page cannot be decoded; "" when it looks sound
};

struct TiffLayout {
  std::string problem;          // not a TIFF we can walk at all; pages is empty
  std::vector<TiffPage> pages;  // one per directory, in chain order
  // The chain goes on past `max_pages` directories; pages holds the first
  // max_pages and nothing after them was read.
  bool too_many_pages = false;
  // Why the chain ended before its terminating zero offset (a directory
  // past the end of the file, a loop); the page at index pages.size() and
  // any after it are lost. "" when the chain ends properly.
  std::string chain_problem;
};

TiffLayout ReadTiffLayout(FileBytes& file, int max_pages);

}  // namespace hoso::scan_source
