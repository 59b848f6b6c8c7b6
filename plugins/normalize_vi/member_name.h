// Member names: display form, split into family, middle and given names, and
// the match keys deduplication compares.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_set>
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

// The three above in place, for a caller that keeps one buffer per field.
void TidySpacesInPlace(std::u32string& text);
void TitleCaseInPlace(std::u32string& text);
void LowerCaseInPlace(std::u32string& text);

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

  // How many of a name's first words make the longest listed family name, 0
  // when none: `keys` holds the first `candidates` words' placement-free keys
  // joined by spaces, `ends[k]` its length after k of them (ends[0] = 0);
  // `ascii` when those words are all ASCII (then they match the list folded).
  size_t ListedWords(std::string_view keys, const size_t* ends, size_t candidates,
                     bool ascii) const;

 private:
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using KeySet = std::unordered_set<std::string, KeyHash, std::equal_to<>>;

  // Each name as its words' placement-free keys joined by spaces (words hold
  // none), and the same words folded to ASCII: a look-up per candidate length
  // instead of comparing every listed name.
  KeySet names_;
  KeySet folded_;
  size_t longest_ = 0;  // words in the longest listed name
};

// Keys for one (tidy, NFC) name; see MatchKeys.
MatchKeys MakeMatchKeys(std::u32string_view name);

// MakeMatchKeys and `families`' Split (empty parts without a list) of a name
// given as UTF-8, in one pass over its bytes, into strings the caller keeps
// from name to name. Only for the name a batch mostly holds: strict UTF-8,
// tidy (TidySpaces leaves it as it is), ASCII and Vietnamese letters; its
// answers are then the ones the two functions give on the decoded name. False
// for any other name, with `keys` and `parts` unspecified: the caller decodes
// it and takes the long way.
bool MatchKeysAndSplit(std::string_view full_name, const FamilyNames* families, MatchKeys& keys,
                       NameParts& parts);

}  // namespace hoso::normalize_vi
