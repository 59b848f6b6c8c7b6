#include "folded_text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>

namespace hoso::dossier_fields {
namespace {

// Latin letters with marks live below U+1F00 (Latin-1, Extended-A/B,
// Extended Additional, where Vietnamese has most of its letters).
constexpr char32_t kTableEnd = 0x1F00;

std::array<char, kTableEnd> BuildTable() {
  std::array<char, kTableEnd> table{};
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  for (char32_t c = 0; c < kTableEnd; ++c) {
    char32_t base = c;
    if (U_SUCCESS(status) && c >= 0x80) {
      icu::UnicodeString decomposed;
      if (nfd->getDecomposition(static_cast<UChar32>(c), decomposed) && decomposed.length() > 0) {
        base = static_cast<char32_t>(decomposed.char32At(0));
      }
    }
    if (c == U'đ' || c == U'Đ' || c == 0x00D0 || c == 0x0189) base = U'd';
    if (base < 0x80) {
      const char ascii = static_cast<char>(base);
      if (ascii >= 'A' && ascii <= 'Z') table[c] = static_cast<char>(ascii - 'A' + 'a');
      if ((ascii >= 'a' && ascii <= 'z') || (ascii >= '0' && ascii <= '9')) table[c] = ascii;
    }
  }
  return table;
}

const std::array<char, kTableEnd>& Table() {
  static const std::array<char, kTableEnd> table = BuildTable();
  return table;
}

}  // namespace

char FoldCodePoint(char32_t c) { return c < kTableEnd ? Table()[c] : '\0'; }

FoldedText Fold(std::string_view utf8) {
  FoldedText out;
  out.chars.reserve(utf8.size());
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t begin = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) continue;
    const char folded = FoldCodePoint(static_cast<char32_t>(c));
    if (folded == '\0') continue;
    out.chars.push_back(folded);
    out.source_begin.push_back(begin);
    out.source_end.push_back(i);
  }
  return out;
}

std::string FoldWords(std::string_view utf8) {
  std::string out;
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  const int32_t length = static_cast<int32_t>(utf8.size());
  int32_t i = 0;
  bool gap = false;
  while (i < length) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    const char folded = c < 0 ? '\0' : FoldCodePoint(static_cast<char32_t>(c));
    // Combining marks (text in NFD) belong to the letter before them.
    if (c >= 0 && u_getCombiningClass(c) != 0) continue;
    if (folded == '\0') {
      gap = true;
      continue;
    }
    if (gap && !out.empty()) out.push_back(' ');
    gap = false;
    out.push_back(folded);
  }
  return out;
}

}  // namespace hoso::dossier_fields
