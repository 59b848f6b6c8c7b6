// Member names: display form, split into family, middle and given names, and
// the match keys deduplication compares.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "hoso/record.h"

namespace hoso::normalize_vi {

// Whitespace runs (tabs, no-break spaces) become one space, ends trimmed, and
// no space before , ; : or after an opening bracket.
std::u32string TidySpaces(std::u32string_view text);

// Capital at the start of every word and after an apostrophe or hyphen inside
// one ("H'Hen", "NGUYỄN" -> "Nguyễn"); letters outside Vietnamese go through
// ICU's case mapping.
std::u32string TitleCase(std::u32string_view text);

// Lowercase with ICU's case mapping for letters outside the Vietnamese alphabet.
std::u32string LowerCase(std::u32string_view text);

struct NameParts {
  std::string family;
  std::string middle;  // empty for two-word names
  std::string given;
  bool family_known = false;  // the family name is in the list
};

class FamilyNames {
 public:
  // One name per line, '#' comments; two-word family names allowed.
  static FamilyNames Load(const std::filesystem::path& file);
  explicit FamilyNames(std::vector<std::u32string> names);

  // `full_name` tidy and title-cased. The longest listed family name at the
  // start wins ("Tôn Thất Thuyết"); otherwise the first word is taken as the
  // family name and `family_known` is false.
  NameParts Split(std::u32string_view full_name) const;

 private:
  std::vector<std::vector<std::string>> names_;   // placement-free keys of the words
  std::vector<std::vector<std::string>> folded_;  // the same words folded to ASCII
};

// Keys for one (tidy, NFC) name; see MatchKeys.
MatchKeys MakeMatchKeys(std::u32string_view name);

}  // namespace hoso::normalize_vi
