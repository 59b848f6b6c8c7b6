// Unicode normalization of recognized text.
#pragma once

#include <string>
#include <string_view>

namespace hoso::ocr_tesseract {

// NFC form of UTF-8 text. Tesseract emits whatever sequence its model was
// trained on (often "e" + combining marks for Vietnamese); every later
// stage compares names in NFC.
std::string ToNfc(std::string_view utf8);

}  // namespace hoso::ocr_tesseract
