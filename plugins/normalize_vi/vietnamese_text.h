// Vietnamese letters and syllables: the small amount of linguistics the
// encoding detector, the tone-style rules and the match keys share.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace hoso::normalize_vi {

// In dictionary order: ngang (none), huyền, sắc, hỏi, ngã, nặng.
enum class Tone : uint8_t { kLevel = 0, kGrave = 1, kAcute = 2, kHook = 3, kTilde = 4, kDot = 5 };

// A letter split into its base (lowercase, shape marks kept: ă â ê ô ơ ư đ),
// tone and case. `base` is 0 for anything that is not a Vietnamese or ASCII
// letter.
struct Letter {
  char32_t base = 0;
  Tone tone = Tone::kLevel;
  bool upper = false;
};

// These three, and AppendUtf8, are defined below.
inline Letter ClassifyLetter(char32_t c);
// The precomposed (NFC) letter; `base` must be a letter ClassifyLetter gives.
inline char32_t ComposeLetter(char32_t base, Tone tone, bool upper);

inline bool IsVowelBase(char32_t base);
// ă â ê ô ơ ư: the vowels that carry a shape mark.
inline bool HasShapeMark(char32_t base) {
  return base == U'ă' || base == U'â' || base == U'ê' || base == U'ô' || base == U'ơ' ||
         base == U'ư';
}
// The ASCII letter under the shape marks: ư -> u, đ -> d; ASCII letters as they are.
char ShapelessBase(char32_t base);

// True when `token` (letters only, no spaces) is one well-formed Vietnamese
// syllable: a known onset and rhyme, at most one tone, stop endings (-c, -ch,
// -p, -t) only with sắc or nặng, and one case pattern (lower, Title, UPPER).
// The tone sits where either placement style puts it.
bool IsVietnameseSyllable(std::u32string_view token);

// No syllable is longer ("nghiêng" has seven letters).
inline constexpr size_t kMaxSyllableLetters = 7;

// The syllable as one integer that ignores case and tone placement ("Hoà",
// "hòa" and "HÒA" are one key); 0 when IsVietnameseSyllable is false.
uint64_t SyllableKey(std::u32string_view token);
// SyllableKey, and for a syllable TonePosition in either style (npos for
// other words), through a per-thread cache of the words asked before: the
// tone style asks about the same few thousand syllables field after field,
// and working one out costs a few hundred instructions.
struct SyllableFacts {
  uint64_t key = 0;
  size_t tone_new = std::u32string_view::npos;
  size_t tone_old = std::u32string_view::npos;
};
SyllableFacts CachedSyllable(std::u32string_view token);
// The same key from AppendPlacementFree's form ("hoa1"); 0 when that is not
// letters and a tone digit.
uint64_t SyllableKeyOfPlacementFree(std::string_view key);

// Index in `word` of the vowel that carries the tone by the standard rules,
// new style (hoà) or old (hòa); npos when the word has no vowel.
size_t TonePosition(std::u32string_view word, bool new_style);

// Strict UTF-8 decoding; false (and `out` unspecified) on malformed input.
bool DecodeUtf8(std::string_view text, std::u32string& out);
inline void AppendUtf8(std::string& out, char32_t c);
std::string EncodeUtf8(std::u32string_view text);
// The same into `out`, replacing what it held: a caller converting field after
// field keeps one buffer.
void EncodeUtf8(std::u32string_view text, std::string& out);

// A hash of a short byte string (a memo key, a family name's key) for the
// tables of this plugin: std::hash took a call into libstdc++ and its loop
// for every look-up.
inline uint64_t HashBytes(std::string_view key) {
  // Eight bytes at a time, the last eight (or the first and last four, or
  // three bytes) overlapping what came before: a byte loop for the rest cost
  // as much as the rest of a look-up. The length keeps keys that read alike
  // apart. Never 0, so 0 can mark an empty slot.
  const char* const p = key.data();
  const size_t n = key.size();
  uint64_t h = (n + 1) * 0x9E3779B97F4A7C15ULL;
  auto mix = [&h](uint64_t w) {
    h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
    h ^= h >> 32;
  };
  if (n >= 8) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      mix(w);
    }
    if (i < n) {
      uint64_t w;
      std::memcpy(&w, p + n - 8, 8);
      mix(w);
    }
  } else if (n >= 4) {
    uint32_t first;
    uint32_t last;
    std::memcpy(&first, p, 4);
    std::memcpy(&last, p + n - 4, 4);
    mix(first | (static_cast<uint64_t>(last) << 32));
  } else if (n > 0) {
    const auto* const b = reinterpret_cast<const unsigned char*>(p);
    mix(b[0] | (static_cast<uint64_t>(b[n / 2]) << 8) | (static_cast<uint64_t>(b[n - 1]) << 16));
  }
  return h | 1;
}

// The letter tables, defined in vietnamese_text.cpp. The functions above are
// inline: every detector, tone-style and match-key loop calls them once per
// character, and a call each was a fifth of a field's time.
namespace letter_tables {

inline constexpr char32_t kEnd = 0x1F00;
// Bits 0-4 row + 1 (13 = đ), bits 5-7 tone, bit 8 upper; 0 = not a
// Vietnamese non-ASCII letter.
extern const std::array<uint16_t, kEnd> kEntry;
// Row + 1 -> base letter (index 0 unused, 13 = đ).
extern const std::array<char32_t, 14> kBaseOfRow;
// Base letter -> vowel row (0..11) for bases below kRowsEnd; -1 otherwise.
inline constexpr char32_t kRowsEnd = 0x1B1;  // ư is the last vowel base
extern const std::array<int8_t, kRowsEnd> kRowOfBase;
// [row][tone][upper] -> the precomposed letter.
extern const std::array<std::array<std::array<char32_t, 2>, 6>, 12> kComposed;

inline int RowOf(char32_t base) { return base < kRowsEnd ? kRowOfBase[base] : -1; }

}  // namespace letter_tables

inline Letter ClassifyLetter(char32_t c) {
  if (c < 0x80) {
    if (c >= U'a' && c <= U'z') return {c, Tone::kLevel, false};
    if (c >= U'A' && c <= U'Z') return {c - U'A' + U'a', Tone::kLevel, true};
    return {};
  }
  if (c >= letter_tables::kEnd) return {};
  const uint16_t packed = letter_tables::kEntry[c];
  if (packed == 0) return {};
  return {letter_tables::kBaseOfRow[packed & 0x1F], static_cast<Tone>((packed >> 5) & 7),
          (packed & 0x100) != 0};
}

inline char32_t ComposeLetter(char32_t base, Tone tone, bool upper) {
  if (base == U'đ') return upper ? U'Đ' : U'đ';
  const int row = letter_tables::RowOf(base);
  if (row < 0) return upper && base >= U'a' && base <= U'z' ? base - U'a' + U'A' : base;
  return letter_tables::kComposed[row][static_cast<size_t>(tone)][upper ? 1 : 0];
}

inline bool IsVowelBase(char32_t base) { return letter_tables::RowOf(base) >= 0; }

inline void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
    return;
  }
  char buffer[4];
  size_t n;
  if (c < 0x800) {
    buffer[0] = static_cast<char>(0xC0 | (c >> 6));
    buffer[1] = static_cast<char>(0x80 | (c & 0x3F));
    n = 2;
  } else if (c < 0x10000) {
    buffer[0] = static_cast<char>(0xE0 | (c >> 12));
    buffer[1] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    buffer[2] = static_cast<char>(0x80 | (c & 0x3F));
    n = 3;
  } else {
    buffer[0] = static_cast<char>(0xF0 | (c >> 18));
    buffer[1] = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    buffer[2] = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    buffer[3] = static_cast<char>(0x80 | (c & 0x3F));
    n = 4;
  }
  out.append(buffer, n);
}

}  // namespace hoso::normalize_vi
