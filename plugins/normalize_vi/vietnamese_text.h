// Vietnamese letters and syllables: the small amount of linguistics the
// encoding detector, the tone-style rules and the match keys share.
#pragma once

#include <cstddef>
#include <cstdint>
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

Letter ClassifyLetter(char32_t c);
// The precomposed (NFC) letter; `base` must be a letter ClassifyLetter gives.
char32_t ComposeLetter(char32_t base, Tone tone, bool upper);

bool IsVowelBase(char32_t base);
// ă â ê ô ơ ư: the vowels that carry a shape mark.
bool HasShapeMark(char32_t base);
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
// The same key from AppendPlacementFree's form ("hoa1"); 0 when that is not
// letters and a tone digit.
uint64_t SyllableKeyOfPlacementFree(std::string_view key);

// Index in `word` of the vowel that carries the tone by the standard rules,
// new style (hoà) or old (hòa); npos when the word has no vowel.
size_t TonePosition(std::u32string_view word, bool new_style);

// Strict UTF-8 decoding; false (and `out` unspecified) on malformed input.
bool DecodeUtf8(std::string_view text, std::u32string& out);
void AppendUtf8(std::string& out, char32_t c);
std::string EncodeUtf8(std::u32string_view text);

}  // namespace hoso::normalize_vi
