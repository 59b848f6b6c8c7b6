// Text reduced to what survives OCR best: ASCII letters and digits, lower
// case, no diacritics (đ -> d), no spaces or punctuation. Labels are matched
// in this form because OCR drops tone marks, splits and glues words
// ("Dân tộcKinh", "Giớitính") far more often than it changes base letters.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hoso::dossier_fields {

struct FoldedText {
  std::string chars;              // "hovatenkhaisinh"
  std::vector<int> source_begin;  // byte offset in the source of each char
  std::vector<int> source_end;    // byte offset just after it

  int size() const { return static_cast<int>(chars.size()); }
};

FoldedText Fold(std::string_view utf8);

// Folded, but words kept apart by single spaces: "Nữ " -> "nu".
std::string FoldWords(std::string_view utf8);

// The base letter of one code point, lower case ('\0' when it is not a
// Latin letter or a digit).
char FoldCodePoint(char32_t c);

}  // namespace hoso::dossier_fields
