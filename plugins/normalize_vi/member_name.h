// Member names: display form, split into family, middle and given names, and
// the match keys deduplication compares.
#pragma once

#include <cstdint>
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
  // A set of short byte strings: a flat, open-addressed table of the keys'
  // hashes and places in one string. Every name asks it once or twice, and
  // std::unordered_set's hashing, bucket division and node were most of the
  // name split's look-up (callgrind: 250 instructions a name).
  class KeySet {
   public:
    void Insert(std::string_view key);
    bool Contains(std::string_view key) const;

   private:
    struct Slot {
      uint64_t hash = 0;  // 0 = empty
      uint32_t offset = 0;
      uint32_t size = 0;
    };
    static uint64_t Hash(std::string_view key);
    // The slot of `key`, or the empty one where it would go.
    size_t Find(std::string_view key, uint64_t hash) const;

    std::string bytes_;
    std::vector<Slot> slots_;  // a power of two, at most a quarter full
    size_t count_ = 0;
  };

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
