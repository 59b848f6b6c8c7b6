// Walks the structure of PNG and JPEG files (chunks, marker segments) and
// the tail of PDF files: a cheap check that the file is complete, which
// also yields the header facts met on the way. No pixel is decoded.
//
// A scan cut short by a failed copy often keeps a valid header, so header
// reads alone accept it and the decoder fails much later, or decodes half a
// page. And the header facts are read here rather than through libpng and
// libjpeg because those print their complaints about a damaged header
// straight to stderr, past leptonica's setMsgSeverity().
#pragma once

#include <cstdint>
#include <string>

#include "file_bytes.h"

namespace hoso::scan_source {

struct ImageStructure {
  std::string problem;  // "" when the file looks complete; no file name
  int64_t width = 0;    // from IHDR or the JPEG frame header
  int64_t height = 0;
  int dpi = 0;  // from pHYs or the JFIF density; 0 when absent
};

// Walks the chunk list from the signature to IEND; every chunk must lie
// inside the file and IHDR must come first. Bytes after IEND are tolerated.
ImageStructure CheckPng(FileBytes& file);

// Walks the marker segments up to the first SOS, then looks for the EOI
// marker (FF D9) in the tail: entropy-coded data never contains FF D9, so a
// file cut inside the scan data has none there.
ImageStructure CheckJpeg(FileBytes& file);

// Looks for %%EOF in the last 1024 bytes, where every writer puts it (and
// readers like Acrobat require it). Returns "" or the problem.
std::string CheckPdfComplete(FileBytes& file);

}  // namespace hoso::scan_source
