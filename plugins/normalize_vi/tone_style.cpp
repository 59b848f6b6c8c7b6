#include "tone_style.h"

#include <cstddef>

#include "vietnamese_text.h"

namespace hoso::normalize_vi {
namespace {

bool IsWordChar(char32_t c) { return ClassifyLetter(c).base != 0; }

// Well-formed syllables carry the tone where one style puts it, and the two
// styles differ only on oa, oe, uy: no tone or no such pair, nothing to move.
bool MayChangeStyle(std::u32string_view word) {
  bool tone = false;
  bool pair = false;
  char32_t previous = 0;
  for (char32_t c : word) {
    const Letter l = ClassifyLetter(c);
    tone = tone || l.tone != Tone::kLevel;
    pair = pair || (previous == U'o' && (l.base == U'a' || l.base == U'e')) ||
           (previous == U'u' && l.base == U'y');
    previous = l.base;
  }
  return tone && pair;
}

}  // namespace

std::u32string ApplyToneStyle(std::u32string_view text, ToneStyle style) {
  std::u32string out(text);
  ApplyToneStyleInPlace(out, style);
  return out;
}

void ApplyToneStyleInPlace(std::u32string& out, ToneStyle style) {
  size_t i = 0;
  while (i < out.size()) {
    if (!IsWordChar(out[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < out.size() && IsWordChar(out[end])) ++end;
    const std::u32string_view word(out.data() + i, end - i);
    if (MayChangeStyle(word) && IsVietnameseSyllable(word)) {
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
        const size_t want = TonePosition(word, style == ToneStyle::kNew);
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
