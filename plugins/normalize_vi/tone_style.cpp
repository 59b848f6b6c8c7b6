#include "tone_style.h"

#include <cstddef>

#include "vietnamese_text.h"

namespace hoso::normalize_vi {

std::u32string ApplyToneStyle(std::u32string_view text, ToneStyle style) {
  std::u32string out(text);
  ApplyToneStyleInPlace(out, style);
  return out;
}

void ApplyToneStyleInPlace(std::u32string& out, ToneStyle style) {
  size_t i = 0;
  while (i < out.size()) {
    Letter letter = ClassifyLetter(out[i]);
    if (letter.base == 0) {
      ++i;
      continue;
    }
    // Well-formed syllables carry the tone where one style puts it, and the
    // two styles differ only on oa, oe, uy: no tone or no such pair, nothing
    // to move. The letters are classified once for that and for the word's end.
    const size_t start = i;
    bool tone_mark = false;
    bool pair = false;
    char32_t previous = 0;
    while (true) {
      tone_mark = tone_mark || letter.tone != Tone::kLevel;
      pair = pair || (previous == U'o' && (letter.base == U'a' || letter.base == U'e')) ||
             (previous == U'u' && letter.base == U'y');
      previous = letter.base;
      if (++i == out.size()) break;
      letter = ClassifyLetter(out[i]);
      if (letter.base == 0) break;
    }
    const std::u32string_view word(out.data() + start, i - start);
    if (!(tone_mark && pair)) continue;
    const SyllableFacts syllable = CachedSyllable(word);
    if (syllable.key == 0) continue;
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
      const size_t want = style == ToneStyle::kNew ? syllable.tone_new : syllable.tone_old;
      if (want != std::u32string_view::npos && want != at) {
        const Letter from = ClassifyLetter(out[start + at]);
        const Letter to = ClassifyLetter(out[start + want]);
        out[start + at] = ComposeLetter(from.base, Tone::kLevel, from.upper);
        out[start + want] = ComposeLetter(to.base, tone, to.upper);
      }
    }
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
