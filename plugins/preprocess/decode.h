// Reading one page of a scanned file into pixels.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "pix.h"

namespace hoso::preprocess {

struct DecodedPage {
  PixPtr pix;         // null when the page could not be read
  int dpi = 0;        // resolution the pixels are at; 0 when the file does not say
  std::string error;  // why pix is null, without the file name
};

// `source_format` is the source's "tiff|png|jpeg|pdf", or empty to go by the
// file's content. PDF pages are rendered at `pdf_dpi`.
DecodedPage DecodePage(const std::filesystem::path& file, int page_index,
                       std::string_view source_format, int pdf_dpi);

}  // namespace hoso::preprocess
