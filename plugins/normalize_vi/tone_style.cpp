#include "tone_style.h"

#include <cstddef>

#include "vietnamese_text.h"

namespace hoso::normalize_vi {
namespace {

bool IsWordChar(char32_t c) { return ClassifyLetter(c).base != 0; }

// Index in `word` of the letter that carries the tone, or npos.
size_t TonePosition(std::u32string_view word, ToneStyle style) {
  const size_t n = word.size();
  char32_t base[16];
  if (n == 0 || n > 16) return std::u32string_view::npos;
  for (size_t i = 0; i < n; ++i) base[i] = ClassifyLetter(word[i]).base;
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
  const bool new_style_pair =
      (a == U'o' && (b == U'a' || b == U'e')) || (a == U'u' && b == U'y');
  if (new_style_pair && style == ToneStyle::kNew) return first + 1;
  return first;
}

}  // namespace

std::u32string ApplyToneStyle(std::u32string_view text, ToneStyle style) {
  std::u32string out(text);
  size_t i = 0;
  while (i < out.size()) {
    if (!IsWordChar(out[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < out.size() && IsWordChar(out[end])) ++end;
    const std::u32string_view word(out.data() + i, end - i);
    if (IsVietnameseSyllable(word)) {
      Tone tone = Tone::kLevel;
      size_t at = 0;
      for (size_t k = 0; k < word.size(); ++k) {
        const Letter l = ClassifyLetter(word[k]);
        if (l.tone != Tone::kLevel) {
          tone = l.tone;
          at = k;
        }
      }
      if (tone != Tone::kLevel) {
        const size_t want = TonePosition(word, style);
        if (want != std::u32string_view::npos && want != at) {
          const Letter from = ClassifyLetter(out[i + at]);
          const Letter to = ClassifyLetter(out[i + want]);
          out[i + at] = ComposeLetter(from.base, Tone::kLevel, from.upper);
          out[i + want] = ComposeLetter(to.base, tone, to.upper);
        }
      }
    }
    i = end;
  }
  return out;
}

void AppendPlacementFree(std::u32string_view word, std::string& out) {
  Tone tone = Tone::kLevel;
  for (char32_t c : word) {
    const Letter l = ClassifyLetter(c);
    if (l.base == 0) {
      // Not a letter (digit, symbol): kept, lowercased when ASCII.
      AppendUtf8(out, c >= U'A' && c <= U'Z' ? c - U'A' + U'a' : c);
      continue;
    }
    if (l.tone != Tone::kLevel) tone = l.tone;
    AppendUtf8(out, l.base);
  }
  if (tone != Tone::kLevel) out.push_back(static_cast<char>('0' + static_cast<int>(tone)));
}

}  // namespace hoso::normalize_vi
