#include "vietnamese_text.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <iterator>
#include <string_view>
#include <vector>

namespace hoso::normalize_vi {
namespace {

// Each row is one vowel base in the six tones; the row index is its code in
// the lookup table below.
constexpr std::array<std::u32string_view, 12> kLowerRows = {
    U"aàáảãạ", U"ăằắẳẵặ", U"âầấẩẫậ", U"eèéẻẽẹ", U"êềếểễệ", U"iìíỉĩị",
    U"oòóỏõọ", U"ôồốổỗộ", U"ơờớởỡợ", U"uùúủũụ", U"ưừứửữự", U"yỳýỷỹỵ",
};
constexpr std::array<std::u32string_view, 12> kUpperRows = {
    U"AÀÁẢÃẠ", U"ĂẰẮẲẴẶ", U"ÂẦẤẨẪẬ", U"EÈÉẺẼẸ", U"ÊỀẾỂỄỆ", U"IÌÍỈĨỊ",
    U"OÒÓỎÕỌ", U"ÔỒỐỔỖỘ", U"ƠỜỚỞỠỢ", U"UÙÚỦŨỤ", U"ƯỪỨỬỮỰ", U"YỲÝỶỸỴ",
};
constexpr char32_t kVowelBases[12] = {U'a', U'ă', U'â', U'e', U'ê', U'i',
                                      U'o', U'ô', U'ơ', U'u', U'ư', U'y'};

// Syllable parts in a one-byte alphabet so they fit short strings:
// ă=A â=B ê=E ô=O ơ=P ư=W đ=D.
inline char Code(char32_t base) {
  if (base < 0x80) return static_cast<char>(base);
  switch (base) {
    case U'ă':
      return 'A';
    case U'â':
      return 'B';
    case U'ê':
      return 'E';
    case U'ô':
      return 'O';
    case U'ơ':
      return 'P';
    case U'ư':
      return 'W';
    case U'đ':
      return 'D';
    default:
      return '?';
  }
}

constexpr std::string_view kOnsets[] = {
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "D", "g", "h",
    "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x",
    // Clusters of Central Highlands place and personal
    // names written in Vietnamese letters: Krông, Đrăng, Plei.
    "kr", "kl", "pl", "bl", "br", "dr", "Dr", "gr", "ml", "mr", "hr", "kp", "kb", "kn", ""};

// The onsets a coded word may start with, by its first byte, in kOnsets'
// order and without the empty one (always tried last): the first onset that
// leaves a rhyme wins, so the order is kOnsets' own.
struct OnsetsByFirst {
  std::array<std::array<uint8_t, 8>, 128> index{};
  std::array<uint8_t, 128> count{};
};

constexpr OnsetsByFirst kOnsetsByFirst = [] {
  OnsetsByFirst table;
  for (size_t i = 0; i < std::size(kOnsets); ++i) {
    if (kOnsets[i].empty()) continue;
    const auto first = static_cast<unsigned char>(kOnsets[i][0]);
    table.index[first][table.count[first]++] = static_cast<uint8_t>(i);
  }
  return table;
}();
static_assert(kOnsets[std::size(kOnsets) - 1].empty(), "the empty onset comes last");

// TonePosition on letters already split into bases (0 = not a letter).
size_t TonePositionOfBases(const char32_t* base, size_t n, bool new_style) {
  // The vowel run, skipping the u of qu- and the i of gi- when a vowel follows.
  size_t first = 0;
  while (first < n && !IsVowelBase(base[first])) ++first;
  if (first == n) return std::u32string_view::npos;
  if (first == 1 && base[0] == U'q' && base[1] == U'u' && n > 2 && IsVowelBase(base[2])) {
    first = 2;
  } else if (first == 1 && base[0] == U'g' && base[1] == U'i' && n > 2 && IsVowelBase(base[2])) {
    first = 2;
  }
  size_t last = first;
  while (last + 1 < n && IsVowelBase(base[last + 1])) ++last;
  const bool has_coda = last + 1 < n;
  // A vowel with a shape mark takes the tone (the later one in ươ).
  size_t shaped = std::u32string_view::npos;
  for (size_t i = first; i <= last; ++i) {
    if (HasShapeMark(base[i])) shaped = i;
  }
  if (shaped != std::u32string_view::npos) return shaped;
  const size_t length = last - first + 1;
  if (has_coda) return last;
  if (length == 1) return first;
  if (length == 3) return first + 1;
  const char32_t a = base[first];
  const char32_t b = base[first + 1];
  const bool new_style_pair = (a == U'o' && (b == U'a' || b == U'e')) || (a == U'u' && b == U'y');
  if (new_style_pair && new_style) return first + 1;
  return first;
}

// Rhymes after the onset. Generous on purpose (qu- and gi- take the u/i of
// the rhyme lists below): the aim is to tell Vietnamese from mojibake, not to
// police spelling.
constexpr std::string_view kRhymes[] = {
    // a ă â
    "a",
    "ai",
    "ao",
    "au",
    "ay",
    "ac",
    "ach",
    "am",
    "an",
    "ang",
    "anh",
    "ap",
    "at",
    "Ac",
    "Am",
    "An",
    "Ang",
    "Ap",
    "At",
    "Bc",
    "Bm",
    "Bn",
    "Bng",
    "Bp",
    "Bt",
    "Bu",
    "By",
    // e ê
    "e",
    "eo",
    "ec",
    "em",
    "en",
    "eng",
    "ep",
    "et",
    "E",
    "Eu",
    "Ech",
    "Em",
    "En",
    "Enh",
    "Ep",
    "Et",
    "Ec",
    "Eng",
    // i iê yê y
    "i",
    "ia",
    "iu",
    "ich",
    "im",
    "in",
    "inh",
    "ip",
    "it",
    "iEc",
    "iEm",
    "iEn",
    "iEng",
    "iEp",
    "iEt",
    "iEu",
    "y",
    "yE",
    "yEm",
    "yEn",
    "yEng",
    "yEt",
    "yEu",
    // o ô ơ
    "o",
    "oi",
    "oc",
    "om",
    "on",
    "ong",
    "op",
    "ot",
    "ooc",
    "oong",
    "O",
    "Oi",
    "Oc",
    "Om",
    "On",
    "Ong",
    "Op",
    "Ot",
    "P",
    "Pi",
    "Pm",
    "Pn",
    "Pp",
    "Pt",
    "Pc",
    "Png",
    // u uô ư ươ
    "u",
    "ua",
    "ui",
    "uc",
    "um",
    "un",
    "ung",
    "up",
    "ut",
    "uO",
    "uOc",
    "uOi",
    "uOm",
    "uOn",
    "uOng",
    "uOt",
    "W",
    "Wa",
    "Wi",
    "Wu",
    "Wc",
    "Wm",
    "Wn",
    "Wng",
    "Wt",
    "WP",
    "WPc",
    "WPi",
    "WPm",
    "WPn",
    "WPng",
    "WPp",
    "WPt",
    "WPu",
    // medial o
    "oa",
    "oai",
    "oay",
    "oac",
    "oach",
    "oam",
    "oan",
    "oang",
    "oanh",
    "oap",
    "oat",
    "oAc",
    "oAm",
    "oAn",
    "oAng",
    "oAt",
    "oe",
    "oeo",
    "oen",
    "oet",
    "oem",
    // medial u (also after qu-)
    "uB",
    "uBn",
    "uBng",
    "uBt",
    "uBy",
    "uy",
    "uya",
    "uych",
    "uyn",
    "uynh",
    "uyt",
    "uyp",
    "uyu",
    "uyE",
    "uyEn",
    "uyEt",
    "uE",
    "uEnh",
    "uEch",
    "uEn",
    "uEt",
    "uP",
    "uPi",
    "uPn",
    "uPng",
    "ue",
    "uen",
    "uet",
    "ueo",
    "uac",
    "uach",
    "uai",
    "uam",
    "uan",
    "uang",
    "uanh",
    "uap",
    "uat",
    "uay",
    "uAc",
    "uAm",
    "uAn",
    "uAng",
    "uAt",
    "uEu",
    // -k of Central Highlands names: Đắk Lắk, Kon Plông's "Đăk".
    "ak",
    "Ak",
    "Bk",
    "ok",
    "Ok",
    "ek",
    "Ek",
    "uk",
    "Wk",
};

// Rhymes are at most 5 coded bytes: packed into an integer and searched in a
// sorted table, the check is a few comparisons, not ~200 string compares.
constexpr uint64_t PackWord(std::string_view word) {
  uint64_t packed = 0;
  for (char c : word) packed = (packed << 8) | static_cast<unsigned char>(c);
  return packed | (static_cast<uint64_t>(word.size()) << 56);
}

constexpr auto kRhymeKeys = [] {
  std::array<uint64_t, std::size(kRhymes)> keys{};
  for (size_t i = 0; i < keys.size(); ++i) keys[i] = PackWord(kRhymes[i]);
  std::sort(keys.begin(), keys.end());
  return keys;
}();

bool IsRhyme(std::string_view rhyme) {
  if (rhyme.size() > 7) return false;
  return std::binary_search(kRhymeKeys.begin(), kRhymeKeys.end(), PackWord(rhyme));
}

bool EndsWithStop(std::string_view rhyme) {
  if (rhyme.empty()) return false;
  const char last = rhyme.back();
  if (last == 'p' || last == 't' || last == 'c') return true;
  if (last == 'k') return true;
  return rhyme.size() >= 2 && rhyme.substr(rhyme.size() - 2) == "ch";
}

// Letters in the one-byte alphabet, then the tone; never 0 for a syllable.
uint64_t PackKey(std::string_view coded, Tone tone) {
  uint64_t key = 0;
  for (char c : coded) key = (key << 8) | static_cast<unsigned char>(c);
  return (key << 8) | (static_cast<uint64_t>(tone) + 1);
}

}  // namespace

namespace letter_tables {

// Built at compile time: no guard on the hot path.
constexpr std::array<uint16_t, kEnd> kEntry = [] {
  std::array<uint16_t, kEnd> entry{};
  for (size_t row = 0; row < kLowerRows.size(); ++row) {
    for (size_t tone = 0; tone < 6; ++tone) {
      const auto packed = static_cast<uint16_t>((row + 1) | (tone << 5));
      const char32_t lower = kLowerRows[row][tone];
      const char32_t upper = kUpperRows[row][tone];
      if (lower >= 0x80) entry[lower] = packed;
      if (upper >= 0x80) entry[upper] = static_cast<uint16_t>(packed | 0x100);
    }
  }
  entry[U'đ'] = 13;
  entry[U'Đ'] = 13 | 0x100;
  return entry;
}();

constexpr std::array<char32_t, 14> kBaseOfRow = {0,    U'a', U'ă', U'â', U'e', U'ê', U'i',
                                                 U'o', U'ô', U'ơ', U'u', U'ư', U'y', U'đ'};

constexpr std::array<int8_t, kRowsEnd> kRowOfBase = [] {
  std::array<int8_t, kRowsEnd> rows{};
  for (int8_t& r : rows) r = -1;
  for (size_t row = 0; row < 12; ++row) rows[kVowelBases[row]] = static_cast<int8_t>(row);
  return rows;
}();

constexpr std::array<std::array<std::array<char32_t, 2>, 6>, 12> kComposed = [] {
  std::array<std::array<std::array<char32_t, 2>, 6>, 12> composed{};
  for (size_t row = 0; row < 12; ++row) {
    for (size_t tone = 0; tone < 6; ++tone) {
      composed[row][tone] = {kLowerRows[row][tone], kUpperRows[row][tone]};
    }
  }
  return composed;
}();

static_assert(kBaseOfRow[1] == kVowelBases[0] && kBaseOfRow[12] == kVowelBases[11]);

}  // namespace letter_tables

char ShapelessBase(char32_t base) {
  switch (base) {
    case U'ă':
    case U'â':
      return 'a';
    case U'ê':
      return 'e';
    case U'ô':
    case U'ơ':
      return 'o';
    case U'ư':
      return 'u';
    case U'đ':
      return 'd';
    default:
      return base < 0x80 ? static_cast<char>(base) : '?';
  }
}

uint64_t SyllableKey(std::u32string_view token) {
  if (token.empty() || token.size() > kMaxSyllableLetters) return 0;
  char coded[kMaxSyllableLetters];
  char32_t base[kMaxSyllableLetters];
  Tone tone = Tone::kLevel;
  size_t tone_at = 0;
  size_t uppers = 0;
  bool first_upper = false;
  for (size_t i = 0; i < token.size(); ++i) {
    const Letter letter = ClassifyLetter(token[i]);
    if (letter.base == 0) return 0;
    if (letter.tone != Tone::kLevel) {
      if (tone != Tone::kLevel) return 0;  // two tones
      tone = letter.tone;
      tone_at = i;
    }
    if (letter.upper) {
      ++uppers;
      if (i == 0) first_upper = true;
    }
    base[i] = letter.base;
    coded[i] = Code(letter.base);
  }
  // lower, Title or UPPER; "NguyÔn" is how TCVN3 looks when misread.
  if (uppers != 0 && uppers != token.size() && !(uppers == 1 && first_upper)) return 0;
  // The tone sits where one of the two styles puts it; "hôì" is a misread
  // "hồ", not a spelling anyone types.
  if (tone != Tone::kLevel && tone_at != TonePositionOfBases(base, token.size(), true) &&
      tone_at != TonePositionOfBases(base, token.size(), false)) {
    return 0;
  }
  const std::string_view word(coded, token.size());
  const bool stop_tone = tone == Tone::kAcute || tone == Tone::kDot;
  // Whether the rest after an onset is a rhyme this syllable can have.
  auto rhyme_fits = [&](std::string_view onset) {
    const std::string_view rhyme = word.substr(onset.size());
    if (rhyme.empty()) return onset == "gi";  // "gi" carries its own vowel: gì, gỉ.
    if (onset == "q" && rhyme[0] != 'u') return false;
    return IsRhyme(rhyme) && (stop_tone || !EndsWithStop(rhyme));
  };
  const auto first = static_cast<unsigned char>(word[0]);
  if (first < 128) {
    for (size_t k = 0; k < kOnsetsByFirst.count[first]; ++k) {
      const std::string_view onset = kOnsets[kOnsetsByFirst.index[first][k]];
      if (onset.size() > word.size()) continue;
      bool match = true;
      for (size_t j = 1; j < onset.size() && match; ++j) match = word[j] == onset[j];
      if (match && rhyme_fits(onset)) return PackKey(word, tone);
    }
  }
  return rhyme_fits("") ? PackKey(word, tone) : 0;
}

bool IsVietnameseSyllable(std::u32string_view token) { return SyllableKey(token) != 0; }

namespace {

SyllableFacts WorkOutSyllable(std::u32string_view word) {
  SyllableFacts facts;
  facts.key = SyllableKey(word);
  if (facts.key != 0) {
    facts.tone_new = TonePosition(word, true);
    facts.tone_old = TonePosition(word, false);
  }
  return facts;
}

// A direct-mapped cache of SyllableKey and the tone's places. A slot keeps
// the word itself (16 bits a letter; longer words and letters above U+FFFF
// are never cached), so an answer is always the one the functions give.
class SyllableCache {
 public:
  SyllableCache() : slots_(kSlots) {}

  SyllableFacts Facts(std::u32string_view word) {
    if (word.empty() || word.size() > kMaxSyllableLetters) return WorkOutSyllable(word);
    uint64_t low = 0;
    // The length makes `high` never 0, so an empty slot never matches.
    uint64_t high = static_cast<uint64_t>(word.size()) << 48;
    for (size_t k = 0; k < word.size(); ++k) {
      const char32_t c = word[k];
      if (c > 0xFFFF) return WorkOutSyllable(word);
      if (k < 4) {
        low |= static_cast<uint64_t>(c) << (16 * k);
      } else {
        high |= static_cast<uint64_t>(c) << (16 * (k - 4));
      }
    }
    const uint64_t hash = (low ^ (high * 0x9E3779B97F4A7C15ULL)) * 0xFF51AFD7ED558CCDULL;
    Slot& slot = slots_[(hash >> 40) & (kSlots - 1)];
    if (slot.low != low || slot.high != high) {
      const SyllableFacts facts = WorkOutSyllable(word);
      slot.key = facts.key;
      // Within a word of at most kMaxSyllableLetters, or npos.
      slot.tone_new = static_cast<uint8_t>(std::min<size_t>(facts.tone_new, kNone));
      slot.tone_old = static_cast<uint8_t>(std::min<size_t>(facts.tone_old, kNone));
      slot.low = low;
      slot.high = high;
    }
    SyllableFacts facts;
    facts.key = slot.key;
    facts.tone_new = slot.tone_new == kNone ? std::u32string_view::npos : slot.tone_new;
    facts.tone_old = slot.tone_old == kNone ? std::u32string_view::npos : slot.tone_old;
    return facts;
  }

 private:
  static constexpr size_t kSlots = 4096;
  static constexpr uint8_t kNone = 0xFF;
  static_assert(kMaxSyllableLetters < kNone);
  struct Slot {
    uint64_t low = 0;
    uint64_t high = 0;
    uint64_t key = 0;
    uint8_t tone_new = kNone;
    uint8_t tone_old = kNone;
  };
  std::vector<Slot> slots_;
};

}  // namespace

SyllableFacts CachedSyllable(std::u32string_view token) {
  thread_local SyllableCache cache;
  return cache.Facts(token);
}

uint64_t SyllableKeyOfPlacementFree(std::string_view key) {
  std::u32string chars;
  if (!DecodeUtf8(key, chars) || chars.empty()) return 0;
  Tone tone = Tone::kLevel;
  if (chars.back() >= U'1' && chars.back() <= U'5') {
    tone = static_cast<Tone>(chars.back() - U'0');
    chars.pop_back();
  }
  if (chars.empty() || chars.size() > kMaxSyllableLetters) return 0;
  std::string coded;
  for (char32_t c : chars) {
    const Letter letter = ClassifyLetter(c);
    if (letter.base == 0 || letter.tone != Tone::kLevel || letter.upper) return 0;
    coded.push_back(Code(letter.base));
  }
  return PackKey(coded, tone);
}

size_t TonePosition(std::u32string_view word, bool new_style) {
  const size_t n = word.size();
  char32_t base[16];
  if (n == 0 || n > 16) return std::u32string_view::npos;
  for (size_t i = 0; i < n; ++i) base[i] = ClassifyLetter(word[i]).base;
  return TonePositionOfBases(base, n, new_style);
}

bool DecodeUtf8(std::string_view text, std::u32string& out) {
  // Written through a pointer into a buffer sized for the worst case (one
  // code point a byte): push_back per character was most of the cost.
  out.resize(text.size());
  char32_t* const begin = out.data();
  char32_t* o = begin;
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  while (p < end) {
    const unsigned char b0 = *p;
    if (b0 < 0x80) {
      *o++ = b0;
      ++p;
      continue;
    }
    // Two and three bytes (every Vietnamese letter) spelt out: the general
    // loop below, with its counts and masks, is the rare four-byte case's.
    if ((b0 & 0xE0) == 0xC0) {
      if (end - p < 2 || (p[1] & 0xC0) != 0x80) break;
      const char32_t cp = (static_cast<char32_t>(b0 & 0x1F) << 6) | (p[1] & 0x3F);
      if (cp < 0x80) break;
      *o++ = cp;
      p += 2;
      continue;
    }
    if ((b0 & 0xF0) == 0xE0) {
      if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) break;
      const char32_t cp = (static_cast<char32_t>(b0 & 0x0F) << 12) |
                          (static_cast<char32_t>(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
      if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) break;
      *o++ = cp;
      p += 3;
      continue;
    }
    int extra;
    char32_t cp;
    char32_t min;
    if ((b0 & 0xE0) == 0xC0) {
      extra = 1;
      cp = b0 & 0x1F;
      min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
      extra = 2;
      cp = b0 & 0x0F;
      min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
      extra = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else {
      break;
    }
    if (end - p <= extra) break;
    bool continued = true;
    for (int k = 1; k <= extra && continued; ++k) {
      const unsigned char b = p[k];
      continued = (b & 0xC0) == 0x80;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (!continued || cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) break;
    *o++ = cp;
    p += extra + 1;
  }
  // On malformed input `out` keeps what came before it, as callers that
  // ignore the answer have always seen.
  out.resize(static_cast<size_t>(o - begin));
  return p == end;
}

void EncodeUtf8(std::u32string_view text, std::string& out) {
  size_t size = 0;
  for (char32_t c : text) size += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  out.resize(size);
  char* o = out.data();
  for (char32_t c : text) {
    if (c < 0x80) {
      *o++ = static_cast<char>(c);
    } else if (c < 0x800) {
      *o++ = static_cast<char>(0xC0 | (c >> 6));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      *o++ = static_cast<char>(0xE0 | (c >> 12));
      *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    } else {
      *o++ = static_cast<char>(0xF0 | (c >> 18));
      *o++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      *o++ = static_cast<char>(0x80 | (c & 0x3F));
    }
  }
}

std::string EncodeUtf8(std::u32string_view text) {
  std::string out;
  EncodeUtf8(text, out);
  return out;
}

}  // namespace hoso::normalize_vi
